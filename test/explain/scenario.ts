/**
 * Two releases of one multi-platform image on a real registry, laid out the way BuildKit with
 * `--sbom=true` and docker/metadata-action push them: per-platform images with config `created`
 * and OCI labels, entry annotations on the index (as Docker Official Images have), and an SPDX
 * attestation for linux/amd64 with a known package difference between the releases.
 */
import {
  pushIndex,
  pushPlatformImage,
  pushSbomAttestation,
  type ImageMetadata,
  type LocalRegistry,
  type ManifestDescriptor,
  type SbomPackageSpec,
} from '../helpers/registry/index.js';

export const AMD64 = { os: 'linux', architecture: 'amd64' };
export const ARM64 = { os: 'linux', architecture: 'arm64', variant: 'v8' };

export const OLD_REVISION = '1111111111111111111111111111111111111111';
export const NEW_REVISION = '2222222222222222222222222222222222222222';
export const OLD_BASE = `sha256:${'a'.repeat(64)}`;
export const NEW_BASE = `sha256:${'b'.repeat(64)}`;

export const OLD_PACKAGES: SbomPackageSpec[] = [
  { name: 'libc6', version: '2.36-9+deb12u4', purl: 'pkg:deb/debian/libc6@2.36-9+deb12u4?arch=amd64&distro=debian-12' },
  { name: 'openssl', version: '3.0.11-1~deb12u2', purl: 'pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12' },
  { name: 'wget', version: '1.21.3-1+b2', purl: 'pkg:deb/debian/wget@1.21.3-1+b2?arch=amd64&distro=debian-12' },
  { name: '@acme/left-pad', version: '1.0.0', purl: 'pkg:npm/%40acme/left-pad@1.0.0' },
  { name: 'vendored-tool', version: '0.9' },
];
export const NEW_PACKAGES: SbomPackageSpec[] = [
  { name: 'libc6', version: '2.36-9+deb12u4', purl: 'pkg:deb/debian/libc6@2.36-9+deb12u4?arch=amd64&distro=debian-12' },
  { name: 'openssl', version: '3.0.13-1~deb12u1', purl: 'pkg:deb/debian/openssl@3.0.13-1~deb12u1?arch=amd64&distro=debian-12' },
  { name: 'curl', version: '7.88.1-10+deb12u5', purl: 'pkg:deb/debian/curl@7.88.1-10+deb12u5?arch=amd64&distro=debian-12' },
  { name: '@acme/left-pad', version: '1.1.0', purl: 'pkg:npm/%40acme/left-pad@1.1.0' },
  { name: 'vendored-tool', version: '1.0' },
];

/** What pinbot says about a move from OLD_* to NEW_* (source, base, packages); the rest is per test. */
export function expectedMoveFacts(): Record<'source' | 'baseChanged' | 'packages', unknown> {
  return {
    source: {
      url: 'https://github.com/acme/app',
      oldRevision: OLD_REVISION,
      newRevision: NEW_REVISION,
      compareUrl: `https://github.com/acme/app/compare/${OLD_REVISION}...${NEW_REVISION}`,
    },
    baseChanged: true,
    packages: {
      upgraded: [
        { name: '@acme/left-pad', from: '1.0.0', to: '1.1.0' },
        { name: 'openssl', from: '3.0.11-1~deb12u2', to: '3.0.13-1~deb12u1' },
        { name: 'vendored-tool', from: '0.9', to: '1.0' },
      ],
      added: [{ name: 'curl', version: '7.88.1-10+deb12u5' }],
      removed: [{ name: 'wget', version: '1.21.3-1+b2' }],
    },
  };
}

export interface Release {
  readonly index: string;
  readonly amd64: string;
  readonly arm64: string;
}

export interface ReleaseOptions {
  readonly seed: string;
  readonly created?: string;
  readonly revision?: string;
  readonly base?: string;
  /** Packages of the amd64 SBOM; undefined: no attestation at all. */
  readonly packages?: SbomPackageSpec[];
  /** Replaces the SPDX statement's bytes (a malformed SBOM). */
  readonly statement?: Buffer;
  /** Put the facts on the index entries (Docker Official Images) instead of the image labels. */
  readonly annotateEntries?: boolean;
  /** The arm64 image stays byte-identical across releases when this seed is fixed. */
  readonly arm64Seed?: string;
}

function metadataOf(options: ReleaseOptions): Record<string, string> {
  return {
    ...(options.created === undefined ? {} : { 'org.opencontainers.image.created': options.created }),
    'org.opencontainers.image.source': 'https://github.com/acme/app',
    ...(options.revision === undefined ? {} : { 'org.opencontainers.image.revision': options.revision }),
    'org.opencontainers.image.base.name': 'docker.io/library/debian:12-slim',
    ...(options.base === undefined ? {} : { 'org.opencontainers.image.base.digest': options.base }),
  };
}

export async function pushRelease(registry: LocalRegistry, repository: string, tag: string, options: ReleaseOptions): Promise<Release> {
  const facts = metadataOf(options);
  const metadata: ImageMetadata = {
    ...(options.created === undefined ? {} : { created: options.created }),
    ...(options.annotateEntries === true ? {} : { labels: facts }),
  };
  const amd64 = await pushPlatformImage(registry, repository, AMD64, { seed: options.seed, metadata });
  const arm64 = await pushPlatformImage(registry, repository, ARM64, { seed: options.arm64Seed ?? options.seed });
  const entries: ManifestDescriptor[] = [amd64, arm64].map((entry) =>
    options.annotateEntries === true ? { ...entry, annotations: facts } : entry,
  );
  if (options.packages !== undefined) {
    entries.push(
      await pushSbomAttestation(registry, repository, amd64, options.packages, {
        ...(options.statement === undefined ? {} : { statement: options.statement }),
      }),
    );
  }
  const index = await pushIndex(registry, repository, tag, entries);
  return { index: index.digest, amd64: amd64.digest, arm64: arm64.digest };
}
