import { describe, expect, test } from '@jest/globals';
import { gunzipSync } from 'node:zlib';
import { buildAttestation, buildIndex, buildPlatformImage, sha256Digest, type Content } from '../helpers/registry/image-content.js';
import { DOCKER, IN_TOTO_LAYER, OCI } from '../helpers/registry/media-types.js';

const json = (content: Content | undefined): Record<string, unknown> =>
  JSON.parse(content?.bytes.toString('utf8') ?? 'null') as Record<string, unknown>;
const arm64 = { os: 'linux', architecture: 'arm64', variant: 'v8' };

describe('buildPlatformImage', () => {
  test('every digest is sha256 of the exact bytes', () => {
    const built = buildPlatformImage(arm64, 's', 'oci');
    for (const content of [...built.blobs, built.manifest]) expect(content.digest).toBe(sha256Digest(content.bytes));
    expect(built.descriptor).toEqual({
      mediaType: OCI.manifest,
      digest: built.manifest.digest,
      size: built.manifest.bytes.length,
      platform: arm64,
    });
  });

  test('the config names the platform and the layer it describes', () => {
    const { blobs, manifest } = buildPlatformImage(arm64, 's', 'oci');
    const [config, layer] = blobs;
    const body = json(config);
    expect(body).toMatchObject({ os: 'linux', architecture: 'arm64', variant: 'v8', rootfs: { type: 'layers' } });
    expect(body.rootfs).toEqual({ type: 'layers', diff_ids: [sha256Digest(gunzipSync(layer?.bytes ?? Buffer.alloc(0)))] });
    expect(json(manifest)).toEqual({
      schemaVersion: 2,
      mediaType: OCI.manifest,
      config: { mediaType: OCI.config, digest: config?.digest, size: config?.bytes.length },
      layers: [{ mediaType: OCI.layer, digest: layer?.digest, size: layer?.bytes.length }],
    });
  });

  test('docker media types throughout when asked', () => {
    const { blobs, manifest } = buildPlatformImage({ os: 'linux', architecture: 'amd64' }, 's', 'docker');
    expect([manifest.mediaType, ...blobs.map((b) => b.mediaType)]).toEqual([DOCKER.manifest, DOCKER.config, DOCKER.layer]);
  });

  test('the same inputs give the same digest; a different seed or platform does not', () => {
    const digest = (seed: string, architecture = 'amd64') => buildPlatformImage({ os: 'linux', architecture }, seed, 'oci').manifest.digest;
    expect(digest('a')).toBe(digest('a'));
    expect(digest('b')).not.toBe(digest('a'));
    expect(digest('a', 'arm64')).not.toBe(digest('a'));
  });

  test('only OCI platform fields reach the descriptor', () => {
    const loose = { os: 'linux', architecture: 'amd64', extra: 'x' } as { os: string; architecture: string };
    expect(buildPlatformImage(loose, 's', 'oci').descriptor.platform).toEqual({ os: 'linux', architecture: 'amd64' });
  });
});

describe('buildAttestation', () => {
  test('is an OCI manifest of an in-toto statement about the subject, listed as unknown/unknown', () => {
    const subject = buildPlatformImage(arm64, 's', 'oci').descriptor;
    const { blobs, manifest, descriptor } = buildAttestation(subject, 's');
    const statement = blobs.find((b) => b.mediaType === IN_TOTO_LAYER);
    expect(json(statement)).toMatchObject({ subject: [{ digest: { sha256: subject.digest.slice('sha256:'.length) } }] });
    expect(manifest.mediaType).toBe(OCI.manifest);
    expect(descriptor).toEqual({
      mediaType: OCI.manifest,
      digest: manifest.digest,
      size: manifest.bytes.length,
      platform: { os: 'unknown', architecture: 'unknown' },
      annotations: { 'vnd.docker.reference.digest': subject.digest, 'vnd.docker.reference.type': 'attestation-manifest' },
    });
  });
});

describe('buildIndex', () => {
  test('lists the descriptors in order under the family index media type', () => {
    const a = buildPlatformImage({ os: 'linux', architecture: 'amd64' }, 's', 'docker').descriptor;
    const b = buildPlatformImage(arm64, 's', 'docker').descriptor;
    const index = buildIndex([a, b], 'docker');
    expect(index.mediaType).toBe(DOCKER.index);
    expect(json(index)).toEqual({ schemaVersion: 2, mediaType: DOCKER.index, manifests: [a, b] });
  });
});
