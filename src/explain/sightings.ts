/**
 * When pinbot first saw each proposed digest, and the settle-time verdict built on it
 * (`minimumReleaseAge`, issue 12). The state sits behind `SightingStore`, a two-method
 * interface, so a scaled-out App can keep it in Redis (issue 13); this file has the in-memory
 * store the CLI and a single App process use.
 */
import { LRUCache } from 'lru-cache';
import type { Settle } from './types.js';

/** What is remembered per tag and pin kind: the newest digest seen, and since when. */
export interface TagSighting {
  readonly digest: string;
  /** Epoch milliseconds. */
  readonly firstSeen: number;
  /** When the digest was due at its latest evaluation (epoch ms): a later digest arriving before then superseded it while it waited. */
  readonly readyAt?: number;
  /** Digests replaced while they waited, newest first: the wait restarted each time. */
  readonly superseded: readonly string[];
}

export interface SightingStore {
  get(key: string): Promise<TagSighting | undefined>;
  set(key: string, sighting: TagSighting): Promise<void>;
}

/** Tags remembered by one process; the least recently used are forgotten first (then "first seen" restarts). */
const DEFAULT_ENTRIES = 100_000;
/** Superseded digests remembered per tag: enough to say what happened, bounded however often a tag moves. */
const MAX_SUPERSEDED = 5;

export function createMemorySightings(maxEntries = DEFAULT_ENTRIES): SightingStore {
  const entries = new LRUCache<string, TagSighting>({ max: maxEntries });
  return {
    get: async (key) => entries.get(key),
    set: async (key, sighting) => void entries.set(key, sighting),
  };
}

export interface SettleInput {
  /** One per image, tag and pin kind: an index pin and a platform pin of one tag follow different digests. */
  readonly key: string;
  /** The digest written in the file now. */
  readonly pinned: string;
  /** The digest the tag offers now. */
  readonly digest: string;
  /** The image's own `created`, when credible (see credibleCreated). */
  readonly created: Date | undefined;
  readonly minimumAgeMs: number;
  readonly now: Date;
}

/**
 * Records the sighting and says when `digest` is due. A new digest replacing one that was still
 * waiting restarts the wait from the new one (users report tags rebuilt faster than any
 * cooldown) and remembers the replaced digest so the pull request can say so.
 */
export async function settle(store: SightingStore, input: SettleInput): Promise<Settle> {
  const now = input.now.getTime();
  const previous = await store.get(input.key);
  let record: TagSighting;
  if (previous?.digest === input.digest) {
    record = previous;
  } else {
    // The new digest arrived (its created time, else now) before the previous one was due.
    const arrived = input.created?.getTime() ?? now;
    const stillWaiting =
      previous !== undefined && previous.digest !== input.pinned && previous.readyAt !== undefined && previous.readyAt > arrived;
    record = {
      digest: input.digest,
      firstSeen: now,
      superseded: stillWaiting ? [previous.digest, ...previous.superseded].slice(0, MAX_SUPERSEDED) : [],
    };
  }
  const since = input.created === undefined ? 'first-seen' : 'created';
  const readyAt = (input.created?.getTime() ?? record.firstSeen) + input.minimumAgeMs;
  if (record !== previous || record.readyAt !== readyAt) await store.set(input.key, { ...record, readyAt });
  return { readyAt: new Date(readyAt), since, superseded: record.superseded };
}
