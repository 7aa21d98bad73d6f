/**
 * Realistic manifest, config and index documents for the fake registry, shaped like what
 * BuildKit and `docker manifest` publish, plus the byte encoding and sha256 they are stored under.
 */
import { createHash } from 'node:crypto';
import { MEDIA_TYPES } from '../../../src/registry/client/types.js';

export interface FakePlatform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
  readonly 'os.version'?: string;
}

/** A stored manifest, described the way an index entry would describe it. */
export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly platform?: FakePlatform;
  readonly annotations?: Record<string, string>;
}

export type IndexFormat = 'oci' | 'docker' | 'oci-without-media-type';

export function encode(document: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(document, null, 2));
}

export function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** An image config; `build` makes each build's config (and so its digest) distinct. */
export function imageConfig(platform: FakePlatform, build: number): Record<string, unknown> {
  return {
    ...platform,
    config: { Env: ['PATH=/usr/local/bin:/usr/bin:/bin', `BUILD=${build}`], Cmd: ['/bin/sh'] },
    created: new Date(Date.UTC(2025, 0, 1) + build * 60_000).toISOString(),
    rootfs: { type: 'layers', diff_ids: [sha256(encode({ layer: build }))] },
  };
}

export function imageManifest(config: Descriptor, build: number, format: 'oci' | 'docker'): Record<string, unknown> {
  const oci = format === 'oci';
  return {
    schemaVersion: 2,
    mediaType: oci ? MEDIA_TYPES.ociManifest : MEDIA_TYPES.dockerManifest,
    config: {
      mediaType: oci ? 'application/vnd.oci.image.config.v1+json' : 'application/vnd.docker.container.image.v1+json',
      digest: config.digest,
      size: config.size,
    },
    layers: [
      {
        mediaType: oci ? 'application/vnd.oci.image.layer.v1.tar+gzip' : 'application/vnd.docker.image.rootfs.diff.tar.gzip',
        digest: sha256(encode({ compressed: build })),
        size: 3_000_000 + build,
      },
    ],
  };
}

/** BuildKit's provenance attestation manifest (its config is the empty JSON object). */
export function attestationManifest(emptyConfig: Descriptor, image: Descriptor, build: number): Record<string, unknown> {
  return {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: emptyConfig.digest, size: emptyConfig.size },
    layers: [
      {
        mediaType: 'application/vnd.in-toto+json',
        digest: sha256(encode({ provenance: image.digest, build })),
        size: 1520,
        annotations: { 'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v0.2' },
      },
    ],
  };
}

/** How an attestation is listed in the index: `unknown/unknown`, pointing at its image. */
export function attestationEntry(manifest: Descriptor, image: Descriptor): Descriptor {
  return {
    ...manifest,
    platform: { os: 'unknown', architecture: 'unknown' },
    annotations: { 'vnd.docker.reference.digest': image.digest, 'vnd.docker.reference.type': 'attestation-manifest' },
  };
}

export function indexDocument(entries: readonly Descriptor[], format: IndexFormat): Record<string, unknown> {
  const mediaType = format === 'docker' ? MEDIA_TYPES.dockerManifestList : MEDIA_TYPES.ociIndex;
  return {
    schemaVersion: 2,
    ...(format === 'oci-without-media-type' ? {} : { mediaType }),
    manifests: entries.map(({ mediaType: type, digest, size, platform, annotations }) => ({
      mediaType: type,
      digest,
      size,
      ...(platform ? { platform } : {}),
      ...(annotations ? { annotations } : {}),
    })),
  };
}
