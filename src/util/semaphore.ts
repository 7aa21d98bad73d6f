/**
 * A counting semaphore, and one per key (registry host), so a scan of hundreds of references
 * never opens hundreds of connections to one registry and trips its rate limits.
 */

export interface Semaphore {
  run<T>(task: () => Promise<T>): Promise<T>;
}

export function createSemaphore(limit: number): Semaphore {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency limit must be a positive integer, got ${limit}`);
  let active = 0;
  const waiting: Array<() => void> = [];

  const acquire = async (): Promise<void> => {
    if (active < limit) {
      active++;
      return;
    }
    // The releasing task hands its slot straight to us, so `active` stays unchanged.
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };

  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      await acquire();
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}

/** Lazily creates one semaphore per key, all with the same limit. */
export function createKeyedSemaphores(limit: number): (key: string) => Semaphore {
  createSemaphore(limit); // validate the limit up front, not on first use
  const byKey = new Map<string, Semaphore>();
  return (key) => {
    let semaphore = byKey.get(key);
    if (!semaphore) {
      semaphore = createSemaphore(limit);
      byKey.set(key, semaphore);
    }
    return semaphore;
  };
}
