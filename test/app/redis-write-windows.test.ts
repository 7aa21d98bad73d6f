import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { redisWriteWindows } from '../../src/app/scale/redis-stores.js';
import { createMemoryWriteWindows, GITHUB_WRITE_LIMITS } from '../../src/github/write-window.js';
import { startRedis, type LocalRedis } from '../helpers/redis/index.js';

/**
 * The scaled App's write windows (issue 13) on a real redis-server: the Lua script must answer
 * exactly as the embedded store does, and it finds the minute's window by count and rank so a
 * window holding thousands of writes (5,000 repositories under generous limits) costs no more.
 */
let server: LocalRedis;
let redis: Redis;

beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url);
});

afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

const MINUTE = 60_000;
const HOUR = 3_600_000;
const BASE = 1_764_000_000_000; // epoch ms, as the pacer passes them

describe('redisWriteWindows', () => {
  it('answers as the memory store for any arrivals and limits (property)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 2 * HOUR }), { maxLength: 40 }).map((times) => times.sort((a, b) => a - b)),
        fc.record({
          perMinute: fc.integer({ min: 1, max: 5 }),
          perHour: fc.integer({ min: 1, max: 12 }),
          spacingMs: fc.integer({ min: 0, max: 3_000 }),
        }),
        async (arrivals, limits) => {
          const shared = redisWriteWindows(redis);
          const memory = createMemoryWriteWindows();
          const key = `property-${run++}`;
          for (const at of arrivals) expect(await shared.take(key, BASE + at, limits)).toBe(await memory.take(key, BASE + at, limits));
        },
      ),
      { numRuns: 40 },
    );
  });

  it("holds the 81st write of a minute until the minute's first has left it, with thousands of older writes in the hour", async () => {
    const shared = redisWriteWindows(redis);
    const generous = { perMinute: 1_000_000, perHour: 1_000_000, spacingMs: 0 };
    for (let i = 0; i < 3_000; i++) expect(await shared.take('busy', BASE + i * 100, generous)).toBe(0);
    const limits = { ...GITHUB_WRITE_LIMITS, perHour: 1_000_000, spacingMs: 0 };
    const minuteStart = BASE + 10 * MINUTE;
    for (let i = 0; i < 80; i++) expect(await shared.take('busy', minuteStart + i * 100, limits)).toBe(0);
    expect(await shared.take('busy', minuteStart + 10_000, limits)).toBe(MINUTE - 10_000);
    expect(await shared.take('busy', minuteStart + MINUTE + 1, limits)).toBe(0);
  });
});
