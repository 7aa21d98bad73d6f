import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { until, type AppProcess } from '../helpers/app-process/index.js';
import { scanLines, startScaledWorld, type ScaledWorld } from '../helpers/app-process/scaled-world.js';
import { pullRequest } from '../helpers/github/index.js';
import { startRedis } from '../helpers/redis/index.js';

/**
 * The scaled App split by PINBOT_ROLE (issue 13): a `web` process that receives webhooks and a
 * `worker` process that scans and runs the schedule, as two real processes on one Redis. Then
 * Redis goes away and comes back, and both are stopped as `docker stop` stops them.
 */
jest.setTimeout(240_000);

let world: ScaledWorld;
let web: AppProcess;
let worker: AppProcess;

beforeAll(async () => {
  world = await startScaledWorld();
  [web, worker] = await Promise.all([world.app('web', { PINBOT_ROLE: 'web' }), world.app('worker', { PINBOT_ROLE: 'worker' })]);
}, 180_000);

afterAll(async () => {
  await world?.stop();
});

const pulls = (repo: string) => world.pulls(repo);
const delivery = (repo: string, deliveryId?: string) => world.push(repo, deliveryId);
const closed = (repo: string, number: number) => pullRequest(world.fake, { owner: 'acme', repo, number, action: 'closed' });

/** A repository whose PR the worker opened and a reviewer then closed unmerged. */
async function declined(repo: string): Promise<ReturnType<typeof pulls>[number]> {
  world.repository(repo);
  expect(await web.deliver(delivery(repo))).toBe(200);
  await until(() => pulls(repo).length === 1 && scanLines([worker], 'scan finished', repo).length === 1, `the PR of ${repo}`);
  const [pull] = pulls(repo);
  world.fake.closePull({ owner: 'acme', repo, number: pull!.number });
  expect(world.fake.branchHead('acme', repo, pull!.headRef)).toBe(pull!.headSha);
  return pull!;
}

describe('a web process and a worker process', () => {
  it('the web process enqueues, the worker scans: one PR, and no scan on the web process', async () => {
    world.repository('split');
    expect(await web.deliver(delivery('split'))).toBe(200);
    await until(() => pulls('split').length === 1 && scanLines([worker], 'scan finished', 'split').length === 1, 'the PR');
    expect(worker.logged('scan job started', { repository: 'acme/split' })).toHaveLength(1);
    expect(web.logged('scan job started')).toEqual([]);
    expect(web.logged('scan finished')).toEqual([]);
  });

  it('/metrics shows the queue and its failed jobs', async () => {
    world.repository('broken');
    // Every read of the repository fails (Octokit's own retries included): the scan fails, the job with it.
    world.fake.failNext('GET', /^\/repos\/acme\/broken(\/|$)/, 500, 1000);
    expect(await web.deliver(delivery('broken'))).toBe(200);
    await until(async () => /^pinbot_queue_job_failures_total [1-9]\d*$/m.test(await worker.metrics()), 'a failed job in the metrics');
    const text = await web.metrics();
    for (const state of ['waiting', 'active', 'delayed', 'failed'])
      expect(text).toMatch(new RegExp(`^pinbot_queue_jobs\\{state="${state}"\\} \\d+$`, 'm'));
    // The job waits for its next attempt (backing off) or has failed for good: either way it is counted.
    expect(text).toMatch(/^pinbot_queue_jobs\{state="(delayed|failed)"\} [1-9]\d*$/m);
  });

  it('Redis away: /readyz 503 and webhooks refused 503 (GitHub shows them failed); back: ready, and the redelivery is taken', async () => {
    world.repository('while-down');
    const { port } = world.redis;
    await world.redis.stop();
    await until(async () => (await web.readyz()) === 503 && (await worker.readyz()) === 503, '/readyz 503 on both');
    const missed = delivery('while-down', 'delivery-while-down');
    expect(await web.deliver(missed)).toBe(503);

    // Back, empty (no persistence here): the worker restores the schedule, nothing else is needed.
    world.redis = await startRedis({ port });
    await until(async () => (await web.readyz()) === 200 && (await worker.readyz()) === 200, '/readyz 200 on both');
    expect(await web.deliver(missed)).toBe(200);
    await until(() => pulls('while-down').length === 1, 'the PR of the redelivered webhook');
    const connection = new Redis(world.redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue('pinbot-scans', { connection, prefix: 'pinbot-bull' });
    try {
      await until(async () => (await queue.getJobScheduler('pinbot-schedule')) !== undefined, 'the schedule restored');
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });

  it('a pull request closed on the web process is tidied by the worker: the web process only enqueues', async () => {
    const pull = await declined('tidied');
    expect(await web.deliver(closed('tidied', pull.number))).toBe(200);
    await until(() => world.fake.branchHead('acme', 'tidied', pull.headRef) === undefined, 'the branch deleted');
    expect(worker.logged('pull request job started', { repository: 'acme/tidied', pull: pull.number })).toHaveLength(1);
    expect(web.logged('pull request job started')).toEqual([]);
    expect(web.logged('pull request declined')).toEqual([]);
  });

  it('SIGTERM mid-scan and mid-pull-request work: the worker finishes both, closes the queue and Redis, and exits 0; so does the web process', async () => {
    const pull = await declined('draining-pull');
    // The worker's tidying stops at its delete of the branch, its scan at its first read.
    const holdDelete = world.fake.holdNext('DELETE', /^\/repos\/acme\/draining-pull\/git\/refs\//);
    expect(await web.deliver(closed('draining-pull', pull.number))).toBe(200);
    await holdDelete.reached;
    world.repository('draining');
    const hold = world.fake.holdNext('GET', /^\/repos\/acme\/draining(\/|$)/);
    expect(await web.deliver(delivery('draining'))).toBe(200);
    await hold.reached;
    const stopped = worker.stop();
    await until(async () => (await worker.readyz()) === 503, 'the worker to leave readiness');
    hold.release();
    holdDelete.release();
    expect(await stopped).toBe(0);
    expect(pulls('draining')).toHaveLength(1);
    // The branch went with the worker's own request, answered before it exited: no job left to redo it.
    expect(world.fake.branchHead('acme', 'draining-pull', pull.headRef)).toBeUndefined();
    expect(worker.logged('pull request declined', { repository: 'acme/draining-pull', pull: pull.number })).toHaveLength(1);
    expect(worker.logged('closed pull request tidying failed')).toEqual([]);
    expect(await web.stop()).toBe(0);
  });
});
