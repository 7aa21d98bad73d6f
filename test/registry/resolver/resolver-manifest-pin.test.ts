import { beforeEach, describe, expect, it } from '@jest/globals';
import { createResolver } from '../../../src/registry/resolver/resolver.js';
import { FakeRegistry, type FakePlatform } from './fake-registry.js';
import { AMD64, ARM64, ARMV7, HUB_HOST, NODE, build, imageFor, pin, release, type Release } from './scenario.js';

const resolverFor = (registry: FakeRegistry) => createResolver(registry, { updateOnIndexOnlyChange: false });

describe('resolver: platform manifest pins', () => {
  let registry: FakeRegistry;
  let old: Release;

  beforeEach(() => {
    registry = new FakeRegistry();
    old = release(registry, build(registry, AMD64, ARM64, ARMV7));
    registry.resetCounts();
  });

  it('answers current while the tag’s index still lists the pin, with one HEAD and one GET', async () => {
    const arm = imageFor(old, ARM64);
    const resolution = await resolverFor(registry).resolve(pin(arm.digest, 'linux/arm64/v8'));
    expect(resolution).toEqual({ status: 'current', digest: arm.digest, host: HUB_HOST });
    expect(registry.calls).toEqual({ headManifest: 1, getManifest: 1, getBlob: 0 });
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

    it('proposes the same platform’s new manifest from the literal platform, without reading the config', async () => {
      const resolution = await resolverFor(registry).resolve(pin(imageFor(old, ARM64).digest, 'linux/arm64/v8'));
      expect(resolution).toEqual({
        status: 'stale',
        currentDigest: imageFor(old, ARM64).digest,
        newDigest: imageFor(next, ARM64).digest,
        pinKind: 'manifest',
        platform: 'linux/arm64/v8',
        host: HUB_HOST,
      });
      expect(registry.calls).toEqual({ headManifest: 1, getManifest: 2, getBlob: 0 });
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
