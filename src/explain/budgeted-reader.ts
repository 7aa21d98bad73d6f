/**
 * The explainer's view of the registry for one change: manifests through the run's shared
 * reader (what the resolver already fetched costs nothing), at most `budget` new manifest GETs
 * (Docker Hub counts those against the pull limit; blobs are free), SBOM blobs under their own
 * cap and cached by digest. Never throws; remembers whether anything failed for a reason that
 * may pass (then the explanation is not cached, and the next run tries again).
 */
import type { Manifest } from '../registry/resolver/manifest.js';
import type { FetchedConfig, RegistryReader } from '../registry/resolver/fetch.js';
import type { Problem } from '../registry/resolver/resolution.js';
import type { LayerDescriptor } from '../registry/resolver/schemas.js';
import type { RegistryClient, RepositoryLocator } from '../registry/client/types.js';
import { MAX_SBOM_BYTES, parseSpdxStatement, type SbomPackage } from './sbom.js';

export interface CacheLike<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): unknown;
}

export class BudgetedReader {
  /** False once an answer failed for a reason that may pass (unavailable, unauthorized). */
  complete = true;
  private remaining: number;

  constructor(
    private readonly reader: RegistryReader,
    private readonly client: RegistryClient,
    private readonly locator: RepositoryLocator,
    budget: number,
    private readonly packages: CacheLike<readonly SbomPackage[]> | undefined,
  ) {
    this.remaining = budget;
  }

  /** How many of these manifests would cost a request. */
  cost(digests: readonly string[]): number {
    return new Set(digests.filter((digest) => !this.reader.hasManifest(this.locator, digest))).size;
  }

  affordable(digests: readonly string[]): boolean {
    return this.cost(digests) <= this.remaining;
  }

  async manifest(digest: string): Promise<Manifest | undefined> {
    if (!this.reader.hasManifest(this.locator, digest)) {
      if (this.remaining <= 0) return undefined;
      this.remaining -= 1;
    }
    const fetched = await this.reader.manifest(this.locator, digest);
    if (fetched.ok) return fetched.value.manifest;
    this.note(fetched.problem);
    return undefined;
  }

  /** Where the tag points now: asked once per run (the resolver asked already), never a manifest GET budget item. */
  async tagDigest(tag: string): Promise<string | undefined> {
    const fetched = await this.reader.tagDigest(this.locator, tag);
    return fetched.ok ? fetched.value.digest : undefined;
  }

  async config(digest: string): Promise<FetchedConfig | undefined> {
    const fetched = await this.reader.imageConfig(this.locator, digest);
    if (fetched.ok) return fetched.value;
    this.note(fetched.problem);
    return undefined;
  }

  /** The packages of one SPDX layer; undefined when oversized, malformed or unavailable. */
  async sbom(layer: LayerDescriptor): Promise<readonly SbomPackage[] | undefined> {
    // The descriptor states the size: an oversized SBOM is never downloaded (the client also caps the body).
    if (layer.size !== undefined && layer.size > MAX_SBOM_BYTES) return undefined;
    const known = this.packages?.get(layer.digest);
    if (known !== undefined) return known;
    const blob = await this.client.getBlob(this.locator, layer.digest, { maxBytes: MAX_SBOM_BYTES });
    if (blob.kind !== 'found') {
      this.note({ reason: blob.kind, host: blob.host, detail: blob.message });
      return undefined;
    }
    const parsed = parseSpdxStatement(blob.body);
    if (!parsed.ok) return undefined;
    this.packages?.set(layer.digest, parsed.value);
    return parsed.value;
  }

  private note(problem: Problem): void {
    if (problem.reason === 'unavailable' || problem.reason === 'unauthorized') this.complete = false;
  }
}
