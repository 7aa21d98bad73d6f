import { beforeEach, describe, expect, it } from '@jest/globals';
import { createResolver } from '../../../src/registry/resolver/resolver.js';
import { FakeRegistry, type FakePlatform } from './fake-registry.js';
import { AMD64, ARM64, ARMV7, HUB_HOST, NODE, build, imageFor, pin, release, type Release } from './scenario.js';

const resolverFor = (registry: FakeRegistry, options: { verdictCache?: Map<string, boolean> } = {}) =>
  createResolver(registry, { updateOnIndexOnlyChange: false, ...options });

describe('resolver: platform manifest pins', () => {
  let registry: FakeRegistry;
  let old: Release;

  beforeEach(() => {
    registry = new FakeRegistry();
    old = release(registry, build(registry, AMD64, ARM64, ARMV7));
    registry.resetCounts();
  });

  it('answers current while the tag’s index still lists the pin: both manifests asked at once, then only the HEAD', async () => {
    const arm = imageFor(old, ARM64);
    const verdictCache = new Map<string, boolean>();
    const resolution = await resolverFor(registry, { verdictCache }).resolve(pin(arm.digest, 'linux/arm64/v8'));
    expect(resolution).toEqual({ status: 'current', digest: arm.digest, host: HUB_HOST });
    // The index and the pinned manifest in one round trip (issue 13)…
    expect(registry.calls).toEqual({ headManifest: 1, getManifest: 2, getBlob: 0 });
    // …and the listing is remembered: the next run of the same pin asks only where the tag points.
    registry.resetCounts();
    await expect(resolverFor(registry, { verdictCache }).resolve(pin(arm.digest, 'linux/arm64/v8'))).resolves.toEqual(resolution);
    expect(registry.calls).toEqual({ headManifest: 1, getManifest: 0, getBlob: 0 });
  });

  it('stays current when an attestation-only release kept the platform manifest', async () => {
    release(registry, old.images);
    const resolution = await resolverFor(registry).resolve(pin(imageFor(old, AMD64).digest));
    expect(resolution).toMatchObject({ status: 'current', digest: imageFor(old, AMD64).digest });
  });

  describe('after a rebuild', () => {
    let next: Release;

    beforeEach(() => {
      next = release(registry, build(registry, AMD64, ARM64, ARMV7));
      registry.resetCounts();
    });

    it('proposes the same platform’s new manifest, reading the pinned manifest’s own platform first', async () => {
      const resolution = await resolverFor(registry).resolve(pin(imageFor(old, ARM64).digest, 'linux/arm64/v8'));
      expect(resolution).toEqual({
        status: 'stale',
        currentDigest: imageFor(old, ARM64).digest,
        newDigest: imageFor(next, ARM64).digest,
        pinKind: 'manifest',
        platform: 'linux/arm64/v8',
        host: HUB_HOST,
      });
      expect(registry.calls).toEqual({ headManifest: 1, getManifest: 2, getBlob: 1 });
    });

    describe('platform truth (issue 8, finding 8)', () => {
      it('refuses a pin whose written platform is not the manifest’s own, without proposing anything', async () => {
        const resolution = await resolverFor(registry).resolve(pin(imageFor(old, ARM64).digest, 'linux/amd64'));
        expect(resolution).toMatchObject({ status: 'failed', reason: 'platform-mismatch', host: HUB_HOST });
        const message = resolution.status === 'failed' ? resolution.message : '';
        expect(message).toContain(`docker.io/library/node:22 (pinned ${imageFor(old, ARM64).digest})`);
        expect(message).toContain('FROM --platform=linux/amd64, but the pinned manifest is linux/arm64/v8');
        expect(message).not.toContain(imageFor(next, AMD64).digest);
      });

      it.each([
        [['linux/amd64', 'linux/arm64'], 'linux/amd64 and linux/arm64'],
        [['linux/amd64', 'linux/arm64', 'linux/arm/v7'], 'linux/amd64, linux/arm64 and linux/arm/v7'],
        [['linux/a', 'linux/b', 'linux/c', 'linux/d', 'linux/e'], 'linux/a, linux/b, linux/c and 2 other platforms'],
      ])('refuses one manifest used under %j, before any config read', async (platforms, listed) => {
        const resolution = await resolverFor(registry).resolve({ ...pin(imageFor(old, AMD64).digest, platforms[0]), platforms });
        expect(resolution).toMatchObject({ status: 'failed', reason: 'platform-mismatch' });
        expect(resolution.status === 'failed' && resolution.message).toContain(`it is used for ${listed}`);
        expect(registry.calls.getBlob).toBe(0);
      });

      it('counts spellings of one platform once: arm64 and arm64/v8 are not a conflict', async () => {
        const arm = { ...pin(imageFor(old, ARM64).digest, 'linux/arm64'), platforms: ['linux/arm64', 'linux/arm64/v8', 'linux/aarch64'] };
        const resolution = await resolverFor(registry).resolve(arm);
        expect(resolution).toMatchObject({ status: 'stale', newDigest: imageFor(next, ARM64).digest, platform: 'linux/arm64' });
      });

      it('checks a platform a later use states when the first use states none', async () => {
        const resolution = await resolverFor(registry).resolve({ ...pin(imageFor(old, ARM64).digest), platforms: ['linux/amd64'] });
        expect(resolution).toMatchObject({ status: 'failed', reason: 'platform-mismatch' });
      });

      it('leaves an index pin shared by several platforms alone: Docker picks from the index', async () => {
        const shared = { ...pin(old.index.digest, 'linux/amd64'), platforms: ['linux/amd64', 'linux/arm64'] };
        const resolution = await resolverFor(registry).resolve(shared);
        expect(resolution).toMatchObject({ status: 'stale', pinKind: 'index', newDigest: next.index.digest });
      });
    });

    it('reads the platform from the pinned image’s config when none is written', async () => {
      const resolution = await resolverFor(registry).resolve(pin(imageFor(old, ARMV7).digest));
      expect(resolution).toMatchObject({
        status: 'stale',
        newDigest: imageFor(next, ARMV7).digest,
        pinKind: 'manifest',
        platform: 'linux/arm/v7',
      });
      expect(registry.calls).toEqual({ headManifest: 1, getManifest: 2, getBlob: 1 });
    });

    it('reads the config when the written platform is a build argument', async () => {
      const resolution = await resolverFor(registry).resolve(pin(imageFor(old, AMD64).digest, '$TARGETPLATFORM'));
      expect(resolution).toMatchObject({ status: 'stale', newDigest: imageFor(next, AMD64).digest, platform: 'linux/amd64' });
      expect(registry.calls.getBlob).toBe(1);
    });

    it.each(['linux/arm64', 'linux/aarch64', 'linux/arm64/v8'])('matches arm64/v8 written as %s', async (written) => {
      const resolution = await resolverFor(registry).resolve(pin(imageFor(old, ARM64).digest, written));
      expect(resolution).toMatchObject({ status: 'stale', newDigest: imageFor(next, ARM64).digest, platform: written });
    });
  });

  it('matches an arm64 config without variant against an index entry that says arm64/v8', async () => {
    const bare: FakePlatform = { os: 'linux', architecture: 'arm64' };
    const pinned = release(registry, build(registry, AMD64, bare), { format: 'docker', attest: false });
    const next = release(registry, build(registry, AMD64, ARM64));
    const resolution = await resolverFor(registry).resolve(pin(imageFor(pinned, bare).digest));
    expect(resolution).toMatchObject({ status: 'stale', newDigest: imageFor(next, ARM64).digest, platform: 'linux/arm64' });
  });

  it('fails platform-gone when the new index no longer lists the platform', async () => {
    release(registry, build(registry, AMD64, ARM64));
    const resolution = await resolverFor(registry).resolve(pin(imageFor(old, ARMV7).digest, 'linux/arm/v7'));
    expect(resolution).toMatchObject({ status: 'failed', reason: 'platform-gone', host: HUB_HOST });
    const message = resolution.status === 'failed' ? resolution.message : '';
    expect(message).toContain('docker.io/library/node:22');
    expect(message).toContain('linux/arm/v7');
    expect(message).toContain('linux/amd64, linux/arm64/v8');
  });

  it('does not let arm/v6 stand in for a pinned arm/v7', async () => {
    release(registry, build(registry, AMD64, { os: 'linux', architecture: 'arm', variant: 'v6' }));
    const resolution = await resolverFor(registry).resolve(pin(imageFor(old, ARMV7).digest));
    expect(resolution).toMatchObject({ status: 'failed', reason: 'platform-gone' });
  });

  it('fails shape-changed when the tag became a single manifest of another platform', async () => {
    const [single] = build(registry, AMD64);
    registry.tag(NODE, '22', single!.digest);
    const resolution = await resolverFor(registry).resolve(pin(imageFor(old, ARM64).digest, 'linux/arm64/v8'));
    expect(resolution).toMatchObject({ status: 'failed', reason: 'shape-changed' });
    expect(resolution.status === 'failed' && resolution.message).toContain('for linux/amd64');
  });

  it('proposes the single manifest the tag became when it is the pin’s platform', async () => {
    const [single] = build(registry, ARM64);
    registry.tag(NODE, '22', single!.digest);
    const resolution = await resolverFor(registry).resolve(pin(imageFor(old, ARM64).digest));
    expect(resolution).toMatchObject({ status: 'stale', pinKind: 'manifest', newDigest: single!.digest, platform: 'linux/arm64/v8' });
  });

  describe('single-platform tags', () => {
    it('proposes the new manifest when the tag is still a single manifest', async () => {
      const [first] = build(registry, AMD64);
      registry.tag(NODE, 'alpine', first!.digest);
      const [second] = build(registry, AMD64);
      registry.tag(NODE, 'alpine', second!.digest);
      const resolution = await resolverFor(registry).resolve(pin(first!.digest, null, 'alpine'));
      expect(resolution).toMatchObject({ status: 'stale', pinKind: 'manifest', newDigest: second!.digest, platform: 'linux/amd64' });
    });

    it('keeps a single-manifest pin a manifest pin when the tag becomes an index', async () => {
      const [first] = build(registry, ARM64);
      registry.tag(NODE, 'slim', first!.digest);
      const next = release(registry, build(registry, AMD64, ARM64), { tag: 'slim' });
      const resolution = await resolverFor(registry).resolve(pin(first!.digest, null, 'slim'));
      expect(resolution).toMatchObject({ status: 'stale', pinKind: 'manifest', newDigest: imageFor(next, ARM64).digest });
    });
  });

  describe('Windows images (one entry per OS build)', () => {
    const ltsc2019 = (patch: number): FakePlatform => ({ os: 'windows', architecture: 'amd64', 'os.version': `10.0.17763.${patch}` });
    const ltsc2022 = (patch: number): FakePlatform => ({ os: 'windows', architecture: 'amd64', 'os.version': `10.0.20348.${patch}` });

    it('picks the entry of the pinned image’s Windows build', async () => {
      const before = release(registry, build(registry, ltsc2019(7009), ltsc2022(3692)), { format: 'docker', attest: false });
      const after = release(registry, build(registry, ltsc2019(7434), ltsc2022(3807)), { format: 'docker', attest: false });
      const pinned = before.images[1]!.digest;
      const resolution = await resolverFor(registry).resolve(pin(pinned, 'windows/amd64'));
      expect(resolution).toMatchObject({ status: 'stale', newDigest: after.images[1]!.digest, platform: 'windows/amd64' });
    });

    it('fails rather than choose when nothing tells the candidates apart', async () => {
      const before = release(registry, build(registry, ltsc2022(3692)), { attest: false });
      release(registry, build(registry, ltsc2022(3807), ltsc2022(3808)), { attest: false });
      const resolution = await resolverFor(registry).resolve(pin(before.images[0]!.digest));
      expect(resolution).toMatchObject({ status: 'failed', reason: 'shape-changed' });
      expect(resolution.status === 'failed' && resolution.message).toContain('2 manifests for windows/amd64');
    });
  });
});
