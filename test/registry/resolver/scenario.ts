/** Building blocks for resolver tests: a repository, platforms, releases of a multi-platform tag. */
import type { Pin } from '../../../src/registry/resolver/resolution.js';
import type { RepositoryLocator } from '../../../src/registry/client/types.js';
import { FakeRegistry, type Descriptor, type FakePlatform, type IndexFormat } from './fake-registry.js';

export const NODE: RepositoryLocator = { registry: 'docker.io', repository: 'library/node' };
export const HUB_HOST = 'registry-1.docker.io';

export const AMD64: FakePlatform = { os: 'linux', architecture: 'amd64' };
export const ARM64: FakePlatform = { os: 'linux', architecture: 'arm64', variant: 'v8' };
export const ARMV7: FakePlatform = { os: 'linux', architecture: 'arm', variant: 'v7' };
export const S390X: FakePlatform = { os: 'linux', architecture: 's390x' };

export interface Release {
  readonly index: Descriptor;
  /** The platform images, in index order. */
  readonly images: Descriptor[];
}

/** Push an index of the given images (with BuildKit attestations unless told otherwise) and tag it. */
export function release(
  registry: FakeRegistry,
  images: Descriptor[],
  options: { tag?: string; attest?: boolean; format?: IndexFormat } = {},
): Release {
  const attestations = options.attest === false ? [] : images.map((image) => registry.pushAttestation(NODE, image));
  const index = registry.pushIndex(NODE, [...images, ...attestations], options.format ?? 'oci');
  registry.tag(NODE, options.tag ?? '22', index.digest);
  return { index, images };
}

/** Fresh images for each platform (a new build of every one). */
export function build(registry: FakeRegistry, ...platforms: FakePlatform[]): Descriptor[] {
  return platforms.map((platform) => registry.pushImage(NODE, platform));
}

export function pin(digest: string, platform: string | null = null, tag = '22'): Pin {
  return { ...NODE, tag, digest, platform };
}

/** The image in a release for a platform; fails the test when the release has none. */
export function imageFor(release: Release, platform: FakePlatform): Descriptor {
  const image = release.images.find((candidate) => candidate.platform === platform);
  if (!image) throw new Error(`release has no ${platform.os}/${platform.architecture}`);
  return image;
}
