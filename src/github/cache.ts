import type { TreeListing } from './types.js';

/**
 * Git objects are immutable and named by their content's hash, so what was read once under a
 * sha is valid forever, in every repository. Caching them makes a rescan of an unchanged
 * default branch cost one request (the ref) instead of one per file.
 */

/** A least-recently-used map bounded by total weight (bytes, entries, …). */
export class WeightedLru<V> {
  readonly #items = new Map<string, { value: V; weight: number }>();
  #total = 0;

  constructor(
    readonly maxWeight: number,
    private readonly weigh: (value: V) => number,
    /** Told whether each `get` found its key (metrics); `get` is only ever a lookup. */
    private readonly onLookup?: (hit: boolean) => void,
  ) {}

  get(key: string): V | undefined {
    const item = this.#items.get(key);
    this.onLookup?.(item !== undefined);
    if (item === undefined) return undefined;
    // Re-insert so Map order stays least-recently-used first.
    this.#items.delete(key);
    this.#items.set(key, item);
    return item.value;
  }

  set(key: string, value: V): void {
    const weight = this.weigh(value);
    const existing = this.#items.get(key);
    if (existing !== undefined) {
      this.#items.delete(key);
      this.#total -= existing.weight;
    }
    // Something bigger than the whole cache would only evict everything else.
    if (weight > this.maxWeight) return;
    this.#items.set(key, { value, weight });
    this.#total += weight;
    for (const [oldest, item] of this.#items) {
      if (this.#total <= this.maxWeight) break;
      this.#items.delete(oldest);
      this.#total -= item.weight;
    }
  }

  get size(): number {
    return this.#items.size;
  }

  get totalWeight(): number {
    return this.#total;
  }
}

export interface GitObjectCache {
  /** Commit sha → its root tree sha. */
  readonly commitTrees: WeightedLru<string>;
  /** Root tree sha → the blobs listed under it. */
  readonly trees: WeightedLru<TreeListing>;
  /** Blob sha → bytes. Callers get a copy, so no one can change what others read. */
  readonly blobs: WeightedLru<Uint8Array>;
}

export interface GitObjectCacheLimits {
  readonly commits?: number;
  /** Total tree entries kept across all cached trees. */
  readonly treeEntries?: number;
  readonly blobBytes?: number;
}

/** Which of the cache's maps a lookup went to. */
export type GitObjectKind = 'commit' | 'tree' | 'blob';

export interface GitObjectCacheObserver {
  /** Called on every lookup with whether it was a hit. */
  readonly onLookup?: (kind: GitObjectKind, hit: boolean) => void;
}

export function createGitObjectCache(limits: GitObjectCacheLimits = {}, observer: GitObjectCacheObserver = {}): GitObjectCache {
  const { onLookup } = observer;
  const report = (kind: GitObjectKind) => (onLookup ? (hit: boolean) => onLookup(kind, hit) : undefined);
  return {
    commitTrees: new WeightedLru(limits.commits ?? 10_000, () => 1, report('commit')),
    // +1 so an empty tree still takes a slot and the count of trees stays bounded.
    trees: new WeightedLru(limits.treeEntries ?? 500_000, (listing) => listing.entries.length + 1, report('tree')),
    blobs: new WeightedLru(limits.blobBytes ?? 64 * 1024 * 1024, (bytes) => bytes.byteLength + 64, report('blob')),
  };
}

/** The process-wide cache used when a caller passes none. */
export const sharedGitObjectCache: GitObjectCache = createGitObjectCache();
