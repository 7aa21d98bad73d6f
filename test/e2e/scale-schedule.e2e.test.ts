import { afterAll, beforeAll, expect, it, jest } from '@jest/globals';
import { until, type AppProcess } from '../helpers/app-process/index.js';
import { scanLines, startScaledWorld, type ScaledWorld } from '../helpers/app-process/scaled-world.js';

/**
 * The schedule of the scaled App (issue 13) with two real processes that both set it: one BullMQ
 * job scheduler, so each tick is walked once, by one of them, and each repository scanned once
 * per tick. PINBOT_SCHEDULE takes a seconds field, so a tick every 3 s is an operator's setting.
 */
jest.setTimeout(240_000);

let world: ScaledWorld;
let apps: AppProcess[] = [];
const REPOSITORIES = ['tick-1', 'tick-2', 'tick-3'];

beforeAll(async () => {
  world = await startScaledWorld();
  for (const name of REPOSITORIES) world.repository(name);
}, 120_000);

afterAll(async () => {
  await world?.stop();
});

it('ticks once across both processes: every repository is scanned once per tick, not twice', async () => {
  // The lock at the 10 s the README advises, not the world's shorter one (which makes the kill test
  // fast): under CI's load a 2 s lock lapsed while a walk ran, and another process re-ran its tick.
  const env = { PINBOT_SCHEDULE: '*/3 * * * * *', PINBOT_JOB_LOCK_SECONDS: '10' };
  apps = await Promise.all(['a', 'b'].map((name) => world.app(name, env)));
  const walks = () => apps.flatMap((app) => app.logged('scheduled walk enqueued').map((line) => String(line.tick)));
  await until(() => REPOSITORIES.every((repo) => world.fake.listPulls('acme', repo).length === 1), 'a PR in each repository');
  await until(() => walks().length >= 4, 'four ticks');
  expect(await Promise.all(apps.map((app) => app.stop()))).toEqual([0, 0]);

  const ticks = walks();
  // Every walk is a different tick (`repeat:pinbot-schedule:<time>`): a second scheduler would repeat times.
  const times = ticks.map((tick) => /:(\d+)$/.exec(tick)?.[1]);
  expect(times.every((time) => time !== undefined)).toBe(true);
  expect(new Set(times).size).toBe(ticks.length);
  for (const repo of REPOSITORIES) {
    expect(world.fake.listPulls('acme', repo, { state: 'all' })).toHaveLength(1);
    // At most once per tick (a tick may fold into a scan still queued from the one before).
    expect(scanLines(apps, 'scan finished', repo).length).toBeLessThanOrEqual(ticks.length);
    expect(scanLines(apps, 'scan finished', repo).length).toBeGreaterThanOrEqual(2);
  }
});
