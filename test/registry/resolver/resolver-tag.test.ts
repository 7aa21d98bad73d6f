import { beforeEach, describe, expect, it } from '@jest/globals';
import { createResolver } from '../../../src/registry/resolver/resolver.js';
import { FakeRegistry } from './fake-registry.js';
import { AMD64, ARM64, HUB_HOST, NODE, build, pin, release } from './scenario.js';

/** `pinbot pin`: the digest a tag points to now, and whether it is an index or one manifest. */
describe('resolver.resolveTag', () => {
  let registry: FakeRegistry;
  const tag = (name = '22') => ({ ...NODE, tag: name });
  const resolverOf = () => createResolver(registry, { updateOnIndexOnlyChange: false });

  beforeEach(() => {
    registry = new FakeRegistry();
  });

  it('pins a multi-platform tag to its index, with one HEAD', async () => {
    const { index } = release(registry, build(registry, AMD64, ARM64));
    registry.resetCounts();
    expect(await resolverOf().resolveTag(tag())).toEqual({ status: 'found', digest: index.digest, pinKind: 'index', host: HUB_HOST });
    expect(registry.requests).toEqual(['HEAD docker.io/library/node:22']);
  });

  it.each(['oci', 'docker'] as const)('pins a single-manifest tag (%s) to that manifest', async (format) => {
    const image = registry.pushImage(NODE, AMD64, format);
    registry.tag(NODE, '22', image.digest);
    registry.resetCounts();
    expect(await resolverOf().resolveTag(tag())).toEqual({ status: 'found', digest: image.digest, pinKind: 'manifest', host: HUB_HOST });
    expect(registry.calls).toEqual({ headManifest: 1, getManifest: 0, getBlob: 0 });
  });

  it('pins a Docker manifest list to the list', async () => {
    const { index } = release(registry, build(registry, AMD64, ARM64), { format: 'docker', attest: false });
    expect(await resolverOf().resolveTag(tag())).toMatchObject({ status: 'found', digest: index.digest, pinKind: 'index' });
  });

  it('reads the kind from the body when the registry names no media type, still one request per digest', async () => {
    const { index } = release(registry, build(registry, AMD64, ARM64));
    const bytes = new TextEncoder().encode(JSON.stringify({ schemaVersion: 2, manifests: [] }));
    const untyped = registry.putManifestBytes(NODE, bytes, undefined);
    registry.tag(NODE, 'untyped', untyped);
    registry.resetCounts();
    const resolver = resolverOf();
    expect(await resolver.resolveTag(tag('untyped'))).toMatchObject({ status: 'found', digest: untyped, pinKind: 'index' });
    expect(registry.requests).toEqual(['HEAD docker.io/library/node:untyped', `GET docker.io/library/node@${untyped}`]);
    expect(await resolver.resolveTag(tag())).toMatchObject({ digest: index.digest, pinKind: 'index' });
  });

  it('when HEAD names no digest, GETs the tag once and reads kind and digest from the verified body', async () => {
    const image = registry.pushImage(NODE, AMD64);
    registry.tag(NODE, '22', image.digest);
    registry.sendHeadDigest = false;
    registry.resetCounts();
    expect(await resolverOf().resolveTag(tag())).toMatchObject({ status: 'found', digest: image.digest, pinKind: 'manifest' });
    expect(registry.calls).toEqual({ headManifest: 1, getManifest: 1, getBlob: 0 });
  });

  it('refuses to pin a manifest pinbot cannot read (schema 1), rather than guess', async () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ schemaVersion: 1, name: 'library/node', tag: 'old', fsLayers: [] }));
    registry.tag(NODE, 'old', registry.putManifestBytes(NODE, bytes, 'application/vnd.docker.distribution.manifest.v1+prettyjws'));
    const resolution = await resolverOf().resolveTag(tag('old'));
    expect(resolution).toMatchObject({ status: 'failed', reason: 'invalid-response' });
    expect(resolution.status === 'failed' && resolution.message).toMatch(
      /^docker\.io\/library\/node:old on registry-1\.docker\.io: .*schema 1/,
    );
  });

  it('reports a tag that does not exist as not found, naming image, tag and host', async () => {
    const resolution = await resolverOf().resolveTag(tag('nope'));
    expect(resolution).toEqual({
      status: 'failed',
      reason: 'not-found',
      host: HUB_HOST,
      message: expect.stringMatching(
        /^docker\.io\/library\/node:nope on registry-1\.docker\.io: looking up tag "nope": .*MANIFEST_UNKNOWN/,
      ),
    });
  });

  it('turns a client that throws into a failure for that tag alone', async () => {
    registry.throwing.add('22');
    expect(await resolverOf().resolveTag(tag())).toMatchObject({ status: 'failed', reason: 'unavailable' });
  });

  it('shares the one HEAD per tag with pins being checked in the same run', async () => {
    const { index } = release(registry, build(registry, AMD64, ARM64));
    registry.resetCounts();
    const resolver = resolverOf();
    const answers = await Promise.all([
      ...Array.from({ length: 5 }, () => resolver.resolveTag(tag())),
      resolver.resolve(pin(index.digest)),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual(['found', 'found', 'found', 'found', 'found', 'current']);
    expect(registry.calls).toEqual({ headManifest: 1, getManifest: 0, getBlob: 0 });
  });
});
