/**
 * What a pinned digest means now, and what to propose instead. The pin keeps its kind: an
 * index pin is offered the tag's new index, a platform manifest pin the new manifest of the
 * same platform. Never guesses: when the kind or platform can't be established, it fails.
 *
 * Request economy: one HEAD per tag per run (free on Docker Hub's pull quota); manifests are
 * fetched by digest only when the tag moved, each at most once; the verdict "this index
 * change touched no platform" and the platform each pinned image's config declares are kept
 * in caches that may outlive the resolver.
 */
import { platformsUnchanged, verdictKey } from './index-compare.js';
import type { Manifest } from './manifest.js';
import { failed, type Pin, type Resolution } from './resolution.js';
import { createRegistryReader, type FetchedManifest, type PlatformCache, type RegistryReader } from './fetch.js';
import { resolveManifestPin } from './manifest-pin.js';
import { failedTag, resolveTagDigest, type TagResolution, type TagToPin } from './tag-resolution.js';
import type { RegistryClient, RepositoryLocator } from '../client/types.js';

export interface ResolverOptions {
  /** Propose a new index even when no platform's manifest changed (only attestations, or new platforms). */
  readonly updateOnIndexOnlyChange: boolean;
  /**
   * Verdicts keyed by (old index digest, new index digest): true when no platform changed.
   * Pass one map to every resolver of a long-running process so each pair is compared once.
   */
  readonly verdictCache?: VerdictCache;
  /**
   * The platform each image config declares, by config digest. Pass one cache to every resolver
   * of a long-running process so each pinned platform manifest's config is read once.
   */
  readonly platformCache?: PlatformCache;
  /**
   * The run's reader, when something else reads through it too (the explainer, issue 12: what
   * resolving fetched is reused, never fetched twice). Built from the client otherwise.
   */
  readonly reader?: RegistryReader;
}

export interface Resolver {
  /** Never rejects: registry answers and unexpected errors become a `failed` resolution for this pin. */
  resolve(pin: Pin): Promise<Resolution>;
  /**
   * The digest to pin a tag-only reference to (`pinbot pin`). Shares this resolver's one HEAD
   * per tag with `resolve`. Never rejects, like `resolve`.
   */
  resolveTag(tag: TagToPin): Promise<TagResolution>;
}

/**
 * Verdicts by digest pair: a `Map` in one process, or a store shared by replicas (Redis, issue
 * 13), which answers asynchronously. A verdict is a fact about two immutable digests, so any
 * copy of it is as good as another.
 */
export interface VerdictCache {
  get(key: string): boolean | undefined | Promise<boolean | undefined>;
  set(key: string, verdict: boolean): unknown;
}

interface Context {
  readonly reader: RegistryReader;
  readonly verdicts: VerdictCache;
  readonly updateOnIndexOnlyChange: boolean;
}

export function createResolver(client: RegistryClient, options: ResolverOptions): Resolver {
  const context: Context = {
    reader: options.reader ?? createRegistryReader(client, options.platformCache),
    verdicts: options.verdictCache ?? new Map<string, boolean>(),
    updateOnIndexOnlyChange: options.updateOnIndexOnlyChange,
  };
  return {
    async resolve(pin) {
      try {
        return await resolvePin(context, pin);
      } catch (error) {
        // A client that throws (or a bug) costs this pin only; the run carries on with the others.
        const detail = `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
        return failed(pin, { reason: 'unavailable', host: pin.registry, detail });
      }
    },
    async resolveTag(tag) {
      try {
        return await resolveTagDigest(context.reader, tag);
      } catch (error) {
        const detail = `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
        return failedTag(tag, { reason: 'unavailable', host: tag.registry, detail });
      }
    },
  };
}

async function resolvePin(context: Context, pin: Pin): Promise<Resolution> {
  const locator: RepositoryLocator = { registry: pin.registry, repository: pin.repository };
  const tag = await context.reader.tagDigest(locator, pin.tag);
  if (!tag.ok) return failed(pin, tag.problem);
  const { digest: tagDigest, host } = tag.value;
  if (tagDigest === pin.digest) return { status: 'current', digest: pin.digest, host };

  // Verdicts are only ever recorded for two indexes, so a hit answers without any GET.
  const known = await context.verdicts.get(verdictKey(pin.digest, tagDigest));
  if (known !== undefined) return indexVerdict(context, pin.digest, tagDigest, known, host);

  // An index lists its manifests for good: once seen listing this platform pin, no GET is needed.
  if ((await context.verdicts.get(listsKey(tagDigest, pin.digest))) === true) return { status: 'current', digest: pin.digest, host };

  // Both manifests at once (issue 13): a moved tag costs one round trip, not two. When the tag's
  // index still lists a platform pin, the pin's own manifest was not needed (and the listing is
  // remembered, so the next run of this pin needs neither).
  const [current, pinned] = await Promise.all([context.reader.manifest(locator, tagDigest), context.reader.manifest(locator, pin.digest)]);
  if (!current.ok) return failed(pin, current.problem);
  if (servesPin(current.value.manifest, pin.digest)) {
    context.verdicts.set(listsKey(tagDigest, pin.digest), true);
    return { status: 'current', digest: pin.digest, host };
  }

  if (!pinned.ok) {
    if (pinned.problem.reason !== 'not-found') return failed(pin, pinned.problem);
    return failed(pin, {
      reason: 'unknown-pin',
      host: pinned.problem.host,
      detail:
        `the pinned digest can no longer be fetched (${pinned.problem.detail}), so whether it was an index ` +
        `or one platform's manifest is unknown; the tag now points to ${tagDigest}`,
    });
  }
  const pinnedManifest = pinned.value.manifest;
  if (pinnedManifest.kind === 'index') return resolveIndexPin(context, pin, pinnedManifest, current.value, host);
  return resolveManifestPin(context.reader, pin, pinnedManifest.configDigest, current.value, host);
}

/** The verdict cache's key for "index `indexDigest` lists manifest `digest`" (always true once seen). */
function listsKey(indexDigest: string, digest: string): string {
  return `lists ${indexDigest} ${digest}`;
}

/** A platform pin is still current while the tag's index lists it. */
function servesPin(manifest: Manifest, digest: string): boolean {
  return manifest.kind === 'index' && manifest.entries.some((entry) => entry.digest === digest);
}

function resolveIndexPin(
  context: Context,
  pin: Pin,
  pinned: Extract<Manifest, { kind: 'index' }>,
  current: FetchedManifest,
  host: string,
): Resolution {
  if (current.manifest.kind !== 'index') {
    return failed(pin, {
      reason: 'shape-changed',
      host,
      detail:
        `the pin is a multi-platform index, but the tag now points to the single-platform manifest ` +
        `${current.digest}; an index pin is not silently turned into a manifest pin`,
    });
  }
  const unchanged = platformsUnchanged(pinned.entries, current.manifest.entries);
  context.verdicts.set(verdictKey(pin.digest, current.digest), unchanged);
  return indexVerdict(context, pin.digest, current.digest, unchanged, host);
}

function indexVerdict(context: Context, currentDigest: string, newDigest: string, unchanged: boolean, host: string): Resolution {
  if (unchanged && !context.updateOnIndexOnlyChange) {
    return { status: 'platforms-unchanged', currentDigest, newDigest, host };
  }
  return { status: 'stale', currentDigest, newDigest, pinKind: 'index', platform: null, host };
}
