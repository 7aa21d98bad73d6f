/**
 * Serialises work per repository: a push and the scheduler never scan one repository at once.
 * A scan requested while another scan of the same repository is still waiting to start is
 * folded into that one (a second push during a scan needs one more scan, not two), because
 * every scan reads the repository afresh. Other tasks (tidying a closed PR's branch, checking a
 * config change) are never folded: each runs once, in arrival order.
 */
export interface RepoQueue {
  /**
   * Runs `task` for `key` after every task already queued for `key`; resolves when it has run.
   * `foldable` (default true) marks a scan, which may stand in for, or be replaced by, another
   * scan waiting for the same key.
   */
  run(key: string, task: () => Promise<void>, options?: { readonly foldable?: boolean }): Promise<void>;
  /** Keys with a task running or waiting: a key counts once, however many tasks it has. */
  readonly busy: number;
  /** Resolves once nothing is running or waiting (tests, graceful shutdown). */
  idle(): Promise<void>;
}

interface Entry {
  task: () => Promise<void>;
  started: boolean;
  promise: Promise<void>;
}

interface Slot {
  /** The last task queued; the next one starts after it. Never rejects. */
  tail: Promise<void>;
  /** Tasks running or waiting. */
  pending: number;
  /** A scan queued but not started yet, which later scan requests join. */
  waitingScan: Entry | undefined;
}

export function createRepoQueue(onError: (key: string, error: unknown) => void): RepoQueue {
  const slots = new Map<string, Slot>();

  return {
    run(key, task, options = {}) {
      const foldable = options.foldable ?? true;
      let slot = slots.get(key);
      if (slot === undefined) {
        slot = { tail: Promise.resolve(), pending: 0, waitingScan: undefined };
        slots.set(key, slot);
      }
      if (foldable && slot.waitingScan !== undefined) {
        // That scan has not started: it will read the repository after this request arrived.
        slot.waitingScan.task = task;
        return slot.waitingScan.promise;
      }
      const current = slot;
      const entry: Entry = { task, started: false, promise: Promise.resolve() };
      const execute = async (): Promise<void> => {
        entry.started = true;
        if (current.waitingScan === entry) current.waitingScan = undefined;
        try {
          await entry.task();
        } catch (error) {
          onError(key, error);
        } finally {
          current.pending--;
          if (current.pending === 0 && slots.get(key) === current) slots.delete(key);
        }
      };
      // An idle repository starts at once; otherwise after the last task queued for it.
      const idle = current.pending === 0;
      current.pending++;
      entry.promise = idle ? execute() : current.tail.then(execute);
      current.tail = entry.promise;
      if (foldable && !entry.started) current.waitingScan = entry;
      return entry.promise;
    },
    get busy() {
      return slots.size;
    },
    async idle() {
      while (slots.size > 0) {
        await Promise.all([...slots.values()].map((slot) => slot.tail));
      }
    },
  };
}
