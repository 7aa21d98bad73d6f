import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isWithinSchedule, parseSchedule, type Schedule } from '../../src/schedule/schedule.js';
import { hostileText } from '../pr/arbitraries.js';

const RUNS = { numRuns: 1000 };

function scheduleOf(entries: readonly string[], timezone = 'UTC'): Schedule {
  const parsed = parseSchedule(entries, timezone);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.schedule;
}

const within = (entries: readonly string[], iso: string, timezone = 'UTC'): boolean =>
  isWithinSchedule(scheduleOf(entries, timezone), new Date(iso));

describe('parseSchedule', () => {
  it.each([
    ['every weekday', { days: [1, 2, 3, 4, 5], after: null, before: null }],
    ['Every Weekend', { days: [0, 6], after: null, before: null }],
    ['on monday and friday', { days: [1, 5], after: null, before: null }],
    ['on monday,tuesday', { days: [1, 2], after: null, before: null }],
    ['on fri, mon, and wed', { days: [1, 3, 5], after: null, before: null }],
    ['before 6am', { days: null, after: null, before: 360 }],
    ['after 10pm', { days: null, after: 1320, before: null }],
    ['before 6am on monday', { days: [1], after: null, before: 360 }],
    ['on monday before 6am', { days: [1], after: null, before: 360 }],
    ['after 9pm and before 6am', { days: null, after: 1260, before: 360 }],
    ['after 6:30pm', { days: null, after: 1110, before: null }],
    ['before 18:00', { days: null, after: null, before: 1080 }],
    ['after 7:05 and before 12pm every weekday', { days: [1, 2, 3, 4, 5], after: 425, before: 720 }],
    ['before 12am', { days: null, after: null, before: 0 }],
    ['after 12:15am', { days: null, after: 15, before: null }],
    ['before 6 am on sunday and saturday', { days: [0, 6], after: null, before: 360 }],
    ['  on   monday  and  before  6am ', { days: [1], after: null, before: 360 }],
  ])('reads %j', (entry, window) => {
    expect(scheduleOf([entry]).windows).toEqual([{ source: entry, ...window }]);
  });

  it('keeps the time zone and every entry', () => {
    expect(scheduleOf(['every weekend', 'before 6am'], 'Europe/Berlin')).toEqual({
      timezone: 'Europe/Berlin',
      windows: [
        { source: 'every weekend', days: [0, 6], after: null, before: null },
        { source: 'before 6am', days: null, after: null, before: 360 },
      ],
    });
  });

  it('defaults to UTC', () => {
    expect(parseSchedule([])).toEqual({ ok: true, schedule: { timezone: 'UTC', windows: [] } });
  });

  it.each([
    ['', 'the entry is empty; write e.g. "every weekday", "on monday and friday", "before 6am", "after 10pm and before 5am"'],
    ['weekly', 'unexpected word "weekly"; write e.g. "every weekday", "on monday and friday", "before 6am", "after 10pm and before 5am"'],
    ['every day', 'expected "weekday" or "weekend" after "every", got "day"'],
    ['every', 'expected "weekday" or "weekend" after "every", got the end of the entry'],
    ['on funday', 'expected a day such as "monday" after "on", got "funday"'],
    ['on monday,', 'expected a day after the comma, got the end of the entry'],
    ['on monday, before 6am', 'expected a day after the comma, got "before"'],
    ['before 6', 'expected a time such as 6am, 6:30pm or 18:00 after "before", got "6"'],
    ['before 13pm', 'expected a time such as 6am, 6:30pm or 18:00 after "before", got "13pm"'],
    ['after 0am', 'expected a time such as 6am, 6:30pm or 18:00 after "after", got "0am"'],
    ['after 24:00', 'expected a time such as 6am, 6:30pm or 18:00 after "after", got "24:00"'],
    ['after 6:60am', 'expected a time such as 6am, 6:30pm or 18:00 after "after", got "6:60am"'],
    ['before 6am before 7am', '"before" appears twice'],
    ['every weekday on monday', '"every" already chose the days; use one "every" or "on" clause'],
    ['after 6am and before 6am', '"after" and "before" name the same time, which leaves no window (or all day); drop one'],
    [
      'and before 6am',
      'unexpected word "and"; write e.g. "every weekday", "on monday and friday", "before 6am", "after 10pm and before 5am"',
    ],
    [
      'before 6am and',
      'unexpected word "and"; write e.g. "every weekday", "on monday and friday", "before 6am", "after 10pm and before 5am"',
    ],
    [
      'before 6am, after 1am',
      'unexpected comma; write e.g. "every weekday", "on monday and friday", "before 6am", "after 10pm and before 5am"',
    ],
  ])('rejects %j', (entry, message) => {
    expect(parseSchedule([entry])).toEqual({ ok: false, errors: [{ path: ['schedule', 0], message }] });
  });

  it('reports every bad entry and a bad time zone, each with its path', () => {
    expect(parseSchedule(['every weekday', 'at noon', 'before 6am', 'on caturday'], 'Europe/Atlantis')).toEqual({
      ok: false,
      errors: [
        { path: ['schedule', 1], message: expect.stringMatching(/^unexpected word "at"/) },
        { path: ['schedule', 3], message: 'expected a day such as "monday" after "on", got "caturday"' },
        { path: ['timezone'], message: '"Europe/Atlantis" is not an IANA time zone such as "Europe/Berlin" or "UTC"' },
      ],
    });
  });

  it('never throws, whatever the entries and time zone', () => {
    const vocabulary = fc.constantFrom(
      'every',
      'on',
      'before',
      'after',
      'and',
      ',',
      'weekday',
      'weekend',
      'monday',
      'sun',
      '6am',
      '12pm',
      '18:00',
      '6',
      'am',
      '0:00',
      '99:99',
    );
    const soup = fc.array(vocabulary, { maxLength: 8 }).map((words) => words.join(' '));
    fc.assert(
      fc.property(
        fc.array(fc.oneof(soup, hostileText, fc.string()), { maxLength: 5 }),
        fc.oneof(hostileText, fc.constantFrom('UTC', 'Europe/Berlin', '')),
        (entries, timezone) => {
          const result = parseSchedule(entries, timezone);
          if (result.ok) {
            expect(result.schedule.windows).toHaveLength(entries.length);
            expect(typeof isWithinSchedule(result.schedule, new Date('2024-05-06T04:00:00Z'))).toBe('boolean');
          } else {
            expect(result.errors.length).toBeGreaterThan(0);
          }
        },
      ),
      RUNS,
    );
  });
});

describe('isWithinSchedule', () => {
  it('is always open without entries', () => {
    expect(within([], '2024-05-04T12:00:00Z')).toBe(true);
  });

  it.each([
    // 2024-05-06 is a Monday.
    [['every weekday'], '2024-05-06T12:00:00Z', true],
    [['every weekday'], '2024-05-04T12:00:00Z', false],
    [['every weekend'], '2024-05-05T23:59:59Z', true],
    [['every weekend'], '2024-05-06T00:00:00Z', false],
    [['on monday and friday'], '2024-05-10T09:00:00Z', true],
    [['on monday and friday'], '2024-05-08T09:00:00Z', false],
    [['before 6am'], '2024-05-08T05:59:59Z', true],
    [['before 6am'], '2024-05-08T06:00:00Z', false],
    [['after 10pm'], '2024-05-08T21:59:59Z', false],
    [['after 10pm'], '2024-05-08T22:00:00Z', true],
    [['after 10pm and before 5am'], '2024-05-08T23:30:00Z', true],
    [['after 10pm and before 5am'], '2024-05-08T04:59:00Z', true],
    [['after 10pm and before 5am'], '2024-05-08T05:00:00Z', false],
    [['after 10pm and before 5am'], '2024-05-08T12:00:00Z', false],
    [['after 9am and before 5pm'], '2024-05-08T09:00:00Z', true],
    [['after 9am and before 5pm'], '2024-05-08T17:00:00Z', false],
    [['before 6am on monday'], '2024-05-06T05:00:00Z', true],
    [['before 6am on monday'], '2024-05-07T05:00:00Z', false],
    // Any entry may open the schedule.
    [['before 6am on monday', 'every weekend'], '2024-05-04T15:00:00Z', true],
    [['before 6am on monday', 'every weekend'], '2024-05-08T03:00:00Z', false],
  ])('%j at %s → %s', (entries, iso, expected) => {
    expect(within(entries, iso)).toBe(expected);
  });

  it('reads days and times in the configured time zone', () => {
    // Monday 00:30 in Berlin is still Sunday in UTC.
    expect(within(['on monday'], '2024-05-05T22:30:00Z', 'Europe/Berlin')).toBe(true);
    expect(within(['on monday'], '2024-05-05T22:30:00Z')).toBe(false);
    // 23:00 in New York (EDT, UTC-4) is 03:00 UTC the next day.
    expect(within(['after 10pm'], '2024-07-04T03:00:00Z', 'America/New_York')).toBe(true);
    expect(within(['after 10pm'], '2024-07-04T03:00:00Z')).toBe(false);
    // Half-hour offsets: 05:59 in Kolkata is 00:29 UTC.
    expect(within(['before 6am'], '2024-01-10T00:29:00Z', 'Asia/Kolkata')).toBe(true);
    expect(within(['before 6am'], '2024-01-10T00:30:00Z', 'Asia/Kolkata')).toBe(false);
  });

  it.each([
    ['winter (CET, UTC+1)', '2024-01-15T04:59:00Z', '2024-01-15T05:00:00Z'],
    ['summer (CEST, UTC+2)', '2024-07-15T03:59:00Z', '2024-07-15T04:00:00Z'],
    ['the day clocks go forward', '2024-03-31T03:59:00Z', '2024-03-31T04:00:00Z'],
    ['the day clocks go back', '2024-10-27T04:59:00Z', '2024-10-27T05:00:00Z'],
  ])('"before 6am" in Europe/Berlin opens at 05:59 and closes at 06:00, %s', (_label, at0559, at0600) => {
    expect(within(['before 6am'], at0559, 'Europe/Berlin')).toBe(true);
    expect(within(['before 6am'], at0600, 'Europe/Berlin')).toBe(false);
  });

  it('follows the wall clock through the repeated and skipped hours of DST', () => {
    // 2024-10-27: 02:00–02:59 happens twice (CEST, then CET); both are within 2am–3am.
    expect(within(['after 2am and before 3am'], '2024-10-27T00:30:00Z', 'Europe/Berlin')).toBe(true);
    expect(within(['after 2am and before 3am'], '2024-10-27T01:30:00Z', 'Europe/Berlin')).toBe(true);
    // 2024-03-31: 02:00–02:59 does not exist; 01:59 CET is followed by 03:00 CEST.
    expect(within(['after 2am and before 3am'], '2024-03-31T00:59:00Z', 'Europe/Berlin')).toBe(false);
    expect(within(['after 2am and before 3am'], '2024-03-31T01:00:00Z', 'Europe/Berlin')).toBe(false);
  });

  it('is never open at an invalid date', () => {
    expect(within(['before 11pm'], 'not a date')).toBe(false);
  });

  it('agrees with the EU daylight-saving rules for Europe/Berlin at any instant', () => {
    const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2037, 11, 31) }).map((ms) => new Date(ms));
    const minuteOfDay = fc.integer({ min: 0, max: 1439 });
    fc.assert(
      fc.property(instant, minuteOfDay, minuteOfDay, fc.integer({ min: 0, max: 6 }), (now, start, end, day) => {
        const local = berlinWallClock(now);
        const entry = (clause: string, minutes: number): string =>
          `${clause} ${String(Math.floor(minutes / 60))}:${String(minutes % 60).padStart(2, '0')}`;
        expect(within([entry('before', end)], now.toISOString(), 'Europe/Berlin')).toBe(local.minutes < end);
        expect(within([entry('after', start)], now.toISOString(), 'Europe/Berlin')).toBe(local.minutes >= start);
        if (start !== end) {
          const inWindow = start < end ? local.minutes >= start && local.minutes < end : local.minutes >= start || local.minutes < end;
          const onDay = `on ${['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'][day]}`;
          expect(within([`${entry('after', start)} and ${entry('before', end)} ${onDay}`], now.toISOString(), 'Europe/Berlin')).toBe(
            inWindow && local.weekday === day,
          );
        }
      }),
      RUNS,
    );
  });

  it('agrees with 12-hour spellings of the same times', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (hour, minute) => {
        const twelve = `${hour % 12 === 0 ? 12 : hour % 12}:${String(minute).padStart(2, '0')}${hour < 12 ? 'am' : 'pm'}`;
        const twentyFour = `${hour}:${String(minute).padStart(2, '0')}`;
        expect(scheduleOf([`before ${twelve}`]).windows[0]?.before).toBe(hour * 60 + minute);
        expect(scheduleOf([`before ${twentyFour}`]).windows[0]?.before).toBe(hour * 60 + minute);
      }),
      RUNS,
    );
  });
});

/**
 * Berlin's wall clock computed independently of Intl: CET (UTC+1), and CEST (UTC+2) from 01:00
 * UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October (EU rule since 1996).
 */
function berlinWallClock(now: Date): { weekday: number; minutes: number } {
  const year = now.getUTCFullYear();
  const lastSunday = (month: number): number => {
    const lastDay = new Date(Date.UTC(year, month + 1, 0));
    return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
  };
  const summer = now.getTime() >= lastSunday(2) && now.getTime() < lastSunday(9);
  const local = new Date(now.getTime() + (summer ? 2 : 1) * 3_600_000);
  return { weekday: local.getUTCDay(), minutes: local.getUTCHours() * 60 + local.getUTCMinutes() };
}
