import { beforeEach, describe, expect, it } from '@jest/globals';
import { createResolver } from '../../../src/registry/resolver/resolver.js';
import type { Resolution } from '../../../src/registry/resolver/resolution.js';
import type { RegistryFailure } from '../../../src/registry/client/types.js';
import { FakeRegistry } from './fake-registry.js';
import { AMD64, ARM64, HUB_HOST, NODE, build, imageFor, pin, release, type Release } from './scenario.js';

const resolverFor = (registry: FakeRegistry) => createResolver(registry, { updateOnIndexOnlyChange: false });

function messageOf(resolution: Resolution): string {
  if (resolution.status !== 'failed') throw new Error(`expected a failure, got ${resolution.status}`);
  return resolution.message;
}

describe('resolver: failures', () => {
  let registry: FakeRegistry;
  let old: Release;

  beforeEach(() => {
    registry = new FakeRegistry();
    old = release(registry, build(registry, AMD64, ARM64));
    registry.resetCounts();
  });

  describe('a pin that can no longer be fetched', () => {
    beforeEach(() => {
      release(registry, build(registry, AMD64, ARM64));
    });

    it('is unknown-pin when it was an index, with no digest proposed', async () => {
      registry.deleteManifest(NODE, old.index.digest);
      const resolution = await resolverFor(registry).resolve(pin(old.index.digest));
      expect(resolution).toMatchObject({ status: 'failed', reason: 'unknown-pin', host: HUB_HOST });
      expect(messageOf(resolution)).toContain('docker.io/library/node:22');
      expect(messageOf(resolution)).toContain(old.index.digest);
    });

    it('is unknown-pin for a platform manifest even with a written platform', async () => {
      registry.deleteManifest(NODE, imageFor(old, ARM64).digest);
      const resolution = await resolverFor(registry).resolve(pin(imageFor(old, ARM64).digest, 'linux/arm64/v8'));
      expect(resolution).toMatchObject({ status: 'failed', reason: 'unknown-pin' });
    });

    it('is unknown-pin when the pinned image’s config is gone and no platform is written', async () => {
      const arm = imageFor(old, ARM64);
      const configDigest = (
        JSON.parse(new TextDecoder().decode(await bodyOf(registry, arm.digest))) as {
          config: { digest: string };
        }
      ).config.digest;
      registry.failures.set(configDigest, { kind: 'not-found', host: HUB_HOST, message: 'BLOB_UNKNOWN' });
      const resolution = await resolverFor(registry).resolve(pin(arm.digest));
      expect(resolution).toMatchObject({ status: 'failed', reason: 'unknown-pin' });
      expect(messageOf(resolution)).toContain(configDigest);
    });
  });

  it.each<[string, RegistryFailure]>([
    ['unauthorized', { kind: 'unauthorized', host: HUB_HOST, status: 401, message: 'authentication required (UNAUTHORIZED)' }],
    ['not-found', { kind: 'not-found', host: HUB_HOST, message: 'manifest unknown (MANIFEST_UNKNOWN)' }],
    ['unavailable', { kind: 'unavailable', host: HUB_HOST, message: 'HTTP 503 after 3 attempts' }],
    ['invalid-response', { kind: 'invalid-response', host: HUB_HOST, message: 'digest mismatch' }],
  ])('maps a %s answer to the tag lookup onto the pin', async (reason, failure) => {
    registry.failures.set('22', failure);
    const resolution = await resolverFor(registry).resolve(pin(old.index.digest));
    expect(resolution).toMatchObject({ status: 'failed', reason, host: HUB_HOST });
    expect(messageOf(resolution)).toContain('docker.io/library/node:22');
    expect(messageOf(resolution)).toContain(failure.message);
  });

  it('keeps a transient failure fetching the pin as unavailable, not unknown-pin', async () => {
    release(registry, build(registry, AMD64, ARM64));
    registry.failures.set(old.index.digest, { kind: 'unavailable', host: HUB_HOST, message: 'timed out after 30s' });
    const resolution = await resolverFor(registry).resolve(pin(old.index.digest));
    expect(resolution).toMatchObject({ status: 'failed', reason: 'unavailable' });
  });

  it('reports the host that answered (a mirror) in the failure', async () => {
    registry.failures.set('22', { kind: 'unavailable', host: 'mirror.gcr.io', message: 'connection reset' });
    const resolution = await resolverFor(registry).resolve(pin(old.index.digest));
    expect(resolution).toMatchObject({ host: 'mirror.gcr.io' });
    expect(messageOf(resolution)).toContain('mirror.gcr.io');
  });

  it.each([
    ['malformed JSON', '{"schemaVersion": 2, "manifests": [', 'not valid JSON'],
    ['an unexpected shape', '{"schemaVersion": 2, "layers": []}', 'neither a "manifests" list'],
  ])('fails invalid-response naming host and digest when the tag serves %s', async (_, body, problem) => {
    const digest = registry.putManifestBytes(NODE, new TextEncoder().encode(body), undefined);
    registry.tag(NODE, '22', digest);
    const resolution = await resolverFor(registry).resolve(pin(old.index.digest));
    expect(resolution).toMatchObject({ status: 'failed', reason: 'invalid-response', host: HUB_HOST });
    expect(messageOf(resolution)).toContain(digest);
    expect(messageOf(resolution)).toContain(HUB_HOST);
    expect(messageOf(resolution)).toContain(problem);
  });

  it('turns an exception in one pin into a failure for that pin only', async () => {
    registry.tag(NODE, 'broken', old.index.digest);
    registry.throwing.add('broken');
    const resolver = resolverFor(registry);
    const [broken, fine] = await Promise.all([
      resolver.resolve(pin(old.index.digest, null, 'broken')),
      resolver.resolve(pin(old.index.digest, null, '22')),
    ]);
    expect(broken).toMatchObject({ status: 'failed', reason: 'unavailable', host: 'docker.io' });
    expect(messageOf(broken)).toContain('socket hang up');
    expect(messageOf(broken)).toContain('docker.io/library/node:broken');
    expect(fine).toMatchObject({ status: 'current' });
  });
});

async function bodyOf(registry: FakeRegistry, digest: string): Promise<Uint8Array> {
  const answer = await registry.getManifest(NODE, digest);
  if (answer.kind !== 'found') throw new Error(answer.message);
  return answer.body;
}
