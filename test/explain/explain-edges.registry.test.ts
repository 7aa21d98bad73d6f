import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_CONFIG, PinbotConfigSchema, type PinbotConfig } from '../../src/config/schema.js';
import { createMemorySightings, type SightingStore } from '../../src/explain/sightings.js';
import type { UpdatePlan } from '../../src/plan/plan.js';
import { createRegistryClient } from '../../src/registry/client/client.js';
import { resolveAndPlan, type ResolveDeps } from '../../src/resolve/resolve-and-plan.js';
import { sharedScanPool } from '../../src/scan/pool/shared-pool.js';
import { scanSources } from '../../src/scan/scan-sources.js';
import { pushImage, startRegistry, type LocalRegistry } from '../helpers/registry/index.js';
import { NEW_PACKAGES, NEW_REVISION, OLD_PACKAGES, OLD_REVISION, pushRelease } from './scenario.js';

/**
 * What explanations do with what registries really serve: no attestations, malformed and
 * oversized SBOMs, facts only in image labels, platform pins, a re-pointed version tag, and
 * minimumReleaseAge judged by an injected clock. Missing data is never an error.
 */
let registry: LocalRegistry;
const requests: string[] = [];
const countingFetch: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  requests.push(`${init?.method ?? 'GET'} ${url.pathname}`);
  return fetch(input, init);
};

beforeAll(async () => {
  registry = await startRegistry({ auth: 'none' });
});

afterAll(async () => {
  await registry?.stop();
});

async function planFor(text: string, config: PinbotConfig = DEFAULT_CONFIG, extra: Partial<ResolveDeps> = {}): Promise<UpdatePlan> {
  const scan = await scanSources([{ path: 'Dockerfile', read: async () => Buffer.from(text) }], sharedScanPool().scan);
  return resolveAndPlan(scan, config, {
    clientFor: () => createRegistryClient({ env: {}, fetch: countingFetch }),
    explain: true,
    ...extra,
  });
}

const manifestGets = () => requests.filter((request) => request.startsWith('GET') && request.includes('/manifests/')).length;

describe('missing or broken data shows less, never fails', () => {
  it('reads created, source and base from image labels when the index carries no annotations', async () => {
    const old = await pushRelease(registry, 'edge/labelled', 'stable', {
      seed: 'l1',
      created: '2024-01-01T00:00:00Z',
      revision: OLD_REVISION,
    });
    await pushRelease(registry, 'edge/labelled', 'stable', {
      seed: 'l2',
      created: '2024-02-01T00:00:00Z',
      revision: NEW_REVISION,
    });
    requests.length = 0;
    const plan = await planFor(`FROM ${registry.host}/edge/labelled:stable@${old.index}\n`);
    expect(plan.errors).toEqual([]);
    expect(plan.updates[0]?.explanation?.details).toMatchObject({
      created: { old: '2024-01-01T00:00:00.000Z', new: '2024-02-01T00:00:00.000Z' },
      source: { compareUrl: `https://github.com/acme/app/compare/${OLD_REVISION}...${NEW_REVISION}` },
    });
    expect(plan.updates[0]?.explanation?.details.packages).toBeUndefined();
    // Resolving: both indexes. Explaining: both amd64 image manifests, then their configs (blobs).
    expect(manifestGets()).toBe(4);
  });

  it('shows no packages when only one side has an SBOM', async () => {
    const old = await pushRelease(registry, 'edge/half', 'stable', { seed: 'h1' });
    const moved = await pushRelease(registry, 'edge/half', 'stable', { seed: 'h2', packages: NEW_PACKAGES });
    const plan = await planFor(`FROM ${registry.host}/edge/half:stable@${old.index}\n`);
    expect(plan.updates[0]?.newDigest).toBe(moved.index);
    expect(plan.updates[0]?.explanation?.details.packages).toBeUndefined();
    expect(plan.updates[0]?.explanation?.details.platforms).toHaveLength(2);
  });

  it('skips a malformed SBOM and keeps everything else', async () => {
    const old = await pushRelease(registry, 'edge/malformed', 'stable', {
      seed: 'm1',
      packages: OLD_PACKAGES,
      revision: OLD_REVISION,
      annotateEntries: true,
    });
    await pushRelease(registry, 'edge/malformed', 'stable', {
      seed: 'm2',
      annotateEntries: true,
      packages: [],
      statement: Buffer.from('{"predicateType":"https://spdx.dev/Document","predicate":{"packages":'),
      revision: NEW_REVISION,
    });
    const plan = await planFor(`FROM ${registry.host}/edge/malformed:stable@${old.index}\n`);
    expect(plan.errors).toEqual([]);
    expect(plan.updates[0]?.explanation?.details.packages).toBeUndefined();
    expect(plan.updates[0]?.explanation?.details.source?.newRevision).toBe(NEW_REVISION);
  });

  it('never downloads an SBOM larger than 16 MiB', async () => {
    const old = await pushRelease(registry, 'edge/oversized', 'stable', { seed: 'o1', packages: OLD_PACKAGES });
    const padding = 'x'.repeat(16 * 1024 * 1024 + 1);
    const huge = Buffer.from(JSON.stringify({ predicateType: 'https://spdx.dev/Document', predicate: { packages: [], padding } }));
    await pushRelease(registry, 'edge/oversized', 'stable', { seed: 'o2', packages: [], statement: huge });
    requests.length = 0;
    const plan = await planFor(`FROM ${registry.host}/edge/oversized:stable@${old.index}\n`);
    expect(plan.updates[0]?.explanation?.details.packages).toBeUndefined();
    const { createHash } = await import('node:crypto');
    const hugeDigest = `sha256:${createHash('sha256').update(huge).digest('hex')}`;
    expect(requests.filter((request) => request.includes(hugeDigest))).toEqual([]);
  });

  it('explains a platform pin from its own manifest and the new one', async () => {
    const old = await pushRelease(registry, 'edge/platform', 'stable', { seed: 'p1', created: '2024-03-01T00:00:00Z' });
    const moved = await pushRelease(registry, 'edge/platform', 'stable', { seed: 'p2', created: '2024-03-02T00:00:00Z' });
    requests.length = 0;
    const plan = await planFor(`FROM ${registry.host}/edge/platform:stable@${old.amd64}\n`, DEFAULT_CONFIG, { explain: false });
    const plain = manifestGets();
    requests.length = 0;
    const explained = await planFor(`FROM ${registry.host}/edge/platform:stable@${old.amd64}\n`);
    expect(plan.updates[0]?.newDigest).toBe(moved.amd64);
    expect(explained.updates[0]?.explanation).toMatchObject({
      platform: 'linux/amd64',
      details: {
        platforms: [{ platform: 'linux/amd64', oldDigest: old.amd64, newDigest: moved.amd64 }],
        created: { old: '2024-03-01T00:00:00.000Z', new: '2024-03-02T00:00:00.000Z' },
      },
    });
    // Only the new image manifest is new; the pinned one was fetched to resolve it.
    expect(manifestGets() - plain).toBe(1);
  });

  it('explains a single-manifest tag without any request beyond resolving it', async () => {
    const old = await pushImage(registry, 'edge/single', '1', { seed: 's1' });
    await pushImage(registry, 'edge/single', '1', { seed: 's2' });
    requests.length = 0;
    await planFor(`FROM ${registry.host}/edge/single:1@${old.digest}\n`, DEFAULT_CONFIG, { explain: false });
    const plain = requests.length;
    requests.length = 0;
    const plan = await planFor(`FROM ${registry.host}/edge/single:1@${old.digest}\n`);
    expect(plan.updates[0]?.explanation?.details.platforms).toEqual([
      { platform: 'linux/amd64', oldDigest: old.digest, newDigest: plan.updates[0]?.newDigest },
    ]);
    expect(requests.length).toBe(plain);
  });
});

describe('an immutable-looking tag that moved', () => {
  it('warns when 1.2.3 is re-pointed, and not for a moving tag such as 1.2', async () => {
    const old = await pushRelease(registry, 'edge/versioned', '1.2.3', { seed: 'r1' });
    await pushRelease(registry, 'edge/versioned', '1.2.3', { seed: 'r2' });
    const minor = await pushRelease(registry, 'edge/versioned', '1.2', { seed: 'r1' });
    await pushRelease(registry, 'edge/versioned', '1.2', { seed: 'r2' });
    const plan = await planFor(
      `FROM ${registry.host}/edge/versioned:1.2.3@${old.index}\nFROM ${registry.host}/edge/versioned:1.2@${minor.index}\n`,
    );
    const warnings = plan.updates.map((update) => [update.reference.image.tag, update.explanation?.details.warnings]);
    expect(warnings).toEqual([
      ['1.2.3', ['immutable-looking tag re-pointed: "1.2.3" reads like a fixed release, but it now points to a different image']],
      ['1.2', undefined],
    ]);
  });

  it('follows immutableTags from the config: an empty list turns the warning off', async () => {
    const old = await pushRelease(registry, 'edge/quiet', '2.0.0', { seed: 'q1' });
    await pushRelease(registry, 'edge/quiet', '2.0.0', { seed: 'q2' });
    const text = `FROM ${registry.host}/edge/quiet:2.0.0@${old.index}\n`;
    const off = await planFor(text, PinbotConfigSchema.parse({ immutableTags: [] }));
    expect(off.updates[0]?.explanation?.details.warnings).toBeUndefined();
    const custom = await planFor(text, PinbotConfigSchema.parse({ immutableTags: ['^2\\.'] }), { explain: false });
    expect(custom.updates[0]?.explanation?.details.warnings).toHaveLength(1);
  });
});

describe('minimumReleaseAge', () => {
  const threeDays = PinbotConfigSchema.parse({ minimumReleaseAge: '3 days' });
  const day = 86_400_000;

  it("holds a digest until the image's created time is old enough, then proposes it", async () => {
    const old = await pushRelease(registry, 'edge/settle', 'stable', {
      seed: 'c1',
      created: '2024-06-01T00:00:00Z',
      annotateEntries: true,
    });
    const moved = await pushRelease(registry, 'edge/settle', 'stable', {
      seed: 'c2',
      created: '2024-06-10T00:00:00Z',
      annotateEntries: true,
    });
    const text = `FROM ${registry.host}/edge/settle:stable@${old.index}\n`;
    const created = Date.parse('2024-06-10T00:00:00Z');

    const early = await planFor(text, threeDays, { explain: false, now: () => new Date(created + day) });
    expect(early.updates).toEqual([]);
    expect(early.errors).toEqual([]);
    expect(early.waiting).toEqual([
      expect.objectContaining({
        newDigest: moved.index,
        settle: { readyAt: new Date(created + 3 * day), since: 'created', superseded: [] },
      }),
    ]);

    const later = await planFor(text, threeDays, { explain: false, now: () => new Date(created + 3 * day) });
    expect(later.waiting).toEqual([]);
    expect(later.updates[0]?.newDigest).toBe(moved.index);
    expect(later.updates[0]?.settle?.since).toBe('created');
  });

  it('counts from first sight when the image has no created time, and restarts when the digest is superseded while waiting', async () => {
    const sightings: SightingStore = createMemorySightings();
    const start = Date.parse('2025-01-01T00:00:00Z');
    const old = await pushRelease(registry, 'edge/rebuilt', 'stable', { seed: 'w1' });
    const second = await pushRelease(registry, 'edge/rebuilt', 'stable', { seed: 'w2' });
    const text = `FROM ${registry.host}/edge/rebuilt:stable@${old.index}\n`;
    const at = (ms: number) => planFor(text, threeDays, { explain: false, sightings, now: () => new Date(ms) });

    const first = await at(start);
    expect(first.waiting.map((held) => [held.newDigest, held.settle])).toEqual([
      [second.index, { readyAt: new Date(start + 3 * day), since: 'first-seen', superseded: [] }],
    ]);
    expect((await at(start + day)).waiting[0]?.settle.readyAt).toEqual(new Date(start + 3 * day));

    // Rebuilt again before the first rebuild settled: the wait restarts from the newest.
    const third = await pushRelease(registry, 'edge/rebuilt', 'stable', { seed: 'w3' });
    const superseded = await at(start + 2 * day);
    expect(superseded.waiting.map((held) => [held.newDigest, held.settle])).toEqual([
      [third.index, { readyAt: new Date(start + 5 * day), since: 'first-seen', superseded: [second.index] }],
    ]);

    const ready = await at(start + 5 * day);
    expect(ready.waiting).toEqual([]);
    expect(ready.updates[0]?.newDigest).toBe(third.index);
    expect(ready.updates[0]?.settle?.superseded).toEqual([second.index]);
  });

  it('does not trust a created time from 1970 (reproducible builds) and waits from first sight instead', async () => {
    const old = await pushRelease(registry, 'edge/epoch', 'stable', { seed: 'e1', created: '1970-01-01T00:00:00Z', annotateEntries: true });
    await pushRelease(registry, 'edge/epoch', 'stable', { seed: 'e2', created: '1970-01-01T00:00:00Z', annotateEntries: true });
    const now = Date.parse('2025-03-01T00:00:00Z');
    const plan = await planFor(`FROM ${registry.host}/edge/epoch:stable@${old.index}\n`, threeDays, { now: () => new Date(now) });
    expect(plan.waiting[0]?.settle).toEqual({ readyAt: new Date(now + 3 * day), since: 'first-seen', superseded: [] });
  });
});
