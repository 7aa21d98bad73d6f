import { parseEntry, type ScheduleWindow, type Weekday } from './schedule-grammar.js';

export type { ScheduleWindow, Weekday } from './schedule-grammar.js';

/**
 * When the app may open or update PRs (scans run regardless). A list of entries (see
 * schedule-grammar.ts): the schedule is open when any entry matches the local time in
 * `timezone`. An empty list means any time.
 */
export interface Schedule {
  /** IANA name as configured, e.g. `Europe/Berlin`. */
  readonly timezone: string;
  readonly windows: readonly ScheduleWindow[];
}

/** A problem with a config key: `['schedule', 1]` or `['timezone']`, and what is wrong. */
export interface ScheduleError {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export type ParseScheduleResult =
  { readonly ok: true; readonly schedule: Schedule } | { readonly ok: false; readonly errors: readonly ScheduleError[] };

export const DEFAULT_TIMEZONE = 'UTC';

/** Parses the `schedule` entries and `timezone` of a config, reporting every bad one. */
export function parseSchedule(entries: readonly string[], timezone: string = DEFAULT_TIMEZONE): ParseScheduleResult {
  const errors: ScheduleError[] = [];
  const windows: ScheduleWindow[] = [];
  entries.forEach((entry, index) => {
    const parsed = parseEntry(entry);
    if (parsed.ok) windows.push(parsed.window);
    else errors.push({ path: ['schedule', index], message: parsed.message });
  });
  const zoneProblem = timeZoneProblem(timezone);
  if (zoneProblem !== undefined) errors.push({ path: ['timezone'], message: zoneProblem });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, schedule: { timezone, windows } };
}

/** What is wrong with one schedule entry, or undefined when it parses (for the config schema). */
export function scheduleEntryProblem(entry: string): string | undefined {
  const parsed = parseEntry(entry);
  return parsed.ok ? undefined : parsed.message;
}

/**
 * IANA names only (`Europe/Berlin`, `UTC`, `Etc/GMT-14`). Offsets such as `+02:00` are refused
 * on every runtime: newer ones accept them, older ones do not, and a config must mean the same
 * wherever pinbot runs (an offset also ignores daylight saving, which a schedule should not).
 */
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

/** Why `name` is not a time zone this runtime knows, or undefined when it is one. */
export function timeZoneProblem(name: string): string | undefined {
  return !IANA_NAME.test(name) || formatterFor(name) === undefined
    ? `${JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name)} is not an IANA time zone such as "Europe/Berlin" or "UTC"`
    : undefined;
}

/** Whether PRs may be opened or updated at `now`. An invalid date is never within the schedule. */
export function isWithinSchedule(schedule: Schedule, now: Date): boolean {
  if (schedule.windows.length === 0) return true;
  const local = localTime(schedule.timezone, now);
  if (local === undefined) return false;
  return schedule.windows.some(
    (window) => (window.days === null || window.days.includes(local.weekday)) && withinTimes(window, local.minutes),
  );
}

function withinTimes({ after, before }: ScheduleWindow, minutes: number): boolean {
  if (after === null) return before === null || minutes < before;
  if (before === null) return minutes >= after;
  // after > before: the window wraps past midnight (equal times are rejected by the parser).
  return after < before ? minutes >= after && minutes < before : minutes >= after || minutes < before;
}

const WEEKDAYS: Readonly<Record<string, Weekday>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

// Building a formatter costs far more than using one; the scheduler asks about the same zones repeatedly.
const formatters = new Map<string, Intl.DateTimeFormat | undefined>();

function formatterFor(timezone: string): Intl.DateTimeFormat | undefined {
  if (formatters.has(timezone)) return formatters.get(timezone);
  let formatter: Intl.DateTimeFormat | undefined;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
  } catch {
    formatter = undefined; // RangeError: not a time zone ICU knows
  }
  if (formatters.size < 1000) formatters.set(timezone, formatter);
  return formatter;
}

/** Local weekday and minutes after midnight of `now` in `timezone`, DST included. */
function localTime(timezone: string, now: Date): { weekday: Weekday; minutes: number } | undefined {
  const formatter = formatterFor(timezone);
  if (formatter === undefined || Number.isNaN(now.getTime())) return undefined;
  const parts = Object.fromEntries(formatter.formatToParts(now).map((part) => [part.type, part.value]));
  const weekday = WEEKDAYS[parts.weekday ?? ''];
  const minutes = Number(parts.hour) * 60 + Number(parts.minute);
  return weekday === undefined || Number.isNaN(minutes) ? undefined : { weekday, minutes };
}
