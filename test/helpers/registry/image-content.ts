/**
 * Pure builders for the bytes the pusher sends: a tiny but well-formed image per platform,
 * BuildKit-style attestation manifests, and indexes. Equal inputs give equal bytes, so equal
 * digests: pushing the same seed twice leaves a tag where it was, a new seed moves it.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { IN_TOTO_LAYER, OCI, mediaTypesOf, type MediaTypeFamily } from './media-types.js';
import { singleFileTar } from './tar.js';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** An OCI descriptor as it appears in an index's `manifests` (and what pushIndex takes). */
export interface ManifestDescriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform;
  annotations?: Record<string, string>;
}

/** A blob or manifest exactly as it goes over the wire; `digest` is sha256 of `bytes`. */
export interface Content {
  mediaType: string;
  bytes: Buffer;
  digest: string;
}

/** A manifest together with the blobs it references, which must be pushed first. */
export interface BuiltManifest {
  blobs: Content[];
  manifest: Content;
  descriptor: ManifestDescriptor;
}

export const ATTESTATION_PLATFORM: Platform = { os: 'unknown', architecture: 'unknown' };

export function sha256Digest(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export function toContent(mediaType: string, bytes: Buffer): Content {
  return { mediaType, bytes, digest: sha256Digest(bytes) };
}

function jsonContent(mediaType: string, value: unknown): Content {
  return toContent(mediaType, Buffer.from(JSON.stringify(value), 'utf8'));
}

function ref(content: Content, extra: Partial<ManifestDescriptor> = {}): ManifestDescriptor {
  return { mediaType: content.mediaType, digest: content.digest, size: content.bytes.length, ...extra };
}

/** `linux/arm64/v8`, the spelling docker and BuildKit use for platforms. */
export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

/** Copies only the OCI platform fields, so a caller's extra keys never leak into manifests. */
function platformField(platform: Platform): Platform {
  return platform.variant === undefined
    ? { architecture: platform.architecture, os: platform.os }
    : { architecture: platform.architecture, os: platform.os, variant: platform.variant };
}

function manifestBody(family: MediaTypeFamily, config: Content, layers: ManifestDescriptor[]): Content {
  const types = mediaTypesOf(family);
  return jsonContent(types.manifest, {
    schemaVersion: 2,
    mediaType: types.manifest,
    config: ref(config),
    layers,
  });
}

/** One platform's image: a config naming the platform and one layer holding one small file. */
export function buildPlatformImage(platform: Platform, seed: string, family: MediaTypeFamily): BuiltManifest {
  const types = mediaTypesOf(family);
  const file = Buffer.from(`platform=${formatPlatform(platform)}\nseed=${seed}\n`, 'utf8');
  const tar = singleFileTar('etc/pinbot-test-image', file);
  const layer = toContent(types.layer, gzipSync(tar));
  const config = jsonContent(types.config, {
    ...platformField(platform),
    config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Labels: { 'org.pinbot.test.seed': seed } },
    rootfs: { type: 'layers', diff_ids: [sha256Digest(tar)] },
    history: [{ created_by: 'pinbot test image pusher' }],
  });
  const manifest = manifestBody(family, config, [ref(layer)]);
  return { blobs: [config, layer], manifest, descriptor: ref(manifest, { platform: platformField(platform) }) };
}

/**
 * A provenance attestation for `subject`, shaped like BuildKit's: an OCI manifest whose layer
 * is an in-toto statement, listed in the index as `unknown/unknown` with annotations pointing
 * back at the image it describes. BuildKit always uses OCI media types for these.
 */
export function buildAttestation(subject: ManifestDescriptor, seed: string): BuiltManifest {
  const predicateType = 'https://slsa.dev/provenance/v0.2';
  const statement = jsonContent(IN_TOTO_LAYER, {
    _type: 'https://in-toto.io/Statement/v0.1',
    predicateType,
    subject: [{ name: 'pkg:docker/pinbot-test', digest: { sha256: subject.digest.replace(/^sha256:/, '') } }],
    predicate: { buildType: 'https://mobyproject.org/buildkit@v1', metadata: { buildInvocationID: seed } },
  });
  const config = jsonContent(OCI.config, {
    ...ATTESTATION_PLATFORM,
    config: {},
    rootfs: { type: 'layers', diff_ids: [statement.digest] },
  });
  const manifest = manifestBody('oci', config, [ref(statement, { annotations: { 'in-toto.io/predicate-type': predicateType } })]);
  return {
    blobs: [config, statement],
    manifest,
    descriptor: ref(manifest, {
      platform: ATTESTATION_PLATFORM,
      annotations: { 'vnd.docker.reference.digest': subject.digest, 'vnd.docker.reference.type': 'attestation-manifest' },
    }),
  };
}

/** An OCI image index or a Docker manifest list over the given descriptors, in order. */
export function buildIndex(manifests: ManifestDescriptor[], family: MediaTypeFamily): Content {
  const type = mediaTypesOf(family).index;
  const entries = manifests.map((m) => ({
    mediaType: m.mediaType,
    digest: m.digest,
    size: m.size,
    ...(m.annotations === undefined ? {} : { annotations: m.annotations }),
    ...(m.platform === undefined ? {} : { platform: platformField(m.platform) }),
  }));
  return jsonContent(type, { schemaVersion: 2, mediaType: type, manifests: entries });
}
