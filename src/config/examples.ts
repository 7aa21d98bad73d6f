import type { PinbotConfigInput } from './schema.js';

/**
 * One realistic value per setting, shown in the generated configuration reference, offered by
 * editors as completions (JSON Schema `examples`), and assembled into the reference's sample
 * file. The mapped type makes a new setting without an example a compile error, and the
 * schema-artifacts test parses every example with the real config parser, so none can go stale.
 */
export type ConfigExamples = { readonly [K in keyof PinbotConfigInput]-?: NonNullable<PinbotConfigInput[K]> };

export const CONFIG_EXAMPLES: ConfigExamples = {
  include: ['**/Dockerfile', 'deploy/**/*.yaml', '.github/workflows/*.yml'],
  exclude: ['vendor', 'test/fixtures/**'],
  updateOnIndexOnlyChange: true,
  registryMirrors: { 'docker.io': 'mirror.gcr.io' },
  group: 'image',
  labels: ['dependencies', 'docker', 'security'],
  reviewers: ['octocat'],
  teamReviewers: ['platform-team'],
  assignees: ['octocat'],
  openPullRequestsLimit: 5,
  commitMessagePrefix: 'build(deps)',
  schedule: ['before 6am on monday', 'every weekend'],
  timezone: 'Europe/Berlin',
  forks: true,
  rebaseWhen: 'conflicted',
  pin: { ignore: ['localhost:5000/**', 'ghcr.io/acme/dev-*'], ignoreTags: ['latest'] },
  policy: {
    requireDigest: ['deploy/prod/**', '**/Dockerfile'],
    forbidTags: ['latest'],
    promotions: [{ from: 'deploy/staging/**', to: 'deploy/prod/**' }],
  },
  immutableTags: ['^v?[0-9]+\\.[0-9]+\\.[0-9]+$', '^release-[0-9]{8}$'],
  minimumReleaseAge: '3 days',
};
