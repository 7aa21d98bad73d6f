/**
 * GitHub's secondary rate limits for content-creating requests, per installation: no more than
 * 80 a minute and 500 an hour, and "if you are making a large number of POST, PATCH, PUT, or
 * DELETE requests, wait at least one second between each request"
 * (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits,
 * https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#pause-between-mutative-requests).
 * pinbot counts every mutating request as content-creating: more cautious than GitHub, never less.
 */
export interface WriteLimits {
  readonly perMinute: number;
  readonly perHour: number;
  /** The least time between two mutating requests of one installation. */
  readonly spacingMs: number;
}

export const GITHUB_WRITE_LIMITS: WriteLimits = { perMinute: 80, perHour: 500, spacingMs: 1000 };

const MINUTE = 60_000;
const HOUR = 3_600_000;

/**
 * Pure: how long to wait before one more write may start, given the start times of the writes
 * of the last hour (ascending, epoch ms). 0 means now. Windows are found by binary search, so a
 * long history (an installation opening thousands of PRs under generous limits) costs
 * O(log n) a write, not a scan of the hour.
 */
export function writeDelay(history: readonly number[], now: number, limits: WriteLimits): number {
  const inHour = history.length - firstAfter(history, now - HOUR);
  const inMinute = history.length - firstAfter(history, now - MINUTE);
  let wait = 0;
  const last = history[history.length - 1];
  if (last !== undefined && inHour > 0) wait = Math.max(wait, last + limits.spacingMs - now);
  // The window frees a place when its oldest counted write leaves it; the minute's and the
  // hour's writes are the newest entries, so that write sits at a fixed distance from the end.
  if (inMinute >= limits.perMinute) wait = Math.max(wait, (history[history.length - limits.perMinute] ?? now) + MINUTE - now);
  if (inHour >= limits.perHour) wait = Math.max(wait, (history[history.length - limits.perHour] ?? now) + HOUR - now);
  return Math.max(0, wait);
}

/** Pure: the index of the first entry later than `time` in an ascending list (its length if none). */
function firstAfter(sorted: readonly number[], time: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? Infinity) > time) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * Where the write history of each installation lives: this process's memory (embedded), or
 * Redis so that every replica spends from the same budget (scaled).
 */
export interface WriteWindowStore {
  /** Records a write at `now` and returns 0 when one may start now; else how long to wait (nothing recorded). */
  take(key: string, now: number, limits: WriteLimits): Promise<number>;
}

export function createMemoryWriteWindows(): WriteWindowStore {
  const histories = new Map<string, number[]>();
  return {
    async take(key, now, limits) {
      const history = histories.get(key) ?? [];
      // Writes older than the hour, and all but the newest `limit` ones, can't delay a write:
      // dropped, so the history stays as short as the limits (500 with GitHub's).
      const expired = Math.max(firstAfter(history, now - HOUR), history.length - Math.max(limits.perHour, limits.perMinute, 1));
      if (expired > 0) history.splice(0, expired);
      const wait = writeDelay(history, now, limits);
      if (wait === 0) history.push(now);
      if (history.length === 0) histories.delete(key);
      else histories.set(key, history);
      return wait;
    },
  };
}
