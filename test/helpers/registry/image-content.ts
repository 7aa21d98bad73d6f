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

function manifestBody(
  family: MediaTypeFamily,
  config: Content,
  layers: ManifestDescriptor[],
  annotations?: Record<string, string>,
): Content {
  const types = mediaTypesOf(family);
  return jsonContent(types.manifest, {
    schemaVersion: 2,
    mediaType: types.manifest,
    config: ref(config),
    layers,
    ...(annotations === undefined ? {} : { annotations }),
  });
}

/** What an image says about itself, as `docker buildx build` with metadata writes it (all optional). */
export interface ImageMetadata {
  /** The config's `created` (RFC 3339). */
  created?: string;
  /** The config's `config.Labels`, e.g. `org.opencontainers.image.revision`. */
  labels?: Record<string, string>;
  /** The image manifest's own `annotations`. */
  annotations?: Record<string, string>;
}

/** One platform's image: a config naming the platform and one layer holding one small file. */
export function buildPlatformImage(platform: Platform, seed: string, family: MediaTypeFamily, metadata: ImageMetadata = {}): BuiltManifest {
  const types = mediaTypesOf(family);
  const file = Buffer.from(`platform=${formatPlatform(platform)}\nseed=${seed}\n`, 'utf8');
  const tar = singleFileTar('etc/pinbot-test-image', file);
  const layer = toContent(types.layer, gzipSync(tar));
  const config = jsonContent(types.config, {
    ...(metadata.created === undefined ? {} : { created: metadata.created }),
    ...platformField(platform),
    config: {
      Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      Labels: { 'org.pinbot.test.seed': seed, ...metadata.labels },
    },
    rootfs: { type: 'layers', diff_ids: [sha256Digest(tar)] },
    history: [{ created_by: 'pinbot test image pusher' }],
  });
  const manifest = manifestBody(family, config, [ref(layer)], metadata.annotations);
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

/** A package as an SBOM lists it (SPDX 2.3, as BuildKit's Syft scanner writes it). */
export interface SbomPackageSpec {
  name: string;
  version: string;
  /** e.g. `pkg:deb/debian/libc6@2.36-9?arch=amd64`; omitted: matched by name and purpose. */
  purl?: string;
}

/**
 * An SBOM attestation for `subject`, shaped like BuildKit's `--sbom=true` output: one OCI
 * manifest with an SPDX in-toto statement layer and a provenance layer, listed in the index as
 * `unknown/unknown` pointing back at the image. `statement` replaces the SPDX layer's bytes
 * (malformed SBOMs); `statementSize` overrides the size its descriptor declares (oversized ones).
 */
export function buildSbomAttestation(
  subject: ManifestDescriptor,
  packages: SbomPackageSpec[],
  options: { statement?: Buffer; statementSize?: number } = {},
): BuiltManifest {
  const spdx = 'https://spdx.dev/Document';
  const statementBytes =
    options.statement ??
    Buffer.from(
      JSON.stringify({
        _type: 'https://in-toto.io/Statement/v0.1',
        predicateType: spdx,
        subject: [{ name: 'pkg:docker/pinbot-test', digest: { sha256: subject.digest.replace(/^sha256:/, '') } }],
        predicate: {
          spdxVersion: 'SPDX-2.3',
          dataLicense: 'CC0-1.0',
          SPDXID: 'SPDXRef-DOCUMENT',
          name: 'sbom',
          creationInfo: { created: '2024-05-01T10:00:00Z', creators: ['Tool: syft-v0.105.0', 'Tool: buildkit-v0.13.0'] },
          packages: [
            { name: 'pinbot-test', SPDXID: 'SPDXRef-DocumentRoot-Image-pinbot-test', versionInfo: subject.digest },
            ...packages.map((pkg, index) => ({
              name: pkg.name,
              SPDXID: `SPDXRef-Package-${index}`,
              versionInfo: pkg.version,
              downloadLocation: 'NOASSERTION',
              ...(pkg.purl === undefined
                ? { primaryPackagePurpose: 'LIBRARY' }
                : { externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: pkg.purl }] }),
            })),
          ],
        },
      }),
      'utf8',
    );
  const statement = toContent(IN_TOTO_LAYER, statementBytes);
  const provenancePredicate = 'https://slsa.dev/provenance/v0.2';
  const provenance = jsonContent(IN_TOTO_LAYER, {
    _type: 'https://in-toto.io/Statement/v0.1',
    predicateType: provenancePredicate,
    subject: [{ name: 'pkg:docker/pinbot-test', digest: { sha256: subject.digest.replace(/^sha256:/, '') } }],
    predicate: { buildType: 'https://mobyproject.org/buildkit@v1' },
  });
  const config = jsonContent(OCI.config, {
    ...ATTESTATION_PLATFORM,
    config: {},
    rootfs: { type: 'layers', diff_ids: [statement.digest, provenance.digest] },
  });
  const statementDescriptor = ref(statement, { annotations: { 'in-toto.io/predicate-type': spdx } });
  if (options.statementSize !== undefined) statementDescriptor.size = options.statementSize;
  const manifest = manifestBody('oci', config, [
    statementDescriptor,
    ref(provenance, { annotations: { 'in-toto.io/predicate-type': provenancePredicate } }),
  ]);
  return {
    blobs: [config, statement, provenance],
    manifest,
    descriptor: ref(manifest, {
      platform: ATTESTATION_PLATFORM,
      annotations: { 'vnd.docker.reference.digest': subject.digest, 'vnd.docker.reference.type': 'attestation-manifest' },
    }),
  };
}

/** An OCI image index or a Docker manifest list over the given descriptors, in order. */
export function buildIndex(manifests: ManifestDescriptor[], family: MediaTypeFamily, annotations?: Record<string, string>): Content {
  const type = mediaTypesOf(family).index;
  const entries = manifests.map((m) => ({
    mediaType: m.mediaType,
    digest: m.digest,
    size: m.size,
    ...(m.annotations === undefined ? {} : { annotations: m.annotations }),
    ...(m.platform === undefined ? {} : { platform: platformField(m.platform) }),
  }));
  return jsonContent(type, {
    schemaVersion: 2,
    mediaType: type,
    manifests: entries,
    ...(annotations === undefined ? {} : { annotations }),
  });
}
