import type { RegistryRequestOutcome } from '../registry/client/client.js';
import type { PlatformCache } from '../registry/resolver/fetch.js';
import type { VerdictCache } from '../registry/resolver/resolver.js';

/**
 * How a scan ended: its outcome's kind, or `failed` when it threw (GitHub error, bug). The App
 * passes `ScanOutcome['kind']` here, so a new outcome kind fails to compile until it is listed.
 */
export const SCAN_OUTCOME_LABELS = [
  'skipped',
  'invalid-config',
  'empty-repository',
  'no-writes',
  'scanned',
  'unchanged',
  'failed',
] as const;
export type ScanOutcomeLabel = (typeof SCAN_OUTCOME_LABELS)[number];

/**
 * The caches worth watching: git objects by sha (commit → tree, tree listings, blobs), index
 * verdicts, and the platforms image configs declare (read for every platform-pin update).
 */
export type CacheKind = 'commit' | 'tree' | 'blob' | 'verdict' | 'platform';
export const CACHE_KINDS: readonly CacheKind[] = ['commit', 'tree', 'blob', 'verdict', 'platform'];

export type PullRequestAction = 'opened' | 'updated' | 'closed';
export const PULL_REQUEST_ACTIONS: readonly PullRequestAction[] = ['opened', 'updated', 'closed'];

/**
 * What the app tells about its work, for operators. An interface so the use case depends on
 * no metrics library: the App passes a Prometheus implementation (`metrics.ts`), everything
 * else (CLI, unit tests) the no-op one. Callers pass only bounded, non-secret values.
 */
export interface Telemetry {
  scanFinished(outcome: ScanOutcomeLabel, seconds: number, references: number): void;
  /** One HTTP answer (or failure) from a registry or its token realm; `host` is `host[:port]`, never a URL. */
  registryRequest(host: string, outcome: RegistryRequestOutcome): void;
  cache(kind: CacheKind, hit: boolean): void;
  pullRequest(action: PullRequestAction): void;
  /** `x-ratelimit-remaining` GitHub last reported for an installation. */
  rateLimit(installation: number, remaining: number): void;
}

export const noTelemetry: Telemetry = {
  scanFinished: () => undefined,
  registryRequest: () => undefined,
  cache: () => undefined,
  pullRequest: () => undefined,
  rateLimit: () => undefined,
};

/**
 * The resolver's verdict cache (index pairs already compared), reporting each lookup. The
 * resolver only ever asks it with `get`, so counting there counts every lookup exactly once.
 */
export function observedVerdictCache(telemetry: Telemetry, cache: VerdictCache = new Map<string, boolean>()): VerdictCache {
  return {
    async get(key) {
      const value = await cache.get(key);
      telemetry.cache('verdict', value !== undefined);
      return value;
    },
    set: (key, verdict) => cache.set(key, verdict),
  };
}

/** The resolver's platform cache (config digest → platform), reporting each lookup. */
export function observedPlatformCache(telemetry: Telemetry, cache: PlatformCache): PlatformCache {
  return {
    get(configDigest) {
      const platform = cache.get(configDigest);
      telemetry.cache('platform', platform !== undefined);
      return platform;
    },
    set: (configDigest, platform) => cache.set(configDigest, platform),
  };
}
