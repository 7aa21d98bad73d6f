import { describe, expect, it } from '@jest/globals';
import { lockedRepoQueue } from '../../src/app/locked-repo-queue.js';
import { createRepoQueue } from '../../src/app/repo-queue.js';
import type { RepositoryLock } from '../../src/app/repository-lock.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * A repository lock the test opens: `hold` waits until the key is released, as the scaled App's
 * Redis lock waits for a scan running on another replica; `fail` makes the wait fail, as a lost
 * Redis connection does.
 */
function gatedLock(): RepositoryLock & { release(key: string): void; fail(key: string): void; waiting(key: string): boolean } {
  const gates = new Map<string, { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void }>();
  const gate = (key: string) => {
    let entry = gates.get(key);
    if (entry === undefined) {
      let resolve!: () => void;
      let reject!: (error: Error) => void;
      const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
      entry = { promise, resolve, reject };
      gates.set(key, entry);
    }
    return entry;
  };
  return {
    hold: async (key, task) => {
      await gate(key).promise;
      return task();
    },
    release: (key) => gate(key).resolve(),
    fail: (key) => gate(key).reject(new Error('Connection is closed.')),
    waiting: (key) => gates.has(key),
  };
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('lockedRepoQueue: busy counts each repository with work once', () => {
  it('a pull request task running under the lock counts once, not once for the lock and once for the queue', async () => {
    const queue = lockedRepoQueue(
      createRepoQueue(() => undefined),
      { hold: (_key, task) => task() },
    );
    const gate = deferred();
    let ran = false;
    const work = queue.runLocked('acme/api', async () => {
      ran = true;
      await gate.promise;
    });
    await flush();
    expect(ran).toBe(true);
    expect(queue.busy).toBe(1);
    expect(queue.has('acme/api')).toBe(true);
    gate.resolve();
    await work;
    expect(queue.busy).toBe(0);
    expect(queue.has('acme/api')).toBe(false);
  });

  it('a task waiting for the lock counts its repository, once however many wait, and once beside a scan of it in the queue', async () => {
    const lock = gatedLock();
    const queue = lockedRepoQueue(
      createRepoQueue(() => undefined),
      lock,
    );
    const scanGate = deferred();
    const scan = queue.run('acme/api', () => scanGate.promise);
    const closed = queue.runLocked('acme/api', async () => undefined);
    const checks = queue.runLocked('acme/api', async () => undefined);
    const other = queue.runLocked('acme/web', async () => undefined);
    await flush();
    expect(queue.busy).toBe(2);
    expect(queue.has('acme/web')).toBe(true);

    lock.release('acme/web');
    await other;
    expect(queue.busy).toBe(1);
    scanGate.resolve();
    await scan;
    // The scan is done; its repository's pull request work still waits for the lock.
    expect(queue.busy).toBe(1);
    lock.release('acme/api');
    await Promise.all([closed, checks]);
    expect(queue.busy).toBe(0);
  });

  it('a task whose lock could not be taken rejects, does not run, and stops counting', async () => {
    const lock = gatedLock();
    const queue = lockedRepoQueue(
      createRepoQueue(() => undefined),
      lock,
    );
    let ran = false;
    const work = queue.runLocked('acme/api', async () => {
      ran = true;
    });
    await flush();
    expect(queue.busy).toBe(1);
    lock.fail('acme/api');
    await expect(work).rejects.toThrow('Connection is closed.');
    expect(ran).toBe(false);
    expect(queue.busy).toBe(0);
    await queue.idle();
  });

  it('idle() waits for work still waiting for the lock, and for what it queues', async () => {
    const lock = gatedLock();
    const queue = lockedRepoQueue(
      createRepoQueue(() => undefined),
      lock,
    );
    const done: string[] = [];
    void queue.runLocked('acme/api', async () => {
      done.push('tidied');
    });
    let idle = false;
    const waited = queue.idle().then(() => (idle = true));
    await flush();
    expect(idle).toBe(false);
    lock.release('acme/api');
    await waited;
    expect(done).toEqual(['tidied']);
    expect(queue.busy).toBe(0);
  });
});
