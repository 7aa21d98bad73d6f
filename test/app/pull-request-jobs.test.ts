import { expect, it, jest } from '@jest/globals';
import { Queue } from 'bullmq';
import { pullRequestWork, type PullRequestWork } from '../../src/app/pull-request-work.js';
import { QUEUE_NAME } from '../../src/app/scale/scan-queue.js';
import { until, useRedisQueues } from '../helpers/redis/queues.js';

/**
 * Pull request work in the scaled App's queue on a real redis-server (issue 13): a job in Redis,
 * not a promise in the memory of the replica that received the webhook, so a replica that dies
 * while the work waits for the repository's lock loses nothing.
 */
jest.setTimeout(60_000);

/** BullMQ's job lock and the repository lock: 6 s, so a loaded machine never lets a live worker's job go. */
const LOCK_MS = 6_000;

const redis = useRedisQueues({ lockMs: LOCK_MS, stalledCheckMs: 1_000 });
const { client, replica } = redis;

const SHA = (digit: string): string => digit.repeat(40);

function work(number = 7): PullRequestWork {
  return pullRequestWork('closed', 1, true, {
    pull_request: {
      number,
      merged: false,
      body: 'pinbot marker',
      head: { ref: 'pinbot/digests', sha: SHA('a'), repo: { full_name: 'acme/api' } },
      base: { sha: SHA('b'), repo: { full_name: 'acme/api', name: 'api', owner: { login: 'acme' } } },
    },
  });
}

const LOCK_KEY = 'pinbot:lock:acme/api';

it('pull request work waiting for the lock on a replica that dies is run by another replica, once, holding the lock', async () => {
  const observer = client();
  let scanning!: () => void;
  const scanStarted = new Promise<void>((resolve) => (scanning = resolve));
  const runs: Array<{ readonly replica: string; readonly pull: number; readonly lockHolder: string | null }> = [];
  const scansOnB: string[] = [];

  // Replica a: its scan of acme/api never ends (the process is about to die in the middle of it).
  const a = replica({
    scan: () => {
      scanning();
      return new Promise<never>(() => undefined);
    },
    pullRequest: async (taken) => {
      runs.push({ replica: 'a', pull: taken.payload.pull_request.number, lockHolder: await observer.get(LOCK_KEY) });
      return 'done';
    },
  });
  await a.enqueue({ installationId: 1, target: { owner: 'acme', repo: 'api' }, quiet: false });
  await scanStarted;
  const scanLock = await observer.get(LOCK_KEY);
  expect(scanLock).not.toBeNull();

  // The pull request closes while the scan runs: a's worker takes the job and waits for the lock.
  await a.enqueuePullRequest(work());
  await until(async () => (await a.counts()).active === 2, 'the pull request job taken by a');
  expect(runs).toEqual([]);

  // a dies: its jobs stop renewing, its lock lapses.
  await a.abandon();
  const b = replica({
    scan: async () => {
      scansOnB.push('acme/api');
      return 'done';
    },
    pullRequest: async (taken) => {
      runs.push({ replica: 'b', pull: taken.payload.pull_request.number, lockHolder: await observer.get(LOCK_KEY) });
      return 'done';
    },
  });
  await until(async () => runs.length === 1 && scansOnB.length === 1, 'b to run the scan and the pull request work');
  await until(async () => {
    const counts = await b.counts();
    return counts.active + counts.waiting + counts.delayed === 0;
  }, 'an empty queue');

  // Once, on b, while b held the repository's lock (not the dead scan's: that one lapsed).
  expect(runs).toHaveLength(1);
  expect(runs[0]).toMatchObject({ replica: 'b', pull: 7 });
  expect(runs[0]!.lockHolder).not.toBeNull();
  expect(runs[0]!.lockHolder).not.toBe(scanLock);
  expect(await observer.get(LOCK_KEY)).toBeNull();
});

it('pull request work that keeps failing is tried again, then reported with its repository and number', async () => {
  const attempts: number[] = [];
  const failures: Error[] = [];
  const gaveUp: Array<{ readonly work: PullRequestWork | undefined; readonly error: string }> = [];
  const worker = replica({
    retryDelayMs: 100,
    pullRequest: async (taken) => {
      attempts.push(taken.payload.pull_request.number);
      return 'failed';
    },
    onFailure: (error) => failures.push(error),
    onPullRequestFailed: (failed, error) => gaveUp.push({ work: failed, error: error.message }),
  });
  await worker.enqueuePullRequest(work(9));
  await until(() => gaveUp.length === 1, 'the last attempt');
  expect(attempts).toEqual([9, 9, 9]);
  expect(failures).toHaveLength(3);
  expect(gaveUp[0]!.work).toEqual(work(9));
  expect(gaveUp[0]!.error).toBe('pull request work on acme/api#9 failed');
});

it('a pull request job whose data is not pull request work fails for good at once, and runs nothing', async () => {
  const attempts: number[] = [];
  const gaveUp: Array<{ readonly work: PullRequestWork | undefined; readonly error: string }> = [];
  const failures: Error[] = [];
  replica({
    retryDelayMs: 100,
    pullRequest: async (taken) => {
      attempts.push(taken.payload.pull_request.number);
      return 'done';
    },
    onFailure: (error) => failures.push(error),
    onPullRequestFailed: (failed, error) => gaveUp.push({ work: failed, error: error.message }),
  });
  // Written by something else with access to Redis: a ref GitHub would never send.
  const forged = structuredClone(work()) as unknown as { payload: { pull_request: { head: { sha: string } } } };
  forged.payload.pull_request.head.sha = '../../refs';
  const raw = new Queue(QUEUE_NAME, { connection: client(), prefix: 'pinbot-bull' });
  await raw.add('pull-request', forged, { attempts: 3, removeOnFail: 1000 });
  await raw.close();
  await until(() => gaveUp.length === 1, 'the job to fail');
  expect(attempts).toEqual([]);
  expect(failures).toHaveLength(1);
  expect(gaveUp[0]!.work).toBeUndefined();
  expect(gaveUp[0]!.error).toMatch(/pull request job \S+ is malformed/);
});
