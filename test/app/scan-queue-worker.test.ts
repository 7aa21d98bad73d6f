import { afterAll, afterEach, beforeAll, expect, it, jest } from '@jest/globals';
import { Redis } from 'ioredis';
import { createScanQueue, type ScanQueue, type ScanRequest } from '../../src/app/scale/scan-queue.js';
import { startRedis, type LocalRedis } from '../helpers/redis/index.js';

/**
 * The scaled App's queue worker on a real redis-server: it takes no job before the App is ready
 * for it, and a Redis that goes away is not reported once per reconnection on stderr.
 */
jest.setTimeout(60_000);

let redis: LocalRedis;
let clients: Redis[] = [];
let queues: ScanQueue[] = [];

beforeAll(async () => {
  redis = await startRedis();
});

afterEach(async () => {
  jest.restoreAllMocks();
  await Promise.all(queues.map((queue) => queue.close()));
  queues = [];
  await clients[0]?.flushall();
  for (const client of clients) client.disconnect();
  clients = [];
});

afterAll(async () => {
  await redis?.stop();
});

function client(): Redis {
  const made = new Redis(redis.url, { maxRetriesPerRequest: null });
  // The test's own connection: its reconnection errors are not what is under test.
  made.on('error', () => undefined);
  clients.push(made);
  return made;
}

const request: ScanRequest = { installationId: 1, target: { owner: 'acme', repo: 'api' }, quiet: false };

async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it('a worker started later takes no job until it is told to, then takes the waiting one', async () => {
  const scanned: ScanRequest[] = [];
  const queue = createScanQueue({
    redis: client(),
    lockMs: 6_000,
    startWorking: 'later',
    scan: (taken) => {
      scanned.push(taken);
      return Promise.resolve('done');
    },
  });
  queues.push(queue);
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
  const queue = createScanQueue({ redis: client(), lockMs: 6_000, scan: () => Promise.resolve('done') });
  queues.push(queue);
  expect(await queue.enqueue(request)).toBe('queued');
  const printed: string[] = [];
  jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' ')));
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  });

  await redis.stop();
  // Several reconnection attempts (ioredis backs off from 50 ms).
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  redis = await startRedis({ port: redis.port });
  await until(() => clients.every((made) => made.status === 'ready'), 'the reconnection');
  expect(await queue.enqueue({ ...request, target: { owner: 'acme', repo: 'web' } })).toBe('queued');

  expect(printed.filter((line) => /ECONNREFUSED|Connection is closed|ioredis/i.test(line))).toEqual([]);
});
