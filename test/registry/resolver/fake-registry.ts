/**
 * An in-memory registry behind the RegistryClient interface: real JSON manifests and image
 * configs, stored under their real sha256 digests, tags pointing at them, and a count of every
 * call so tests can assert how many requests a resolution cost.
 */
import {
  MEDIA_TYPES,
  type BlobBody,
  type ManifestBody,
  type ManifestHead,
  type RegistryClient,
  type RegistryFailure,
  type RepositoryLocator,
} from '../../../src/registry/client/types.js';
import {
  attestationEntry,
  attestationManifest,
  encode,
  imageConfig,
  imageManifest,
  indexDocument,
  sha256,
  type Descriptor,
  type FakePlatform,
  type IndexFormat,
} from './fake-content.js';

export { sha256, type Descriptor, type FakePlatform, type IndexFormat } from './fake-content.js';

interface Stored {
  readonly bytes: Uint8Array;
  readonly mediaType: string | undefined;
}

interface Repository {
  readonly manifests: Map<string, Stored>;
  readonly blobs: Map<string, Uint8Array>;
  readonly tags: Map<string, string>;
}

type Method = 'headManifest' | 'getManifest' | 'getBlob';

export class FakeRegistry implements RegistryClient {
  readonly calls: Record<Method, number> = { headManifest: 0, getManifest: 0, getBlob: 0 };
  /** Every request in order, e.g. `HEAD docker.io/library/node:22`. */
  readonly requests: string[] = [];
  /** When false, HEAD answers without a Docker-Content-Digest header. */
  sendHeadDigest = true;
  /** Answers forced for a reference (tag or digest), whatever the method. */
  readonly failures = new Map<string, RegistryFailure>();
  /** References whose requests throw, as a broken client might. */
  readonly throwing = new Set<string>();
  private readonly repositories = new Map<string, Repository>();
  private builds = 0;

  get totalCalls(): number {
    return this.calls.headManifest + this.calls.getManifest + this.calls.getBlob;
  }

  host(locator: RepositoryLocator): string {
    return locator.registry === 'docker.io' ? 'registry-1.docker.io' : locator.registry;
  }

  resetCounts(): void {
    this.calls.headManifest = 0;
    this.calls.getManifest = 0;
    this.calls.getBlob = 0;
    this.requests.length = 0;
  }

  async headManifest(locator: RepositoryLocator, reference: string): Promise<ManifestHead | RegistryFailure> {
    const found = await this.answer('headManifest', 'HEAD', locator, reference);
    if ('kind' in found) return found;
    const digest = this.sendHeadDigest ? sha256(found.bytes) : undefined;
    return { kind: 'found', digest, mediaType: found.mediaType, host: this.host(locator) };
  }

  async getManifest(locator: RepositoryLocator, reference: string): Promise<ManifestBody | RegistryFailure> {
    const found = await this.answer('getManifest', 'GET', locator, reference);
    if ('kind' in found) return found;
    return { kind: 'found', digest: sha256(found.bytes), mediaType: found.mediaType, body: found.bytes, host: this.host(locator) };
  }

  async getBlob(locator: RepositoryLocator, digest: string): Promise<BlobBody | RegistryFailure> {
    this.count('getBlob', 'GET blob', locator, digest);
    await settle();
    const forced = this.forced(digest);
    if (forced) return forced;
    const bytes = this.repository(locator).blobs.get(digest);
    if (!bytes) return this.notFound(locator, `blob ${digest}`);
    return { kind: 'found', digest, body: bytes, host: this.host(locator) };
  }

  putBlob(locator: RepositoryLocator, document: unknown): Descriptor {
    const bytes = encode(document);
    const digest = sha256(bytes);
    this.repository(locator).blobs.set(digest, bytes);
    return { mediaType: 'application/vnd.oci.image.config.v1+json', digest, size: bytes.length };
  }

  /** Store any bytes as a manifest (well-formed or not); returns their digest. */
  putManifestBytes(locator: RepositoryLocator, bytes: Uint8Array, mediaType: string | undefined): string {
    const digest = sha256(bytes);
    this.repository(locator).manifests.set(digest, { bytes, mediaType });
    return digest;
  }

  putManifest(locator: RepositoryLocator, document: Record<string, unknown>): Descriptor {
    const bytes = encode(document);
    const declared = typeof document.mediaType === 'string' ? document.mediaType : undefined;
    // Registries serve an index stored without a mediaType as an OCI index.
    const mediaType = declared ?? MEDIA_TYPES.ociIndex;
    return { mediaType, digest: this.putManifestBytes(locator, bytes, declared), size: bytes.length };
  }

  /** Push a config blob and an image manifest for the platform; each call is a distinct build. */
  pushImage(locator: RepositoryLocator, platform: FakePlatform, format: 'oci' | 'docker' = 'oci'): Descriptor {
    const build = this.nextBuild();
    const config = this.putBlob(locator, imageConfig(platform, build));
    return { ...this.putManifest(locator, imageManifest(config, build, format)), platform };
  }

  /** A BuildKit-style provenance attestation for an image, as it appears in an index. */
  pushAttestation(locator: RepositoryLocator, image: Descriptor): Descriptor {
    const manifest = attestationManifest(this.putBlob(locator, {}), image, this.nextBuild());
    return attestationEntry(this.putManifest(locator, manifest), image);
  }

  pushIndex(locator: RepositoryLocator, entries: readonly Descriptor[], format: IndexFormat = 'oci'): Descriptor {
    return this.putManifest(locator, indexDocument(entries, format));
  }

  tag(locator: RepositoryLocator, tag: string, digest: string): void {
    this.repository(locator).tags.set(tag, digest);
  }

  /** Garbage-collect a manifest: its digest stops resolving. */
  deleteManifest(locator: RepositoryLocator, digest: string): void {
    this.repository(locator).manifests.delete(digest);
  }

  /** Everything the tag serves now: its own digest and, for an index, every entry's digest. */
  servedBy(locator: RepositoryLocator, tag: string): Set<string> {
    const repository = this.repository(locator);
    const digest = repository.tags.get(tag);
    if (digest === undefined) return new Set();
    const stored = repository.manifests.get(digest);
    const document = stored ? (JSON.parse(new TextDecoder().decode(stored.bytes)) as { manifests?: Descriptor[] }) : {};
    return new Set([digest, ...(document.manifests ?? []).map((entry) => entry.digest)]);
  }

  private nextBuild(): number {
    this.builds += 1;
    return this.builds;
  }

  private async answer(method: Method, verb: string, locator: RepositoryLocator, reference: string): Promise<Stored | RegistryFailure> {
    this.count(method, verb, locator, reference);
    await settle();
    const forced = this.forced(reference);
    if (forced) return forced;
    const repository = this.repository(locator);
    const digest = reference.startsWith('sha256:') ? reference : repository.tags.get(reference);
    const stored = digest === undefined ? undefined : repository.manifests.get(digest);
    return stored ?? this.notFound(locator, `manifest ${reference}`);
  }

  private count(method: Method, verb: string, locator: RepositoryLocator, reference: string): void {
    this.calls[method] += 1;
    const separator = reference.startsWith('sha256:') ? '@' : ':';
    this.requests.push(`${verb} ${locator.registry}/${locator.repository}${separator}${reference}`);
    if (this.throwing.has(reference)) throw new Error(`socket hang up while asking for ${reference}`);
  }

  private forced(reference: string): RegistryFailure | undefined {
    return this.failures.get(reference);
  }

  private notFound(locator: RepositoryLocator, what: string): RegistryFailure {
    const host = this.host(locator);
    return { kind: 'not-found', host, message: `${host} has no ${what} in ${locator.repository} (MANIFEST_UNKNOWN)` };
  }

  private repository(locator: RepositoryLocator): Repository {
    const key = `${locator.registry}/${locator.repository}`;
    let repository = this.repositories.get(key);
    if (!repository) {
      repository = { manifests: new Map(), blobs: new Map(), tags: new Map() };
      this.repositories.set(key, repository);
    }
    return repository;
  }
}

/** Answer on a later turn of the event loop, as a network client would. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
