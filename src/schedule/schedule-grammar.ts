/**
 * One schedule entry, a small Renovate-like phrase. Grammar (case-insensitive; clauses in any
 * order, each at most once, optionally joined by "and"):
 *
 *   entry  := clause (["and"] clause)*
 *   clause := "every" ("weekday" | "weekend")       Monday–Friday | Saturday and Sunday
 *           | "on" day (("," | "and" | ", and") day)*
 *           | "before" time                         local time earlier than `time`
 *           | "after" time                          local time at or later than `time`
 *   day    := monday … sunday, or mon … sun
 *   time   := 6am | 6:30pm | 12am (midnight) | 18:00 | 7:05 (24-hour)
 *
 * "after 10pm and before 6am" wraps past midnight: 22:00–23:59 and 00:00–05:59 of each chosen
 * day. Days and times are checked independently against the local date and time.
 */

/** 0 = Sunday … 6 = Saturday, as `Date#getUTCDay`. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface ScheduleWindow {
  /** The entry as written, for logs. */
  readonly source: string;
  /** The days it applies to, or null for every day. */
  readonly days: readonly Weekday[] | null;
  /** Minutes after local midnight: `after` is inclusive, `before` exclusive; null means unbounded. */
  readonly after: number | null;
  readonly before: number | null;
}

export type ParseEntryResult = { readonly ok: true; readonly window: ScheduleWindow } | { readonly ok: false; readonly message: string };

const DAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
const EXAMPLES = 'e.g. "every weekday", "on monday and friday", "before 6am", "after 10pm and before 5am"';

/** Thrown only inside this module and turned into a result at its edge. */
class EntryError extends Error {}

export function parseEntry(source: string): ParseEntryResult {
  try {
    return { ok: true, window: parseTokens(source, tokenize(source)) };
  } catch (error) {
    if (error instanceof EntryError) return { ok: false, message: error.message };
    throw error;
  }
}

function tokenize(source: string): string[] {
  const words = source
    .toLowerCase()
    .replace(/,/g, ' , ')
    .split(/\s+/)
    .filter((word) => word !== '');
  // "6 am" → "6am", so both spellings read the same.
  return words.flatMap((word, index) => {
    if (/^(?:am|pm)$/.test(word) && /^\d{1,2}(?::\d{2})?$/.test(words[index - 1] ?? '')) return [];
    const next = words[index + 1] ?? '';
    return /^\d{1,2}(?::\d{2})?$/.test(word) && /^(?:am|pm)$/.test(next) ? [word + next] : [word];
  });
}

function parseTokens(source: string, tokens: readonly string[]): ScheduleWindow {
  if (tokens.length === 0) throw new EntryError(`the entry is empty; write ${EXAMPLES}`);
  let days: Weekday[] | null = null;
  let daysClause = '';
  let after: number | null = null;
  let before: number | null = null;
  let index = 0;
  const take = (): string | undefined => tokens[index++];

  while (index < tokens.length) {
    const word = take() ?? '';
    if (word === 'and' && index > 1 && index < tokens.length && tokens[index] !== 'and') continue;
    if (word === 'every' || word === 'on') {
      if (days !== null) throw new EntryError(`"${daysClause}" already chose the days; use one "every" or "on" clause`);
      daysClause = word;
      if (word === 'every') {
        days = everyDays(take());
      } else {
        const list = dayList(tokens, index);
        days = list.days;
        index = list.end;
      }
    } else if (word === 'before' || word === 'after') {
      if ((word === 'before' ? before : after) !== null) throw new EntryError(`"${word}" appears twice`);
      const time = parseTime(take(), word);
      if (word === 'before') before = time;
      else after = time;
    } else {
      throw new EntryError(`unexpected ${word === ',' ? 'comma' : `word "${word}"`}; write ${EXAMPLES}`);
    }
  }
  if (after !== null && after === before) {
    throw new EntryError('"after" and "before" name the same time, which leaves no window (or all day); drop one');
  }
  return { source, days, after, before };
}

function everyDays(word: string | undefined): Weekday[] {
  if (word === 'weekday' || word === 'weekdays') return [1, 2, 3, 4, 5];
  if (word === 'weekend' || word === 'weekends') return [0, 6];
  throw new EntryError(`expected "weekday" or "weekend" after "every", got ${describe(word)}`);
}

/** `monday`, `monday and friday`, `mon, tue, and wed`; stops before an "and" that joins clauses. */
function dayList(tokens: readonly string[], start: number): { days: Weekday[]; end: number } {
  const days: Weekday[] = [];
  let index = start;
  for (;;) {
    const day = dayOf(tokens[index]);
    if (day === undefined) throw new EntryError(`expected a day such as "monday" after "on", got ${describe(tokens[index])}`);
    if (!days.includes(day)) days.push(day);
    index += 1;
    const separator = tokens[index] === ',' && tokens[index + 1] === 'and' ? 2 : tokens[index] === ',' || tokens[index] === 'and' ? 1 : 0;
    if (separator === 0) break;
    // A trailing comma or an "and" followed by another clause ends the list there.
    if (dayOf(tokens[index + separator]) === undefined) {
      if (tokens[index] === ',') throw new EntryError(`expected a day after the comma, got ${describe(tokens[index + separator])}`);
      break;
    }
    index += separator;
  }
  return { days: days.sort((a, b) => a - b), end: index };
}

function dayOf(word: string | undefined): Weekday | undefined {
  if (word === undefined || word.length < 3) return undefined;
  const index = DAY_NAMES.findIndex((name) => name === word || name.slice(0, 3) === word);
  return index < 0 ? undefined : (index as Weekday);
}

/** Minutes after midnight for `6am`, `6:30pm`, `18:00`. */
function parseTime(word: string | undefined, clause: string): number {
  const twelveHour = /^(\d{1,2})(?::(\d{2}))?(am|pm)$/.exec(word ?? '');
  if (twelveHour !== null) {
    const hour = Number(twelveHour[1]);
    const minute = Number(twelveHour[2] ?? '0');
    if (hour >= 1 && hour <= 12 && minute <= 59) return ((hour % 12) + (twelveHour[3] === 'pm' ? 12 : 0)) * 60 + minute;
  }
  const twentyFourHour = /^(\d{1,2}):(\d{2})$/.exec(word ?? '');
  if (twentyFourHour !== null) {
    const hour = Number(twentyFourHour[1]);
    const minute = Number(twentyFourHour[2]);
    if (hour <= 23 && minute <= 59) return hour * 60 + minute;
  }
  throw new EntryError(`expected a time such as 6am, 6:30pm or 18:00 after "${clause}", got ${describe(word)}`);
}

function describe(word: string | undefined): string {
  if (word === undefined) return 'the end of the entry';
  return word === ',' ? 'a comma' : `"${word.length > 40 ? `${word.slice(0, 40)}…` : word}"`;
}
