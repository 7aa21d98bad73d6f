import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createWritePacer, rateLimitWait } from '../../src/github/pacing.js';
import { createMemoryWriteWindows, GITHUB_WRITE_LIMITS, writeDelay } from '../../src/github/write-window.js';
import { github, testOctokit, useStrictNock } from './support.js';

useStrictNock();

const MINUTE = 60_000;
const HOUR = 3_600_000;

describe('writeDelay', () => {
  it('spaces writes a second apart, at most 80 a minute and 500 an hour', () => {
    expect(writeDelay([], 10_000, GITHUB_WRITE_LIMITS)).toBe(0);
    expect(writeDelay([9_500], 10_000, GITHUB_WRITE_LIMITS)).toBe(500);
    const minute = Array.from({ length: 80 }, (_, i) => 100_000 + i * 10);
    expect(writeDelay(minute, 100_000 + 2_000, GITHUB_WRITE_LIMITS)).toBe(MINUTE - 2_000);
    const hour = Array.from({ length: 500 }, (_, i) => i * 6_000);
    expect(writeDelay(hour, 3_000_000, GITHUB_WRITE_LIMITS)).toBe(HOUR - 3_000_000);
  });

  it('never lets a window hold more than its limit, whatever the arrivals (property)', async () => {
    const limits = { perMinute: 5, perHour: 12, spacingMs: 100 };
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 20 * MINUTE }), { maxLength: 60 }), async (arrivals) => {
        const windows = createMemoryWriteWindows();
        const started: number[] = [];
        for (const arrival of [...arrivals].sort((a, b) => a - b)) {
          let at = Math.max(arrival, started[started.length - 1] ?? 0);
          for (let wait = await windows.take('k', at, limits); wait > 0; wait = await windows.take('k', at, limits)) at += wait;
          started.push(at);
        }
        for (const [i, at] of started.entries()) {
          expect(started.filter((other) => other > at - MINUTE && other <= at).length).toBeLessThanOrEqual(limits.perMinute);
          expect(started.filter((other) => other > at - HOUR && other <= at).length).toBeLessThanOrEqual(limits.perHour);
          if (i > 0) expect(at - (started[i - 1] ?? 0)).toBeGreaterThanOrEqual(limits.spacingMs);
        }
      }),
    );
  });
});

/** The windows as GitHub states them, read off the whole history: the reference for the fast paths. */
function naiveDelay(history: readonly number[], now: number, limits: { perMinute: number; perHour: number; spacingMs: number }): number {
  const recent = history.filter((at) => at > now - HOUR);
  const lastMinute = recent.filter((at) => at > now - MINUTE);
  let wait = 0;
  const last = recent[recent.length - 1];
  if (last !== undefined) wait = Math.max(wait, last + limits.spacingMs - now);
  if (lastMinute.length >= limits.perMinute)
    wait = Math.max(wait, (lastMinute[lastMinute.length - limits.perMinute] ?? now) + MINUTE - now);
  if (recent.length >= limits.perHour) wait = Math.max(wait, (recent[recent.length - limits.perHour] ?? now) + HOUR - now);
  return Math.max(0, wait);
}

const smallLimits = fc.record({
  perMinute: fc.integer({ min: 1, max: 6 }),
  perHour: fc.integer({ min: 1, max: 15 }),
  spacingMs: fc.integer({ min: 0, max: 5_000 }),
});
const arrivalTimes = fc.array(fc.integer({ min: 0, max: 3 * HOUR }), { maxLength: 80 }).map((times) => times.sort((a, b) => a - b));

describe('write windows stay cheap on long histories (issue 13: 5,000 repositories, 25,000 writes)', () => {
  it('writeDelay (binary search) answers as the whole-history reading, for any ascending history (property)', () => {
    fc.assert(
      fc.property(arrivalTimes, fc.integer({ min: 0, max: 4 * HOUR }), smallLimits, (history, now, limits) => {
        expect(writeDelay(history, now, limits)).toBe(naiveDelay(history, now, limits));
      }),
    );
  });

  it('the memory store, which forgets what can no longer delay a write, answers as one that remembers everything (property)', async () => {
    await fc.assert(
      fc.asyncProperty(arrivalTimes, smallLimits, async (arrivals, limits) => {
        const windows = createMemoryWriteWindows();
        const everything: number[] = [];
        for (const at of arrivals) {
          const expected = naiveDelay(everything, at, limits);
          expect(await windows.take('k', at, limits)).toBe(expected);
          if (expected === 0) everything.push(at);
        }
      }),
    );
  });
});

describe('rateLimitWait', () => {
  const refusal = (status: number, headers: Record<string, string>, message = 'Forbidden') => ({ status, message, response: { headers } });

  it('reads retry-after, then an exhausted limit’s reset, then GitHub’s one minute for a secondary limit', () => {
    expect(rateLimitWait(refusal(403, { 'retry-after': '30' }), 0)).toBe(30_000);
    expect(rateLimitWait(refusal(429, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '100' }), 40_000)).toBe(61_000);
    expect(rateLimitWait(refusal(403, {}, 'You have exceeded a secondary rate limit'), 0)).toBe(60_000);
    expect(rateLimitWait(refusal(429, {}), 0)).toBe(60_000);
  });

  it('is no rate limit for any other refusal', () => {
    expect(rateLimitWait(refusal(403, { 'x-ratelimit-remaining': '10' }, 'Resource not accessible by integration'), 0)).toBeUndefined();
    expect(rateLimitWait(refusal(404, { 'retry-after': '1' }), 0)).toBeUndefined();
    expect(rateLimitWait(new Error('socket hang up'), 0)).toBeUndefined();
  });
});

/** A content-creating request to acme/a; what it creates doesn't matter to the pacer, only that it is a POST. */
const post = (octokit: ReturnType<typeof testOctokit>, path: 'git/refs' | 'pulls' | 'labels') => {
  // Widened to string: Octokit types known routes' parameters, and these need none beyond the repository.
  const route: string = `POST /repos/{owner}/{repo}/${path}`;
  return octokit.request(route, { owner: 'acme', repo: 'a' });
};

/** A clock that moves only when someone sleeps. */
function fakeTime() {
  const time = { now: 1_000_000, slept: [] as number[] };
  return {
    time,
    now: () => time.now,
    sleep: async (ms: number) => {
      time.slept.push(ms);
      time.now += ms;
    },
  };
}

describe('createWritePacer', () => {
  it('queues writes instead of failing them, and lets repositories take turns', async () => {
    const clock = fakeTime();
    const pacer = createWritePacer({ now: clock.now, sleep: clock.sleep });
    const octokit = pacer.pace(testOctokit(), 7);
    const order: string[] = [];
    github()
      .post(/\/repos\/acme\/(busy|quiet)\/git\/refs/)
      .times(4)
      .reply(201, (uri) => {
        order.push(uri.split('/')[3] ?? '');
        return {};
      });
    const write = (repo: string) =>
      octokit.request('POST /repos/{owner}/{repo}/git/refs', { owner: 'acme', repo, ref: 'refs/heads/x', sha: 'a' });

    await Promise.all([write('busy'), write('busy'), write('busy'), write('quiet')]);

    expect(order).toEqual(['busy', 'quiet', 'busy', 'busy']);
    // One second between writes of one installation.
    expect(clock.time.slept).toEqual([1000, 1000, 1000]);
  });

  it('does not hold reads, nor another installation’s writes', async () => {
    const clock = fakeTime();
    const pacer = createWritePacer({ now: clock.now, sleep: clock.sleep });
    github().post('/repos/acme/a/git/refs').twice().reply(201, {}).get('/repos/acme/a').twice().reply(200, {});
    const first = pacer.pace(testOctokit(), 1);
    const second = pacer.pace(testOctokit(), 2);
    await post(first, 'git/refs');
    await post(second, 'git/refs');
    await first.request('GET /repos/{owner}/{repo}', { owner: 'acme', repo: 'a' });
    await first.request('GET /repos/{owner}/{repo}', { owner: 'acme', repo: 'a' });
    expect(clock.time.slept).toEqual([]);
  });

  it('waits as long as a 403 secondary limit or a 429 says, then tries again', async () => {
    const clock = fakeTime();
    const pacer = createWritePacer({ now: clock.now, sleep: clock.sleep, limits: { ...GITHUB_WRITE_LIMITS, spacingMs: 0 } });
    const octokit = pacer.pace(testOctokit(), 3);
    github()
      .post('/repos/acme/a/pulls')
      .reply(403, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '45' })
      .post('/repos/acme/a/pulls')
      .reply(
        429,
        { message: 'Too many requests' },
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(1_000_000 / 1000) + 200) },
      )
      .post('/repos/acme/a/pulls')
      .reply(201, { number: 1 });

    const created = await post(octokit, 'pulls');

    expect(created.status).toBe(201);
    expect(clock.time.slept[0]).toBe(45_000);
    // The reset is 200 s after the start, 45 s of which have passed, plus a second's margin.
    expect(clock.time.slept[1]).toBe(156_000);
  });

  it('passes the refusal on after its retries, and any other error at once', async () => {
    const clock = fakeTime();
    const pacer = createWritePacer({ now: clock.now, sleep: clock.sleep, retries: 1, limits: { ...GITHUB_WRITE_LIMITS, spacingMs: 0 } });
    const octokit = pacer.pace(testOctokit(), 4);
    github()
      .post('/repos/acme/a/pulls')
      .twice()
      .reply(403, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '1' })
      .post('/repos/acme/a/labels')
      .reply(403, { message: 'Resource not accessible by integration' });
    await expect(post(octokit, 'pulls')).rejects.toMatchObject({ status: 403 });
    await expect(post(octokit, 'labels')).rejects.toMatchObject({ status: 403 });
    expect(clock.time.slept).toEqual([1000]);
  });

  it('paces a client once however often it is passed', async () => {
    const clock = fakeTime();
    const pacer = createWritePacer({ now: clock.now, sleep: clock.sleep });
    const octokit = testOctokit();
    expect(pacer.pace(pacer.pace(octokit, 1), 1)).toBe(octokit);
    github().post('/repos/acme/a/git/refs').reply(201, {});
    await post(octokit, 'git/refs');
    expect(clock.time.slept).toEqual([]);
  });
});
