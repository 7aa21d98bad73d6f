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
 * of the last hour (ascending, epoch ms). 0 means now.
 */
export function writeDelay(history: readonly number[], now: number, limits: WriteLimits): number {
  const recent = history.filter((at) => at > now - HOUR);
  let wait = 0;
  const last = recent[recent.length - 1];
  if (last !== undefined) wait = Math.max(wait, last + limits.spacingMs - now);
  const lastMinute = recent.filter((at) => at > now - MINUTE);
  // The window frees a place when its oldest write leaves it.
  if (lastMinute.length >= limits.perMinute)
    wait = Math.max(wait, (lastMinute[lastMinute.length - limits.perMinute] ?? now) + MINUTE - now);
  if (recent.length >= limits.perHour) wait = Math.max(wait, (recent[recent.length - limits.perHour] ?? now) + HOUR - now);
  return Math.max(0, wait);
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
      const history = (histories.get(key) ?? []).filter((at) => at > now - HOUR);
      const wait = writeDelay(history, now, limits);
      if (wait === 0) history.push(now);
      if (history.length === 0) histories.delete(key);
      else histories.set(key, history);
      return wait;
    },
  };
}
