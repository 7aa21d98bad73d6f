import { afterEach, expect, it, jest } from '@jest/globals';
import type { ScanQueue } from '../../src/app/scale/scan-queue.js';
import { until, useRedisQueues } from '../helpers/redis/queues.js';

/**
 * The scaled App's job scheduler on a real redis-server: every replica asks for the schedule when
 * it starts or reconnects, and that must never run a tick twice or leave the schedule stale.
 */
jest.setTimeout(30_000);

const redis = useRedisQueues({ lockMs: 6_000 });

afterEach(() => {
  jest.restoreAllMocks();
});

/** A replica's queue: with `walk`, it also runs the scheduled walks. */
const replica = (walk?: (tick: { readonly job: string }) => Promise<void>): ScanQueue =>
  redis.replica(walk ? { scan: () => Promise.resolve('done' as const), walk } : {});

const tickTime = (job: string): number => Number(/:(\d+)$/.exec(job)?.[1]);

it('a replica that starts just as a tick ran does not run that tick again', async () => {
  const ticks: string[] = [];
  const worker = replica((tick) => {
    ticks.push(tick.job);
    return Promise.resolve();
  });
  await worker.schedule('* * * * * *');
  await until(() => ticks.length >= 1, 'the first tick');
  const ran = tickTime(ticks[0]!);

  // The second replica's clock reads just before the tick that already ran (a slow start, or a
  // clock a little behind): BullMQ's upsert would take that tick as the next one and make its job again.
  const late = replica();
  const now = jest.spyOn(Date, 'now').mockReturnValue(ran - 20);
  await late.schedule('* * * * * *');
  now.mockRestore();

  await until(() => ticks.length >= 3, 'two more ticks');
  const times = ticks.map(tickTime);
  expect(new Set(times).size).toBe(times.length);
  expect(times.filter((time) => time === ran)).toHaveLength(1);
});

it('a changed schedule replaces the old one, and a lost one is put back', async () => {
  const client = redis.client();
  const pattern = async (): Promise<string | undefined> => {
    const scheduler = await client.hget('pinbot-bull:pinbot-scans:repeat:pinbot-schedule', 'pattern');
    return scheduler ?? undefined;
  };
  const queue = replica(() => Promise.resolve());
  await queue.schedule('0 3 * * *');
  expect(await pattern()).toBe('0 3 * * *');

  // An operator changed PINBOT_SCHEDULE and a replica restarted with it.
  await replica().schedule('0 */6 * * *');
  expect(await pattern()).toBe('0 */6 * * *');

  // Redis restarted without its data: the reconnecting replica writes the schedule again.
  await client.flushall();
  expect(await pattern()).toBeUndefined();
  await queue.schedule('0 */6 * * *');
  expect(await pattern()).toBe('0 */6 * * *');
});
