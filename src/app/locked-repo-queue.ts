import type { RepoQueue } from './repo-queue.js';
import type { RepositoryLock } from './repository-lock.js';

/**
 * The App's repository queue with the repository lock in front of it, for pull request work
 * (tidying a closed PR's branch, a PR's check runs): the lock first, then the queue, always in
 * that order (repository-lock.ts). Work waiting for the lock is not in the queue yet, so this
 * counts it and waits for it too.
 */
export interface LockedRepoQueue extends RepoQueue {
  /**
   * Runs `task` for `key` once the repository lock is held, in the queue and never folded.
   * Resolves once it has run; rejects if the lock could not be taken (the task did not run).
   */
  runLocked(key: string, task: () => Promise<void>): Promise<void>;
}

export function lockedRepoQueue(queue: RepoQueue, lock: RepositoryLock): LockedRepoQueue {
  /** Keys whose work waits for the lock, with how many tasks each. */
  const waitingForLock = new Map<string, number>();
  /** Work taken by `runLocked` and not finished yet, settled (never rejects): `idle()` waits for it. */
  const unfinished = new Set<Promise<void>>();

  const stopWaiting = (key: string): void => {
    const left = (waitingForLock.get(key) ?? 1) - 1;
    if (left > 0) waitingForLock.set(key, left);
    else waitingForLock.delete(key);
  };

  return {
    run: (key, task, options) => queue.run(key, task, options),
    runLocked(key, task) {
      waitingForLock.set(key, (waitingForLock.get(key) ?? 0) + 1);
      let waiting = true;
      const work = lock
        .hold(key, () => {
          // Synchronously into the queue: from here on the queue counts the repository.
          waiting = false;
          stopWaiting(key);
          return queue.run(key, task, { foldable: false });
        })
        .finally(() => {
          if (waiting) stopWaiting(key);
        });
      const settled = work.then(
        () => undefined,
        () => undefined,
      );
      unfinished.add(settled);
      void settled.then(() => unfinished.delete(settled));
      return work;
    },
    get busy() {
      // A repository counts once: a task running in the queue was counted here twice while its
      // lock was still held, and a repository may have a scan queued and a PR task at the lock.
      let busy = queue.busy;
      for (const key of waitingForLock.keys()) if (!queue.has(key)) busy++;
      return busy;
    },
    has: (key) => queue.has(key) || waitingForLock.has(key),
    async idle() {
      do {
        await Promise.all(unfinished);
        await queue.idle();
      } while (unfinished.size > 0);
    },
  };
}
