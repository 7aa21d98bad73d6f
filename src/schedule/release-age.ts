/**
 * `minimumReleaseAge`: how long a new digest must exist before pinbot proposes it, so that a
 * bad push can be pulled or fixed before it reaches a repository. Durations are written as
 * people say them (`3 days`, `12 hours`, `1 week`, `90 minutes`); parsing is a single anchored
 * pattern over at most 40 characters. Pure.
 */

const UNITS: Readonly<Record<string, number>> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
};
const ABBREVIATIONS: Readonly<Record<string, string>> = { m: 'minute', min: 'minute', h: 'hour', d: 'day', w: 'week' };
const DURATION = /^(\d{1,4})\s*([a-z]+)$/;

/** Milliseconds of a duration such as `3 days`, or the problem with it. */
export function parseDuration(text: string): { ok: true; ms: number } | { ok: false; problem: string } {
  const match = text.length > 40 ? null : DURATION.exec(text.trim().toLowerCase());
  const unitWord = match?.[2];
  const unit = unitWord === undefined ? undefined : (ABBREVIATIONS[unitWord] ?? unitWord.replace(/s$/, ''));
  const size = unit === undefined ? undefined : UNITS[unit];
  if (match === null || size === undefined) {
    return { ok: false, problem: 'expected a number and a unit, e.g. "3 days", "12 hours", "1 week" or "90 minutes"' };
  }
  return { ok: true, ms: Number(match[1]) * size };
}

/**
 * The earliest believable `created`: registries are not clocks, and a reproducible build may
 * stamp 1970 (SOURCE_DATE_EPOCH=0), which would skip the wait entirely; a date before the first
 * container registries, or more than a day ahead of now, counts as unknown.
 */
const EARLIEST_CREDIBLE = Date.UTC(2013, 0, 1);
const MAX_CLOCK_SKEW_MS = 86_400_000;

export function credibleCreated(created: string | undefined, now: Date): Date | undefined {
  if (created === undefined) return undefined;
  const time = Date.parse(created);
  if (Number.isNaN(time) || time < EARLIEST_CREDIBLE || time > now.getTime() + MAX_CLOCK_SKEW_MS) return undefined;
  return new Date(time);
}
