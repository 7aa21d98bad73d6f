/**
 * The details of one proposed digest change (issue 12), read from what registries publish
 * without pulling a layer: the indexes' platforms, OCI annotations and labels, image configs,
 * and BuildKit's SPDX attestations. Economy: manifests the resolver fetched are reused, at most
 * `manifestBudget` new manifest GETs per change (default 2), blob GETs as needed; a finished
 * explanation is cached by its digests, which name immutable content. Never rejects: whatever
 * cannot be read is left out.
 */
import type { Manifest } from '../registry/resolver/manifest.js';
import type { RegistryReader } from '../registry/resolver/fetch.js';
import type { RegistryClient, RepositoryLocator } from '../registry/client/types.js';
import { BudgetedReader, type CacheLike } from './budgeted-reader.js';
import { factsComplete, readFacts, type FactSource, type ImageFacts } from './oci-facts.js';
import { diffPackages } from './package-diff.js';
import { comparePlatforms, counterpart, platformLabel, primaryEntry } from './platforms.js';
import { attestationEntryFor, spdxLayers, type SbomPackage } from './sbom.js';
import { sourceChange } from './source-link.js';
import { echoed } from '../text/safe-text.js';
import type { Platform } from '../registry/resolver/platform.js';
import type { Explanation, PackageChanges, PlatformChange, UpdateDetails } from './types.js';

export interface ExplainRequest {
  readonly locator: RepositoryLocator;
  readonly tag: string;
  readonly oldDigest: string;
  readonly newDigest: string;
  readonly pinKind: 'index' | 'manifest';
  /** The platform of a manifest pin as the resolver named it; null for an index pin. */
  readonly platform: string | null;
}

export interface ExplainCaches {
  /** Finished explanations by repository, pin kind, platform and both digests. */
  readonly explanations?: CacheLike<Explanation>;
  /** Packages by SPDX blob digest. */
  readonly packages?: CacheLike<readonly SbomPackage[]>;
}

export interface ExplainerOptions {
  /** The run's reader, shared with the resolver. */
  readonly reader: RegistryReader;
  /** For SBOM blobs, which have their own size cap. */
  readonly client: RegistryClient;
  readonly caches?: ExplainCaches;
  /** New manifest GETs allowed per change. Default 2. */
  readonly manifestBudget?: number;
  /** Spend the budget on the new image's `created` first (`minimumReleaseAge` needs it). */
  readonly needCreated?: boolean;
}

export interface Explainer {
  explain(request: ExplainRequest): Promise<Explanation>;
}

export const DEFAULT_MANIFEST_BUDGET = 2;

export function createExplainer(options: ExplainerOptions): Explainer {
  return {
    async explain(request) {
      const key = explanationKey(request);
      const cached = options.caches?.explanations?.get(key);
      if (cached !== undefined) return cached;
      const reader = new BudgetedReader(
        options.reader,
        options.client,
        request.locator,
        options.manifestBudget ?? DEFAULT_MANIFEST_BUDGET,
        options.caches?.packages,
      );
      try {
        const explanation = await (request.pinKind === 'index' ? explainIndexPin : explainManifestPin)(
          reader,
          request,
          options.needCreated ?? false,
        );
        if (reader.complete) options.caches?.explanations?.set(key, explanation);
        return explanation;
      } catch {
        // Explanations are extras: a bug here must never cost the update itself.
        return { details: {} };
      }
    },
  };
}

/** The cache key of an explanation: what it compares, all immutable. */
export function explanationKey(request: ExplainRequest): string {
  const { locator, pinKind, platform, oldDigest, newDigest } = request;
  return `${locator.registry}/${locator.repository}|${pinKind}|${platform ?? ''}|${oldDigest}|${newDigest}`;
}

type Index = Extract<Manifest, { kind: 'index' }>;
type Image = Extract<Manifest, { kind: 'image' }>;

/** One side (old or new) of the change: where its facts come from, most specific first. */
class Side {
  image: Image | undefined;
  config: FactSource | undefined;
  constructor(
    readonly imageDigest: string | undefined,
    private readonly descriptor: FactSource | undefined,
    private readonly index: FactSource | undefined,
  ) {}

  facts(): ImageFacts {
    return readFacts([this.descriptor, this.image, this.index, this.config]);
  }

  /** The image manifest (a GET unless already fetched) and its config (a blob GET). */
  async load(reader: BudgetedReader): Promise<void> {
    if (this.image !== undefined || this.imageDigest === undefined) return;
    const manifest = await reader.manifest(this.imageDigest);
    if (manifest?.kind !== 'image') return;
    this.image = manifest;
    const config = await reader.config(manifest.configDigest);
    if (config !== undefined) this.config = { annotations: config.labels, created: config.created };
  }
}

async function explainIndexPin(reader: BudgetedReader, request: ExplainRequest, needCreated: boolean): Promise<Explanation> {
  const old = await reader.manifest(request.oldDigest);
  const next = await reader.manifest(request.newDigest);
  if (old?.kind !== 'index' || next?.kind !== 'index') return { details: {} };
  const primary = primaryEntry(next.entries);
  const before = primary === undefined ? undefined : counterpart(old.entries, primary);
  const oldSide = new Side(before?.digest, before, old);
  const newSide = new Side(primary?.digest, primary, next);
  if (needCreated && newSide.facts().created === undefined) await newSide.load(reader);

  let packages: PackageChanges | undefined;
  const oldAttestation = before === undefined ? undefined : attestationEntryFor(old.entries, before.digest);
  const newAttestation = primary === undefined ? undefined : attestationEntryFor(next.entries, primary.digest);
  // Both sides or neither: one SBOM alone has nothing to compare with.
  if (oldAttestation !== undefined && newAttestation !== undefined && reader.affordable([oldAttestation.digest, newAttestation.digest])) {
    packages = await packageChanges(reader, oldAttestation.digest, newAttestation.digest);
  }
  if (!factsComplete(newSide.facts())) await newSide.load(reader);
  if (!factsComplete(oldSide.facts())) await oldSide.load(reader);
  return explanation(comparePlatforms(old.entries, next.entries), oldSide.facts(), newSide.facts(), packages, primary?.platform);
}

async function explainManifestPin(reader: BudgetedReader, request: ExplainRequest, needCreated: boolean): Promise<Explanation> {
  const old = await reader.manifest(request.oldDigest);
  const oldSide = new Side(request.oldDigest, undefined, undefined);
  if (old?.kind === 'image') {
    oldSide.image = old;
    const config = await reader.config(old.configDigest);
    if (config !== undefined) oldSide.config = { annotations: config.labels, created: config.created };
  }
  // The tag's index (fetched by the resolver) may describe the new image in its entry.
  const index = await tagIndex(reader, request);
  const entry = index?.entries.find((candidate) => candidate.digest === request.newDigest);
  const newSide = new Side(request.newDigest, entry, index);
  if (needCreated || !factsComplete(newSide.facts())) await newSide.load(reader);
  const platforms: PlatformChange[] = [
    { platform: platformLabelOf(request.platform), oldDigest: request.oldDigest, newDigest: request.newDigest },
  ];
  return explanation(
    platforms,
    oldSide.facts(),
    newSide.facts(),
    undefined,
    undefined,
    request.platform === null ? undefined : platformLabelOf(request.platform),
  );
}

/** The index the tag points to now, when the run already fetched it (the resolver did, to find the new manifest). */
async function tagIndex(reader: BudgetedReader, request: ExplainRequest): Promise<Index | undefined> {
  const tagDigest = await reader.tagDigest(request.tag);
  if (tagDigest === undefined || tagDigest === request.newDigest || reader.cost([tagDigest]) > 0) return undefined;
  const manifest = await reader.manifest(tagDigest);
  return manifest?.kind === 'index' ? manifest : undefined;
}

async function packageChanges(reader: BudgetedReader, oldAttestation: string, newAttestation: string): Promise<PackageChanges | undefined> {
  const before = await packagesOf(reader, oldAttestation);
  const after = before === undefined ? undefined : await packagesOf(reader, newAttestation);
  return before === undefined || after === undefined ? undefined : diffPackages(before, after);
}

async function packagesOf(reader: BudgetedReader, attestationDigest: string): Promise<SbomPackage[] | undefined> {
  const manifest = await reader.manifest(attestationDigest);
  if (manifest?.kind !== 'image') return undefined;
  const layers = spdxLayers(manifest.layers);
  if (layers.length === 0) return undefined;
  const packages: SbomPackage[] = [];
  for (const layer of layers) {
    const found = await reader.sbom(layer);
    if (found === undefined) return undefined;
    packages.push(...found);
  }
  return packages;
}

/** A manifest pin's platform as written in the file (or declared by its config): escaped and capped. */
function platformLabelOf(platform: string | null): string {
  return platform === null ? '' : echoed(platform, 100);
}

function explanation(
  platforms: PlatformChange[],
  old: ImageFacts,
  next: ImageFacts,
  packages: PackageChanges | undefined,
  primary: Platform | undefined,
  pinnedPlatform?: string,
): Explanation {
  const details: { -readonly [K in keyof UpdateDetails]: UpdateDetails[K] } = {};
  if (platforms.length > 0) details.platforms = platforms;
  if (old.created !== undefined || next.created !== undefined) {
    details.created = {
      ...(old.created === undefined ? {} : { old: old.created }),
      ...(next.created === undefined ? {} : { new: next.created }),
    };
  }
  const source = sourceChange(old, next);
  if (source !== undefined) details.source = source;
  if (old.baseDigest !== undefined && next.baseDigest !== undefined) details.baseChanged = old.baseDigest !== next.baseDigest;
  if (packages !== undefined) details.packages = packages;
  const platform = pinnedPlatform ?? (primary === undefined ? undefined : platformLabel(primary));
  return {
    details,
    ...(next.baseName === undefined ? {} : { baseName: next.baseName }),
    ...(platform === undefined ? {} : { platform }),
  };
}
