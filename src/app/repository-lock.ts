/**
 * Exclusive use of one repository across every process that works on it. The embedded App has
 * one process, where its repository queue (repo-queue.ts) already serialises everything, so
 * its lock holds nothing; the scaled App (issue 13) takes a Redis lock shared by the replicas.
 *
 * Callers take this lock first and the process's repository queue inside it, always in that
 * order, so a task waiting for the lock never holds a queue place another task of the
 * repository needs.
 */
export interface RepositoryLock {
  /** Runs `task` while holding `key` (a repository's lowercase `owner/name`); resolves with its result. */
  hold<T>(key: string, task: () => Promise<T>): Promise<T>;
}

export const noRepositoryLock: RepositoryLock = { hold: (_key, task) => task() };
