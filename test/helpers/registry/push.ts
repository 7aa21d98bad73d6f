/**
 * Pushes small, well-formed images to a LocalRegistry (or any registry reachable with the same
 * auth), the way `docker buildx build --push` lays them out:
 *
 *   pushImage(reg, 'team/app', '1.0')                                  → one image manifest
 *   pushImage(reg, 'team/app', '1.0', { platforms: [amd64, arm64] })   → an index of two
 *   pushImage(reg, 'team/app', '1.0', { withAttestations: true })      → an index with BuildKit
 *                                                                        attestation entries
 *   pushImage(reg, 'team/app', '1.0', { seed: 'v2' })                  → same tag, new digest
 *
 * To change an index without changing its platforms' images (e.g. only add an attestation or
 * a platform), pass earlier descriptors to pushIndex, adding ones from pushPlatformImage or
 * pushAttestation.
 */
import {
  buildAttestation,
  buildIndex,
  buildPlatformImage,
  buildSbomAttestation,
  type BuiltManifest,
  type ImageMetadata,
  type ManifestDescriptor,
  type Platform,
  type SbomPackageSpec,
} from './image-content.js';
import type { MediaTypeFamily } from './media-types.js';
import { putManifest, uploadBlob, type PushTarget } from './registry-http.js';

export { deleteManifest, type PushTarget } from './registry-http.js';

export interface PushImageOptions {
  /** Default `[{ os: 'linux', architecture: 'amd64' }]`. More than one gives an index. */
  platforms?: Platform[];
  /** Varies the content (and so every digest). Default `initial`. */
  seed?: string;
  /** Adds a BuildKit-style provenance attestation per platform; implies an OCI index. */
  withAttestations?: boolean;
  /** Default `oci`. */
  mediaTypes?: MediaTypeFamily;
}

export interface PushResult {
  /** What the tag points to now: the index when there is one, else the image manifest. */
  digest: string;
  mediaType: string;
  /** The platform images (then attestations) the tag covers, each pushable again via pushIndex. */
  manifests: ManifestDescriptor[];
}

const DEFAULT_PLATFORMS: Platform[] = [{ os: 'linux', architecture: 'amd64' }];
const DEFAULT_SEED = 'initial';

async function pushBuilt(
  target: PushTarget,
  repository: string,
  reference: string | undefined,
  built: BuiltManifest,
): Promise<ManifestDescriptor> {
  for (const blob of built.blobs) await uploadBlob(target, repository, blob);
  await putManifest(target, repository, reference ?? built.manifest.digest, built.manifest);
  return built.descriptor;
}

/** Pushes one platform's image by digest (no tag) and returns its descriptor for an index. */
export function pushPlatformImage(
  target: PushTarget,
  repository: string,
  platform: Platform,
  options: { seed?: string; mediaTypes?: MediaTypeFamily; metadata?: ImageMetadata } = {},
): Promise<ManifestDescriptor> {
  return pushBuilt(
    target,
    repository,
    undefined,
    buildPlatformImage(platform, options.seed ?? DEFAULT_SEED, options.mediaTypes ?? 'oci', options.metadata),
  );
}

/**
 * Pushes a BuildKit-style SBOM attestation (SPDX packages, plus provenance) for `subject` by
 * digest and returns its index entry. `statement` replaces the SPDX layer's bytes; `statementSize`
 * overrides the size its descriptor declares.
 */
export function pushSbomAttestation(
  target: PushTarget,
  repository: string,
  subject: ManifestDescriptor,
  packages: SbomPackageSpec[],
  options: { statement?: Buffer; statementSize?: number } = {},
): Promise<ManifestDescriptor> {
  return pushBuilt(target, repository, undefined, buildSbomAttestation(subject, packages, options));
}

/** Pushes an attestation manifest for `subject` by digest and returns its index entry. */
export function pushAttestation(
  target: PushTarget,
  repository: string,
  subject: ManifestDescriptor,
  options: { seed?: string } = {},
): Promise<ManifestDescriptor> {
  return pushBuilt(target, repository, undefined, buildAttestation(subject, options.seed ?? DEFAULT_SEED));
}

/** Tags an index (or Docker manifest list) over manifests already in the repository. */
export async function pushIndex(
  target: PushTarget,
  repository: string,
  tag: string,
  manifests: ManifestDescriptor[],
  options: { mediaTypes?: MediaTypeFamily; annotations?: Record<string, string> } = {},
): Promise<PushResult> {
  if (manifests.length === 0) throw new Error(`pushIndex ${repository}:${tag}: an index needs at least one manifest`);
  const index = buildIndex(manifests, options.mediaTypes ?? 'oci', options.annotations);
  await putManifest(target, repository, tag, index);
  return { digest: index.digest, mediaType: index.mediaType, manifests };
}

export async function pushImage(target: PushTarget, repository: string, tag: string, options: PushImageOptions = {}): Promise<PushResult> {
  const platforms = options.platforms ?? DEFAULT_PLATFORMS;
  const seed = options.seed ?? DEFAULT_SEED;
  const family = options.mediaTypes ?? 'oci';
  const withAttestations = options.withAttestations ?? false;
  if (platforms.length === 0) throw new Error(`pushImage ${repository}:${tag}: platforms is empty`);
  if (withAttestations && family === 'docker') {
    // BuildKit switches to OCI media types whenever it attaches attestations.
    throw new Error(`pushImage ${repository}:${tag}: attestations need mediaTypes 'oci'`);
  }

  const [only] = platforms;
  if (platforms.length === 1 && only !== undefined && !withAttestations) {
    const built = buildPlatformImage(only, seed, family);
    const descriptor = await pushBuilt(target, repository, tag, built);
    return { digest: built.manifest.digest, mediaType: built.manifest.mediaType, manifests: [descriptor] };
  }

  const images: ManifestDescriptor[] = [];
  for (const platform of platforms) images.push(await pushPlatformImage(target, repository, platform, { seed, mediaTypes: family }));
  const attestations: ManifestDescriptor[] = [];
  if (withAttestations) {
    for (const image of images) attestations.push(await pushAttestation(target, repository, image, { seed }));
  }
  return pushIndex(target, repository, tag, [...images, ...attestations], { mediaTypes: family });
}
