/**
 * Bytes of webhook bodies held in memory at once, across every delivery being received. A body
 * must be kept until its signature is checked (it arrives before the signature can be), so each
 * one may hold up to the body cap; without a shared budget, eight unsigned 25 MB bodies sent at
 * once would hold 200 MB (issue 8, finding 1 measured 1.58 GB before the cap).
 */
export interface ByteBudget {
  /** Reserves `bytes`; false (and nothing reserved) when that would exceed the budget. */
  take(bytes: number): boolean;
  release(bytes: number): void;
  /** Bytes reserved now (metrics, tests). */
  readonly used: number;
}

export function createByteBudget(limit: number): ByteBudget {
  let used = 0;
  return {
    take(bytes) {
      if (used + bytes > limit) return false;
      used += bytes;
      return true;
    },
    release(bytes) {
      used = Math.max(0, used - bytes);
    },
    get used() {
      return used;
    },
  };
}
