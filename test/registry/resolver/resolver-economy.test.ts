import { beforeEach, describe, expect, it } from '@jest/globals';
import { createResolver } from '../../../src/registry/resolver/resolver.js';
import { FakeRegistry } from './fake-registry.js';
import { AMD64, ARM64, ARMV7, HUB_HOST, NODE, build, imageFor, pin, release, type Release } from './scenario.js';

describe('resolver: request economy', () => {
  let registry: FakeRegistry;
  let old: Release;

  beforeEach(() => {
    registry = new FakeRegistry();
    old = release(registry, build(registry, AMD64, ARM64, ARMV7));
    registry.resetCounts();
  });

  it('coalesces concurrent lookups of one tag into one HEAD', async () => {
    const resolver = createResolver(registry, { updateOnIndexOnlyChange: false });
    const resolutions = await Promise.all(Array.from({ length: 10 }, () => resolver.resolve(pin(old.index.digest))));
    expect(resolutions.every((resolution) => resolution.status === 'current')).toBe(true);
    expect(registry.calls).toEqual({ headManifest: 1, getManifest: 0, getBlob: 0 });
  });

  it('HEADs each distinct tag once per resolver', async () => {
    registry.tag(NODE, 'lts', old.index.digest);
    const resolver = createResolver(registry, { updateOnIndexOnlyChange: false });
    await resolver.resolve(pin(old.index.digest, null, '22'));
    await resolver.resolve(pin(old.index.digest, null, 'lts'));
    await resolver.resolve(pin(old.index.digest, null, '22'));
    expect(registry.requests).toEqual(['HEAD docker.io/library/node:22', 'HEAD docker.io/library/node:lts']);
  });

  it('fetches each digest once, however many pins need it', async () => {
    const next = release(registry, build(registry, AMD64, ARM64, ARMV7));
    registry.tag(NODE, 'lts', next.index.digest);
    registry.resetCounts();
    const resolver = createResolver(registry, { updateOnIndexOnlyChange: false });
    const pins = [
      pin(old.index.digest, null, '22'),
      pin(old.index.digest, null, 'lts'),
      pin(imageFor(old, AMD64).digest, 'linux/amd64', '22'),
      pin(imageFor(old, ARM64).digest, 'linux/arm64/v8', '22'),
      pin(imageFor(old, ARM64).digest, 'linux/arm64/v8', 'lts'),
    ];
    const resolutions = await Promise.all(pins.map((each) => resolver.resolve(each)));
    expect(resolutions.map((resolution) => resolution.status)).toEqual(['stale', 'stale', 'stale', 'stale', 'stale']);
    // Two tags; the new index, the old index and two platform manifests, each once; each pinned manifest's config once.
    expect(registry.calls).toEqual({ headManifest: 2, getManifest: 4, getBlob: 2 });
    expect(new Set(registry.requests).size).toBe(registry.requests.length);
  });

  it('reads each pinned config blob once', async () => {
    release(registry, build(registry, AMD64, ARM64, ARMV7));
    registry.resetCounts();
    const resolver = createResolver(registry, { updateOnIndexOnlyChange: false });
    const arm = pin(imageFor(old, ARM64).digest);
    await Promise.all([resolver.resolve(arm), resolver.resolve(arm), resolver.resolve(arm)]);
    expect(registry.calls.getBlob).toBe(1);
  });

  it('reads each pinned config once for the life of a shared platform cache, not once per run', async () => {
    release(registry, build(registry, AMD64, ARM64, ARMV7));
    registry.resetCounts();
    const platformCache = new Map();
    const pins = [pin(imageFor(old, ARM64).digest, 'linux/arm64'), pin(imageFor(old, AMD64).digest, 'linux/amd64')];
    for (let run = 1; run <= 3; run++) {
      const resolver = createResolver(registry, { updateOnIndexOnlyChange: false, platformCache });
      const resolutions = await Promise.all(pins.map((each) => resolver.resolve(each)));
      expect(resolutions.map((resolution) => resolution.status)).toEqual(['stale', 'stale']);
    }
    expect(registry.calls.getBlob).toBe(2);
    expect(platformCache.size).toBe(2);
  });

  describe('when HEAD sends no Docker-Content-Digest', () => {
    beforeEach(() => {
      registry.sendHeadDigest = false;
    });

    it('falls back to GET by tag and answers current', async () => {
      const resolution = await createResolver(registry, { updateOnIndexOnlyChange: false }).resolve(pin(old.index.digest));
      expect(resolution).toEqual({ status: 'current', digest: old.index.digest, host: HUB_HOST });
      expect(registry.requests).toEqual(['HEAD docker.io/library/node:22', 'GET docker.io/library/node:22']);
    });

    it('reuses the body of that GET instead of fetching its digest again', async () => {
      const next = release(registry, build(registry, AMD64, ARM64, ARMV7));
      registry.resetCounts();
      const resolution = await createResolver(registry, { updateOnIndexOnlyChange: false }).resolve(pin(old.index.digest));
      expect(resolution).toMatchObject({ status: 'stale', newDigest: next.index.digest });
      expect(registry.requests).toEqual([
        'HEAD docker.io/library/node:22',
        'GET docker.io/library/node:22',
        `GET docker.io/library/node@${old.index.digest}`,
      ]);
    });
  });
});
