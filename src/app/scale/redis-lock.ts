import type { Redis } from 'ioredis';
import { KEY_PREFIX } from './redis-stores.js';

/**
 * The scaled App's per-repository lock (issue 13): `pinbot:lock:<repo>`, taken with SET NX PX,
 * renewed while its task runs and released only by its holder. Scan jobs and pull request jobs
 * (scan-queue.ts) take the same lock, so a pull request closed during a scan of its repository
 * is tidied after, never during, that scan, whichever replicas run them. A holder that dies stops
 * renewing: the lock lapses after `lockMs` and the next waiter takes it. (The embedded App needs
 * none: its one repository queue, repo-queue.ts, serialises everything.)
 */
export interface RedisRepositoryLock {
  /** Runs `task` while holding `key` (a repository's lowercase `owner/name`); resolves with its result. */
  hold<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Stops renewing every lock held here and stops every wait for one for good, as a killed process would (tests). */
  abandon(): void;
}

export function redisRepositoryLock(redis: Redis, options: { readonly lockMs?: number } = {}): RedisRepositoryLock {
  const lockMs = options.lockMs ?? 30_000;
  const renewals = new Set<ReturnType<typeof setInterval>>();
  const lockKey = (key: string): string => `${KEY_PREFIX}lock:${key}`;
  let abandoned = false;
  return {
    async hold(key, task) {
      const holder = `${process.pid}:${Math.random().toString(36).slice(2)}`;
      for (;;) {
        // A dead process takes no lock and reports nothing: its work is another replica's now.
        if (abandoned) await new Promise<never>(() => undefined);
        if ((await redis.set(lockKey(key), holder, 'PX', lockMs, 'NX')) === 'OK') break;
        await sleep(Math.min(1000, lockMs / 4));
      }
      const renew = setInterval(() => void redis.eval(RENEW_SCRIPT, 1, lockKey(key), holder, lockMs).catch(() => undefined), lockMs / 3);
      renewals.add(renew);
      try {
        return await task();
      } finally {
        clearInterval(renew);
        renewals.delete(renew);
        // Only the holder releases: after a long stall the lock may be someone else's now.
        await redis.eval(RELEASE_SCRIPT, 1, lockKey(key), holder).catch(() => undefined);
      }
    },
    abandon() {
      abandoned = true;
      for (const renew of renewals) clearInterval(renew);
      renewals.clear();
    },
  };
}

// Renewed only by its holder too: a holder back from a stall must not extend a successor's lock.
const RENEW_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
