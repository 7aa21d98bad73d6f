import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_CONFIG, type PinbotConfig } from '../../src/config/schema.js';
import { toProposed } from '../../src/lifecycle/proposals.js';
import type { UpdatePlan } from '../../src/plan/plan.js';
import { renderPullRequest } from '../../src/pr/content.js';
import { createRegistryClient } from '../../src/registry/client/client.js';
import { resolveAndPlan, type ResolveDeps } from '../../src/resolve/resolve-and-plan.js';
import { sharedScanPool } from '../../src/scan/pool/shared-pool.js';
import { scanSources } from '../../src/scan/scan-sources.js';
import { startRegistry, type LocalRegistry } from '../helpers/registry/index.js';
import {
  expectedMoveFacts,
  NEW_BASE,
  NEW_PACKAGES,
  NEW_REVISION,
  OLD_BASE,
  OLD_PACKAGES,
  OLD_REVISION,
  pushRelease,
  type Release,
} from './scenario.js';

/**
 * Explanations against a real registry (Debian's docker-registry): two releases of an image
 * with BuildKit-shaped SBOM attestations, OCI labels and config `created`, and what pinbot
 * says about the move between them.
 */
let registry: LocalRegistry;
let v1: Release;
let v2: Release;
const requests: string[] = [];

const countingFetch: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  requests.push(`${init?.method ?? 'GET'} ${url.pathname}`);
  return fetch(input, init);
};

beforeAll(async () => {
  registry = await startRegistry({ auth: 'none' });
  // Facts on the index entries, as Docker Official Images publish them: free to read.
  const common = { base: OLD_BASE, arm64Seed: 'arm-stable', annotateEntries: true };
  v1 = await pushRelease(registry, 'acme/app', '22', {
    ...common,
    seed: 'v1',
    created: '2024-05-01T10:00:00Z',
    revision: OLD_REVISION,
    packages: OLD_PACKAGES,
  });
  v2 = await pushRelease(registry, 'acme/app', '22', {
    ...common,
    seed: 'v2',
    created: '2024-05-03T09:30:00.123456789Z',
    revision: NEW_REVISION,
    base: NEW_BASE,
    packages: NEW_PACKAGES,
  });
});

afterAll(async () => {
  await registry?.stop();
});

function deps(extra: Partial<ResolveDeps> = {}): ResolveDeps {
  return {
    clientFor: (config) => createRegistryClient({ env: {}, fetch: countingFetch, mirrors: config.registryMirrors }),
    explain: true,
    ...extra,
  };
}

async function planFor(text: string, config: PinbotConfig = DEFAULT_CONFIG, extra: Partial<ResolveDeps> = {}): Promise<UpdatePlan> {
  const scan = await scanSources([{ path: 'Dockerfile', read: async () => Buffer.from(text) }], sharedScanPool().scan);
  return resolveAndPlan(scan, config, deps(extra));
}

/** Digests and the registry's port vary between runs: stable names for snapshots. */
function stable(text: string): string {
  const names = new Map([
    [v1.index, '<v1 index>'],
    [v2.index, '<v2 index>'],
    [v1.amd64, '<v1 amd64>'],
    [v2.amd64, '<v2 amd64>'],
    [v1.arm64, '<arm64>'],
  ]);
  let out = text.split(registry.host).join('registry.test');
  for (const [digest, name] of names) out = out.split(digest).join(name).split(digest.slice(0, 19)).join(name);
  return out;
}

describe('explaining an index pin that moved', () => {
  it('reports platforms, created, source, base image and package changes for linux/amd64', async () => {
    const plan = await planFor(`FROM ${registry.host}/acme/app:22@${v1.index}\n`);
    const [update] = plan.updates;
    expect(update?.newDigest).toBe(v2.index);
    expect(update?.explanation).toEqual({
      platform: 'linux/amd64',
      baseName: 'docker.io/library/debian:12-slim',
      details: {
        platforms: [
          { platform: 'linux/amd64', oldDigest: v1.amd64, newDigest: v2.amd64 },
          { platform: 'linux/arm64/v8', oldDigest: v1.arm64, newDigest: v1.arm64 },
        ],
        created: { old: '2024-05-01T10:00:00.000Z', new: '2024-05-03T09:30:00.123Z' },
        ...expectedMoveFacts(),
      },
    });
  });

  it('costs at most two manifest GETs beyond resolving, plus blob GETs', async () => {
    const text = `FROM ${registry.host}/acme/app:22@${v1.index}\n`;
    requests.length = 0;
    await planFor(text, DEFAULT_CONFIG, { explain: false });
    const plain = [...requests];
    requests.length = 0;
    await planFor(text);
    const manifestGets = (list: string[]) => list.filter((request) => request.startsWith('GET') && request.includes('/manifests/')).length;
    expect(manifestGets(requests) - manifestGets(plain)).toBeLessThanOrEqual(2);
    // The two attestation manifests; the images' facts came with the indexes the resolver fetched.
    expect(manifestGets(requests) - manifestGets(plain)).toBe(2);
  });

  it('renders the pull request body with a What changed section', async () => {
    const plan = await planFor(`FROM ${registry.host}/acme/app:22@${v1.index}\n`);
    const updates = plan.updates.map(toProposed);
    const notes = new Map(plan.updates.map((update) => [update.newDigest, { explanation: update.explanation! }]));
    const { body } = renderPullRequest(
      { branch: 'pinbot/digests', key: 'all', updates },
      {
        omittedWorkflowFiles: [],
        marker: {
          version: 1,
          branch: 'pinbot/digests',
          baseSha: 'b',
          headSha: 'h',
          updates,
          omittedWorkflowFiles: [],
          humanCommitNotified: null,
        },
        notes: (update) => notes.get(update.to),
      },
    );
    const section = stable(body.slice(body.indexOf('### What changed'), body.indexOf('\n---\n')));
    expect(section).toMatchInlineSnapshot(`
     "### What changed

     #### \`registry.test/acme/app:22\`

     - **Platforms:** \`linux/amd64\` \`<v1 amd64>\` → \`<v2 amd64>\`; \`linux/arm64/v8\` unchanged
     - **Created:** 2024-05-01 10:00 UTC → 2024-05-03 09:30 UTC
     - **Source:** [acme/app](https://github.com/acme/app) \`111111111111\` → \`222222222222\` ([compare](https://github.com/acme/app/compare/1111111111111111111111111111111111111111...2222222222222222222222222222222222222222))
     - **Base image:** rebuilt (\`docker.io/library/debian:12-slim\`)

     **Packages** (\`linux/amd64\`): 3 upgraded, 1 added, 1 removed

     | Change | Package | From | To |
     | --- | --- | --- | --- |
     | upgraded | \`@acme/left-pad\` | \`1.0.0\` | \`1.1.0\` |
     | upgraded | \`openssl\` | \`3.0.11-1~deb12u2\` | \`3.0.13-1~deb12u1\` |
     | upgraded | \`vendored-tool\` | \`0.9\` | \`1.0\` |
     | added | \`curl\` |  | \`7.88.1-10+deb12u5\` |
     | removed | \`wget\` | \`1.21.3-1+b2\` |  |
     "
    `);
  });
});
