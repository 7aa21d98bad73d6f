import { LRUCache } from 'lru-cache';
import type { TreeListing } from './types.js';

/**
 * Git objects are immutable and named by their content's hash, so what was read once under a
 * sha is valid forever, in every repository. Caching them makes a rescan of an unchanged
 * default branch cost one request (the ref) instead of one per file.
 */

/**
 * A least-recently-used map bounded by total size (bytes, entries, …), told of every lookup for
 * the cache metrics. lru-cache does the bounding: a value larger than the whole cache is not
 * kept (it would only evict everything else), and replacing a key does not count it twice.
 */
export class ObservedLru<V extends object | string> extends LRUCache<string, V> {
  constructor(
    maxSize: number,
    sizeOf: (value: V) => number,
    /** Told whether each `get` found its key (metrics); `get` is only ever a lookup. */
    private readonly onLookup?: (hit: boolean) => void,
  ) {
    super({ maxSize, sizeCalculation: sizeOf });
  }

  override get(key: string, options?: LRUCache.GetOptions<string, V, unknown>): V | undefined {
    const value = super.get(key, options);
    this.onLookup?.(value !== undefined);
    return value;
  }
}

export interface GitObjectCache {
  /** Commit sha → its root tree sha. */
  readonly commitTrees: ObservedLru<string>;
  /** Root tree sha → the blobs listed under it. */
  readonly trees: ObservedLru<TreeListing>;
  /** Blob sha → bytes. Callers get a copy, so no one can change what others read. */
  readonly blobs: ObservedLru<Uint8Array>;
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
    commitTrees: new ObservedLru(limits.commits ?? 10_000, () => 1, report('commit')),
    // +1 so an empty tree still takes a slot and the count of trees stays bounded.
    trees: new ObservedLru(limits.treeEntries ?? 500_000, (listing) => listing.entries.length + 1, report('tree')),
    blobs: new ObservedLru(limits.blobBytes ?? 64 * 1024 * 1024, (bytes) => bytes.byteLength + 64, report('blob')),
  };
}

/** The process-wide cache used when a caller passes none. */
export const sharedGitObjectCache: GitObjectCache = createGitObjectCache();
