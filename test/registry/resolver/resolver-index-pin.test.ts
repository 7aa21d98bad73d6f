import { beforeEach, describe, expect, it } from '@jest/globals';
import { createResolver } from '../../../src/registry/resolver/resolver.js';
import { FakeRegistry } from './fake-registry.js';
import { AMD64, ARM64, HUB_HOST, NODE, S390X, build, imageFor, pin, release, type Release } from './scenario.js';

describe('resolver: index pins', () => {
  let registry: FakeRegistry;
  let old: Release;

  beforeEach(() => {
    registry = new FakeRegistry();
    old = release(registry, build(registry, AMD64, ARM64));
    registry.resetCounts();
  });

  it('answers current for the tag’s own index with one HEAD', async () => {
    const resolution = await createResolver(registry, { updateOnIndexOnlyChange: false }).resolve(pin(old.index.digest));
    expect(resolution).toEqual({ status: 'current', digest: old.index.digest, host: HUB_HOST });
    expect(registry.calls).toEqual({ headManifest: 1, getManifest: 0, getBlob: 0 });
  });

  it('proposes the new index when a platform was rebuilt', async () => {
    const next = release(registry, [imageFor(old, AMD64), ...build(registry, ARM64)]);
    registry.resetCounts();
    const resolution = await createResolver(registry, { updateOnIndexOnlyChange: false }).resolve(pin(old.index.digest));
    expect(resolution).toEqual({
      status: 'stale',
      currentDigest: old.index.digest,
      newDigest: next.index.digest,
      pinKind: 'index',
      platform: null,
      host: HUB_HOST,
    });
    expect(registry.calls).toEqual({ headManifest: 1, getManifest: 2, getBlob: 0 });
  });

  it('keeps an index pin an index pin when FROM --platform is written', async () => {
    const next = release(registry, build(registry, AMD64, ARM64));
    const resolution = await createResolver(registry, { updateOnIndexOnlyChange: false }).resolve(pin(old.index.digest, 'linux/amd64'));
    expect(resolution).toMatchObject({ status: 'stale', pinKind: 'index', newDigest: next.index.digest, platform: null });
    expect(registry.calls.getBlob).toBe(0);
  });

  it('reports platforms-unchanged when only attestations changed', async () => {
    const next = release(registry, old.images);
    expect(next.index.digest).not.toBe(old.index.digest);
    const resolution = await createResolver(registry, { updateOnIndexOnlyChange: false }).resolve(pin(old.index.digest));
    expect(resolution).toEqual({
      status: 'platforms-unchanged',
      currentDigest: old.index.digest,
      newDigest: next.index.digest,
      host: HUB_HOST,
    });
  });

  it('proposes an attestation-only change when updateOnIndexOnlyChange is set', async () => {
    const next = release(registry, old.images);
    const resolution = await createResolver(registry, { updateOnIndexOnlyChange: true }).resolve(pin(old.index.digest));
    expect(resolution).toMatchObject({ status: 'stale', pinKind: 'index', newDigest: next.index.digest });
  });

  it('reports platforms-unchanged when a platform was only added', async () => {
    const next = release(registry, [...old.images, ...build(registry, S390X)]);
    const resolution = await createResolver(registry, { updateOnIndexOnlyChange: false }).resolve(pin(old.index.digest));
    expect(resolution).toMatchObject({ status: 'platforms-unchanged', newDigest: next.index.digest });
  });

  it('reports platforms-unchanged when a manifest list was re-published as an OCI index', async () => {
    const list = release(registry, build(registry, AMD64, ARM64), { format: 'docker', attest: false });
    const next = release(registry, list.images, { format: 'oci-without-media-type' });
    const resolution = await createResolver(registry, { updateOnIndexOnlyChange: false }).resolve(pin(list.index.digest));
    expect(resolution).toMatchObject({ status: 'platforms-unchanged', newDigest: next.index.digest });
  });

  it('proposes the new index when a platform was dropped', async () => {
    const next = release(registry, [imageFor(old, AMD64)]);
    const resolution = await createResolver(registry, { updateOnIndexOnlyChange: false }).resolve(pin(old.index.digest));
    expect(resolution).toMatchObject({ status: 'stale', pinKind: 'index', newDigest: next.index.digest });
  });

  it('fails shape-changed when the tag now points to a single manifest', async () => {
    const [single] = build(registry, AMD64);
    registry.tag(NODE, '22', single!.digest);
    const resolution = await createResolver(registry, { updateOnIndexOnlyChange: false }).resolve(pin(old.index.digest));
    expect(resolution).toMatchObject({ status: 'failed', reason: 'shape-changed', host: HUB_HOST });
    expect(resolution.status === 'failed' && resolution.message).toContain('docker.io/library/node:22');
    expect(resolution.status === 'failed' && resolution.message).toContain(single!.digest);
  });

  describe('verdict cache', () => {
    it('answers a known (old, new) pair in a later resolver with one HEAD and no GET', async () => {
      const next = release(registry, old.images);
      const verdictCache = new Map<string, boolean>();
      const first = await createResolver(registry, { updateOnIndexOnlyChange: false, verdictCache }).resolve(pin(old.index.digest));
      expect(registry.calls.getManifest).toBe(2);
      registry.resetCounts();

      const second = await createResolver(registry, { updateOnIndexOnlyChange: false, verdictCache }).resolve(pin(old.index.digest));
      expect(second).toEqual(first);
      expect(second).toMatchObject({ status: 'platforms-unchanged', newDigest: next.index.digest });
      expect(registry.calls).toEqual({ headManifest: 1, getManifest: 0, getBlob: 0 });
    });

    it('remembers changed pairs too, and applies the later resolver’s own option', async () => {
      const next = release(registry, old.images);
      const verdictCache = new Map<string, boolean>();
      await createResolver(registry, { updateOnIndexOnlyChange: false, verdictCache }).resolve(pin(old.index.digest));
      registry.resetCounts();
      const eager = await createResolver(registry, { updateOnIndexOnlyChange: true, verdictCache }).resolve(pin(old.index.digest));
      expect(eager).toMatchObject({ status: 'stale', pinKind: 'index', newDigest: next.index.digest });
      expect(registry.calls.getManifest).toBe(0);

      const rebuilt = release(registry, build(registry, AMD64, ARM64));
      await createResolver(registry, { updateOnIndexOnlyChange: false, verdictCache }).resolve(pin(old.index.digest));
      registry.resetCounts();
      const again = await createResolver(registry, { updateOnIndexOnlyChange: false, verdictCache }).resolve(pin(old.index.digest));
      expect(again).toMatchObject({ status: 'stale', newDigest: rebuilt.index.digest });
      expect(registry.calls).toEqual({ headManifest: 1, getManifest: 0, getBlob: 0 });
    });

    it('without a shared cache, a new resolver fetches again', async () => {
      release(registry, old.images);
      await createResolver(registry, { updateOnIndexOnlyChange: false }).resolve(pin(old.index.digest));
      registry.resetCounts();
      await createResolver(registry, { updateOnIndexOnlyChange: false }).resolve(pin(old.index.digest));
      expect(registry.calls.getManifest).toBe(2);
    });
  });
});
