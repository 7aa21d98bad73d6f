/**
 * Media types the pusher writes. Spelled out here rather than imported from src/ on purpose:
 * the helpers are the independent ground truth the product's registry client is tested against.
 */
export const OCI = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
} as const;

export const DOCKER = {
  index: 'application/vnd.docker.distribution.manifest.list.v2+json',
  manifest: 'application/vnd.docker.distribution.manifest.v2+json',
  config: 'application/vnd.docker.container.image.v1+json',
  layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const;

/** BuildKit stores attestations (SLSA provenance, SBOMs) as in-toto statements. */
export const IN_TOTO_LAYER = 'application/vnd.in-toto+json';

export type MediaTypeFamily = 'oci' | 'docker';

export function mediaTypesOf(family: MediaTypeFamily): typeof OCI | typeof DOCKER {
  return family === 'oci' ? OCI : DOCKER;
}

/**
 * Accept header that asks for whatever a tag points to, index or single manifest, without
 * the registry converting it (distribution 2.8 rewrites a list to one platform's manifest
 * when the client does not accept lists).
 */
export const ACCEPT_ANY_MANIFEST = [OCI.index, DOCKER.index, OCI.manifest, DOCKER.manifest].join(', ');
