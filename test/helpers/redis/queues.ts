import { afterAll, afterEach, beforeAll } from '@jest/globals';
import { Redis } from 'ioredis';
import { createScanQueue, type ScanQueue, type ScanQueueOptions } from '../../../src/app/scale/scan-queue.js';
import { startRedis, type LocalRedis } from './index.js';

/** A test file's real redis-server and the scaled App's queues on it (scan-queue.ts). */
export interface RedisQueues {
  /** The server: a new one on the same port after `bounce`. */
  readonly server: LocalRedis;
  /** A connection of the test's own, closed after each test (its reconnection errors are not reported). */
  readonly client: () => Redis;
  /** A replica's queue on a connection of its own, closed after each test. */
  readonly replica: (options?: Omit<ScanQueueOptions, 'redis'>) => ScanQueue;
  /** Stops Redis for `downMs` (its data gone, as without persistence), then starts it on the same port. */
  readonly bounce: (downMs: number) => Promise<void>;
}

/**
 * Starts one redis-server for the file; after each test closes every queue and connection made
 * through it and empties Redis, so tests don't see each other's jobs or locks.
 */
export function useRedisQueues(defaults: Omit<ScanQueueOptions, 'redis'> = {}): RedisQueues {
  let server: LocalRedis | undefined;
  let clients: Redis[] = [];
  let queues: ScanQueue[] = [];
  beforeAll(async () => {
    server = await startRedis();
  });
  afterEach(async () => {
    await Promise.all(queues.map((queue) => queue.close()));
    queues = [];
    await clients[0]?.flushall();
    for (const made of clients) made.disconnect();
    clients = [];
  });
  afterAll(async () => {
    await server?.stop();
  });
  const started = (): LocalRedis => {
    if (!server) throw new Error('redis-server is not started yet: use it inside a test');
    return server;
  };
  const client = (): Redis => {
    const made = new Redis(started().url, { maxRetriesPerRequest: null });
    made.on('error', () => undefined);
    clients.push(made);
    return made;
  };
  return {
    get server() {
      return started();
    },
    client,
    replica: (options = {}) => {
      const queue = createScanQueue({ redis: client(), ...defaults, ...options });
      queues.push(queue);
      return queue;
    },
    bounce: async (downMs) => {
      const { port } = started();
      await started().stop();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      server = await startRedis({ port });
    },
  };
}

/** Waits until `done()` holds, polling every 50 ms; fails naming `what` after `ms`. */
export async function until(done: () => boolean | Promise<boolean>, what: string, ms = 40_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
