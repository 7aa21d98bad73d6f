import { afterEach, expect, it, jest } from '@jest/globals';
import type { ScanRequest } from '../../src/app/scale/scan-queue.js';
import { until, useRedisQueues } from '../helpers/redis/queues.js';

/**
 * The scaled App's queue worker on a real redis-server: it takes no job before the App is ready
 * for it, and a Redis that goes away is not reported once per reconnection on stderr.
 */
jest.setTimeout(60_000);

const redis = useRedisQueues({ lockMs: 6_000 });

afterEach(() => {
  jest.restoreAllMocks();
});

const request: ScanRequest = { installationId: 1, target: { owner: 'acme', repo: 'api' }, quiet: false };

it('a worker started later takes no job until it is told to, then takes the waiting one', async () => {
  const scanned: ScanRequest[] = [];
  const queue = redis.replica({
    startWorking: 'later',
    scan: (taken) => {
      scanned.push(taken);
      return Promise.resolve('done');
    },
  });
  expect(await queue.enqueue(request)).toBe('queued');
  // Long enough for a running worker to have taken it (BullMQ's blocking wait answers at once).
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(scanned).toEqual([]);
  expect(await queue.counts()).toMatchObject({ waiting: 1, active: 0, failed: 0 });

  queue.startWorking();
  queue.startWorking();
  await until(() => scanned.length === 1, 'the scan');
  expect(scanned[0]).toEqual(request);
});

it('a Redis that goes away and comes back is not reported on stderr once per reconnection', async () => {
  const observer = redis.client();
  const queue = redis.replica({ scan: () => Promise.resolve('done') });
  expect(await queue.enqueue(request)).toBe('queued');
  const printed: string[] = [];
  jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' ')));
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  });

  // Down for several reconnection attempts (ioredis backs off from 50 ms).
  await redis.bounce(2_000);
  await until(() => observer.status === 'ready', 'the reconnection');
  expect(await queue.enqueue({ ...request, target: { owner: 'acme', repo: 'web' } })).toBe('queued');

  expect(printed.filter((line) => /ECONNREFUSED|Connection is closed|ioredis/i.test(line))).toEqual([]);
});
