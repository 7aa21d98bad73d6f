import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pullRequest, push } from '../helpers/github/index.js';
import { deleteManifest, pushImage, startRegistry, type LocalRegistry } from '../helpers/registry/index.js';
import { startApp, type AppUnderTest } from '../helpers/app-under-test.js';

/**
 * The `pinbot / policy` check run end to end: the real app, the fake GitHub and a real registry.
 * A pull request fails only on violations in files it changes, with annotations at their lines
 * (more than 50 sent in further updates), passes once fixed, and lists the rest as pre-existing.
 */
let registry: LocalRegistry;
let app: AppUnderTest;
let api: string;
let gone: string;
const CHECK = 'pinbot / policy';
const POLICY = [
  'policy:',
  '  requireDigest: ["deploy/prod/**", "**/Dockerfile"]',
  '  forbidTags: [latest]',
  '  promotions:',
  '    - { from: "deploy/staging/**", to: "deploy/prod/**" }',
  '',
].join('\n');

const pod = (images: string[]) =>
  [
    'apiVersion: v1',
    'kind: Pod',
    'metadata: { name: app }',
    'spec:',
    '  containers:',
    ...images.map((image, i) => `    - { name: c${i}, image: "${image}" }`),
    '',
  ].join('\n');

beforeAll(async () => {
  registry = await startRegistry({ auth: 'none' });
  api = (await pushImage(registry, 't/api', '1', { seed: 'api' })).digest;
  gone = (await pushImage(registry, 't/old', '1', { seed: 'old' })).digest;
  await deleteManifest(registry, 't/old', gone);
  app = await startApp();
  app.fake.addInstallation({ id: 1, account: 'acme', repos: 'all' });
  app.fake.createRepo({
    owner: 'acme',
    repo: 'pol',
    files: {
      '.github/pinbot.yml': POLICY,
      'deploy/staging/app.yaml': pod([`${registry.host}/t/api:1@${api}`]),
      'deploy/prod/app.yaml': pod([`${registry.host}/t/api:1@${api}`]),
      'legacy/Dockerfile': `FROM ${registry.host}/t/api:1\n`,
    },
  });
});

afterAll(async () => {
  await app?.stop();
  await registry?.stop();
});

async function deliver(delivery: ReturnType<typeof push>): Promise<void> {
  await app.probot.receive(delivery as never);
  await app.pinbot.queue.idle();
}

const runs = (headSha: string) => app.fake.checkRuns('acme', 'pol', { headSha, name: CHECK });

describe('the pinbot / policy check run', () => {
  it('a push to the default branch checks its head: every violation counts there', async () => {
    const pushed = app.fake.pushCommit({ owner: 'acme', repo: 'pol', branch: 'main', files: { 'README.md': '# pol\n' } });
    await deliver(push(app.fake, { owner: 'acme', repo: 'pol', branch: 'main', before: pushed.before }));
    const [run, ...others] = runs(pushed.sha);
    expect(others).toEqual([]);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: '1 policy violation' } });
    expect(run!.annotations).toEqual([
      expect.objectContaining({
        path: 'legacy/Dockerfile',
        startLine: 1,
        endLine: 1,
        level: 'failure',
        title: `require-digest: ${registry.host}/t/api:1`,
      }),
    ]);
  });

  it('a pull request fails on its own violations, annotated at their lines, over several requests past 50', async () => {
    const many = Array.from({ length: 60 }, () => `${registry.host}/t/api:latest`);
    const head = app.fake.pushCommit({
      owner: 'acme',
      repo: 'pol',
      branch: 'feature',
      from: 'main',
      files: { 'deploy/prod/many.yaml': pod(many), 'deploy/prod/app.yaml': pod([`${registry.host}/t/old:1@${gone}`]) },
    });
    const number = app.fake.createPull({ owner: 'acme', repo: 'pol', head: 'feature', title: 'Add workers' });
    app.fake.resetRequestLog();
    await deliver(pullRequest(app.fake, { owner: 'acme', repo: 'pol', number, action: 'opened' }));

    const [run] = runs(head.sha);
    expect(run).toMatchObject({ conclusion: 'failure' });
    // app.yaml: a promotion nobody made and a digest the registry no longer has; many.yaml: 60 × (no digest, latest).
    expect(run!.output.title).toBe('122 policy violations in files this pull request changes');
    expect(run!.annotations).toHaveLength(123);
    expect(run!.annotations.filter((note) => note.level === 'notice').map((note) => note.path)).toEqual(['legacy/Dockerfile']);
    const missing = run!.annotations.find((note) => note.title?.startsWith('digest-missing'));
    expect(missing).toMatchObject({ path: 'deploy/prod/app.yaml', startLine: 6, level: 'failure' });
    expect(missing!.message).toContain(`on ${registry.host}`);
    expect(run!.output.summary).toContain('### Pre-existing violations');
    // One create and two updates: 50 + 50 + 23 annotations.
    const checkWrites = app.fake.requestLog.filter((request) => request.route.includes('check-runs') && request.method !== 'GET');
    expect(checkWrites.map((request) => request.method)).toEqual(['POST', 'PATCH', 'PATCH']);
  });

  it('succeeds after a fix, still listing the pre-existing violation without failing on it', async () => {
    const fixed = app.fake.pushCommit({
      owner: 'acme',
      repo: 'pol',
      branch: 'feature',
      files: { 'deploy/prod/app.yaml': pod([`${registry.host}/t/api:2@${api}`]) },
      deletions: ['deploy/prod/many.yaml'],
    });
    const [pull] = app.fake.listPulls('acme', 'pol', { state: 'open' });
    await deliver(pullRequest(app.fake, { owner: 'acme', repo: 'pol', number: pull!.number, action: 'synchronize', before: fixed.before }));
    const [run] = runs(fixed.sha);
    expect(run).toMatchObject({ conclusion: 'success', output: { title: 'Policy satisfied here (1 pre-existing violation elsewhere)' } });
    expect(run!.annotations.map((note) => [note.path, note.level])).toEqual([['legacy/Dockerfile', 'notice']]);
    expect(run!.output.summary).toContain('legacy/Dockerfile:1');
  });

  it('posts nothing for a repository whose config has no policy', async () => {
    app.fake.createRepo({ owner: 'acme', repo: 'plain', files: { Dockerfile: `FROM ${registry.host}/t/api:1\n` } });
    const head = app.fake.pushCommit({ owner: 'acme', repo: 'plain', branch: 'f', from: 'main', files: { 'x.yaml': pod(['nginx']) } });
    const number = app.fake.createPull({ owner: 'acme', repo: 'plain', head: 'f', title: 'x' });
    await deliver(pullRequest(app.fake, { owner: 'acme', repo: 'plain', number, action: 'opened' }));
    expect(app.fake.checkRuns('acme', 'plain', { headSha: head.sha })).toEqual([]);
  });
});
