/**
 * Remembers recent webhook delivery ids (`X-GitHub-Delivery`) so a redelivered webhook does no
 * work twice. Bounded: the oldest ids are forgotten first; GitHub redelivers within hours, and
 * a forgotten id costs at most one idempotent rescan.
 */
export interface DeliveryLog {
  /** True the first time an id is seen; false for a redelivery. Shared by replicas in Redis (app/scale). */
  firstSeen(id: string): boolean | Promise<boolean>;
  /** Forgets an id whose event could not be accepted, so GitHub's redelivery is taken. */
  forget?(id: string): void | Promise<void>;
}

/** One process's log, answering at once. */
export interface MemoryDeliveryLog extends DeliveryLog {
  firstSeen(id: string): boolean;
}

export function createDeliveryLog(capacity = 10_000): MemoryDeliveryLog {
  const seen = new Set<string>();
  return {
    firstSeen(id) {
      if (seen.has(id)) return false;
      seen.add(id);
      if (seen.size > capacity) {
        const oldest = seen.values().next().value;
        if (oldest !== undefined) seen.delete(oldest);
      }
      return true;
    },
    forget(id) {
      seen.delete(id);
    },
  };
}
