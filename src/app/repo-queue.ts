/**
 * Serialises work per repository: a push and the scheduler never scan one repository at once.
 * A request that arrives while a scan of the same repository is running is folded into one
 * follow-up scan (a second push during a scan needs one more scan, not two), because every
 * scan reads the repository afresh.
 */
export interface RepoQueue {
  /** Runs `task` for `key` after any running task for `key`; resolves when this request's scan ends. */
  run(key: string, task: () => Promise<void>): Promise<void>;
  /** Keys with a task running or waiting. */
  readonly busy: number;
  /** Resolves once nothing is running or waiting (tests, graceful shutdown). */
  idle(): Promise<void>;
}

interface Slot {
  running: Promise<void>;
  followUp: { promise: Promise<void>; task: () => Promise<void> } | undefined;
}

export function createRepoQueue(onError: (key: string, error: unknown) => void): RepoQueue {
  const slots = new Map<string, Slot>();

  const start = (key: string, task: () => Promise<void>): Promise<void> => {
    const running = (async () => {
      try {
        await task();
      } catch (error) {
        onError(key, error);
      }
    })();
    const slot: Slot = { running, followUp: undefined };
    slots.set(key, slot);
    void running.then(() => {
      const next = slot.followUp;
      if (next === undefined) slots.delete(key);
    });
    return running;
  };

  return {
    run(key, task) {
      const slot = slots.get(key);
      if (slot === undefined) return start(key, task);
      if (slot.followUp !== undefined) {
        // Already one scan waiting: it will read the repository after this request arrived.
        slot.followUp.task = task;
        return slot.followUp.promise;
      }
      const followUp = { task, promise: Promise.resolve() };
      followUp.promise = slot.running.then(() => start(key, followUp.task));
      slot.followUp = followUp;
      return followUp.promise;
    },
    get busy() {
      return slots.size;
    },
    async idle() {
      while (slots.size > 0) {
        await Promise.all([...slots.values()].map((slot) => slot.followUp?.promise ?? slot.running));
      }
    },
  };
}
