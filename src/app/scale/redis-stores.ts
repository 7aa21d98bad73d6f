import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { SightingStore } from '../../explain/sightings.js';
import type { WriteLimits, WriteWindowStore } from '../../github/write-window.js';
import type { VerdictCache } from '../../registry/resolver/resolver.js';
import { decodeScanState, encodeScanState, type ScanStateStore } from '../../repository/scan-state.js';
import type { DeliveryLog } from '../deliveries.js';

/**
 * The state replicas share in Redis (issue 13), each key under `pinbot:` and each with a TTL,
 * so Redis never holds more than a bounded, self-cleaning amount: a lost key only costs a
 * repeated request (a rescan, a registry GET), never a wrong write. Values written by another
 * version of pinbot are parsed again and, when they don't fit, read as absent.
 */
export const KEY_PREFIX = 'pinbot:';

const DAY = 24 * 3600;
export const TTL_SECONDS = {
  /** GitHub redelivers within days; a forgotten id costs one idempotent rescan. */
  delivery: 3 * DAY,
  /** A repository not scanned for a week is read in full again. */
  scanState: 7 * DAY,
  /** Verdicts are facts about immutable digests: kept while they are likely to be asked again. */
  verdict: 30 * DAY,
  /** First sightings of digests, for minimumReleaseAge: long enough for any sensible age. */
  sighting: 90 * DAY,
  /** Notices posted on a commit: a forgotten one costs one repeated check run. */
  notice: 30 * DAY,
} as const;

export function redisDeliveryLog(redis: Redis): DeliveryLog {
  return {
    // SET NX: the first replica to see the id wins, atomically; every other one sees a redelivery.
    firstSeen: async (id) => (await redis.set(`${KEY_PREFIX}delivery:${id}`, '1', 'EX', TTL_SECONDS.delivery, 'NX')) === 'OK',
    forget: async (id) => void (await redis.del(`${KEY_PREFIX}delivery:${id}`).catch(() => 0)),
  };
}

/**
 * Notices posted per commit (see ScanDeps.firstNotice), shared so a rescan of a commit on
 * another replica posts nothing twice. Keys are hashed (a notice key carries config errors).
 * A failing Redis answers "first": a repeated check run is harmless, a missing one is not.
 */
export function redisNotices(redis: Redis): DeliveryLog {
  return {
    firstSeen: async (notice) => {
      const key = `${KEY_PREFIX}notice:${createHash('sha256').update(notice).digest('hex')}`;
      return (await redis.set(key, '1', 'EX', TTL_SECONDS.notice, 'NX').catch(() => 'OK')) === 'OK';
    },
  };
}

export function redisScanStates(redis: Redis): ScanStateStore {
  const key = (repository: string): string => `${KEY_PREFIX}scan-state:${repository}`;
  return {
    async get(repository) {
      const text = await redis.get(key(repository));
      return text === null ? undefined : decodeScanState(text);
    },
    set: async (repository, state) => void (await redis.set(key(repository), encodeScanState(state), 'EX', TTL_SECONDS.scanState)),
    delete: async (repository) => void (await redis.del(key(repository))),
  };
}

/**
 * Verdicts by digest pair: this process's map first, then Redis. A failing Redis makes a miss
 * (the comparison is made again), never a wrong verdict.
 */
export function redisVerdicts(redis: Redis, local: Map<string, boolean> = new Map()): VerdictCache {
  const key = (pair: string): string => `${KEY_PREFIX}verdict:${pair}`;
  return {
    async get(pair) {
      const known = local.get(pair);
      if (known !== undefined) return known;
      const stored = await redis.get(key(pair)).catch(() => null);
      if (stored !== '1' && stored !== '0') return undefined;
      local.set(pair, stored === '1');
      return stored === '1';
    },
    set(pair, verdict) {
      local.set(pair, verdict);
      void redis.set(key(pair), verdict ? '1' : '0', 'EX', TTL_SECONDS.verdict).catch(() => undefined);
    },
  };
}

/** A stored sighting (see explain/sightings.ts), checked on the way back. */
const storedSighting = z.object({
  digest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  firstSeen: z.number().finite(),
  readyAt: z.number().finite().optional(),
  superseded: z.array(z.string()).max(5),
});

export function redisSightings(redis: Redis): SightingStore {
  const key = (tag: string): string => `${KEY_PREFIX}sighting:${tag}`;
  return {
    async get(tag) {
      const text = await redis.get(key(tag));
      if (text === null) return undefined;
      try {
        const parsed = storedSighting.safeParse(JSON.parse(text));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
    set: async (tag, sighting) => void (await redis.set(key(tag), JSON.stringify(sighting), 'EX', TTL_SECONDS.sighting)),
  };
}

/**
 * The write windows of GitHub's secondary limits (github/write-window.ts), one sorted set per
 * installation, checked and recorded in one Lua script so two replicas can't both take the
 * last place. Mirrors writeDelay: spacing, then the minute's and the hour's windows, each
 * found by count and rank (O(log n)), never by reading the window's writes: under generous
 * limits an installation's window holds thousands of them.
 */
const TAKE_SCRIPT = `
local key = KEYS[1]
local now = tonumber(ARGV[1])
local perMinute = tonumber(ARGV[2])
local perHour = tonumber(ARGV[3])
local spacing = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - 3600000)
local wait = 0
local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
if last[2] then wait = math.max(wait, tonumber(last[2]) + spacing - now) end
local inHour = redis.call('ZCARD', key)
local inMinute = redis.call('ZCOUNT', key, '(' .. (now - 60000), '+inf')
if inMinute >= perMinute then
  local first = redis.call('ZRANGE', key, inHour - perMinute, inHour - perMinute, 'WITHSCORES')
  wait = math.max(wait, tonumber(first[2]) + 60000 - now)
end
if inHour >= perHour then
  local oldest = redis.call('ZRANGE', key, inHour - perHour, inHour - perHour, 'WITHSCORES')
  wait = math.max(wait, tonumber(oldest[2]) + 3600000 - now)
end
if wait <= 0 then
  redis.call('ZADD', key, now, now .. ':' .. ARGV[5])
  redis.call('PEXPIRE', key, 3600000)
  return 0
end
return wait
`;

export function redisWriteWindows(redis: Redis): WriteWindowStore {
  let sequence = 0;
  return {
    async take(key: string, now: number, limits: WriteLimits) {
      sequence = (sequence + 1) % 1_000_000_000;
      const unique = `${process.pid}:${sequence}:${Math.random().toString(36).slice(2, 8)}`;
      const wait = await redis.eval(
        TAKE_SCRIPT,
        1,
        `${KEY_PREFIX}writes:${key}`,
        now,
        limits.perMinute,
        limits.perHour,
        limits.spacingMs,
        unique,
      );
      return Number(wait);
    },
  };
}
