import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { until, type AppProcess } from '../helpers/app-process/index.js';
import { JOB_LOCK_SECONDS, scanLines, startScaledWorld, type ScaledWorld } from '../helpers/app-process/scaled-world.js';

/**
 * The scaled App as two real processes (issue 13): each is `npm start`'s entry point with its own
 * port, Redis connections and BullMQ worker, on one redis-server and one fake GitHub, with
 * webhooks sent over HTTP, signed. What they share is only what Redis shares.
 */
jest.setTimeout(240_000);

let world: ScaledWorld;
let a: AppProcess;
let b: AppProcess;

beforeAll(async () => {
  world = await startScaledWorld();
  [a, b] = await Promise.all([world.app('a'), world.app('b')]);
}, 180_000);

afterAll(async () => {
  await world?.stop();
});

const pulls = (repo: string) => world.pulls(repo);
const delivery = (repo: string, deliveryId?: string) => world.push(repo, deliveryId);

describe('two App processes on one Redis', () => {
  it('the same delivery sent to both processes makes one scan and one PR', async () => {
    world.repository('redelivered');
    const same = delivery('redelivered', 'delivery-redelivered');
    expect(await Promise.all([a.deliver(same), b.deliver(same)])).toEqual([200, 200]);
    await until(() => pulls('redelivered').length === 1 && scanLines([a, b], 'scan finished', 'redelivered').length === 1, 'the PR');
    // Anything a second scan would have done is over well before a third delivery is scanned.
    world.repository('redelivered-after');
    expect(await a.deliver(delivery('redelivered-after'))).toBe(200);
    await until(() => scanLines([a, b], 'scan finished', 'redelivered-after').length === 1, 'a later scan');
    expect(scanLines([a, b], 'scan job started', 'redelivered')).toHaveLength(1);
    expect(pulls('redelivered')).toHaveLength(1);
  });

  it('different deliveries for one repository on both processes: one scan at a time, the rest folded, one PR', async () => {
    world.repository('folded');
    // The first scan stops at its first read of the repository until every delivery is in.
    const hold = world.fake.holdNext('GET', /^\/repos\/acme\/folded(\/|$)/);
    expect(await a.deliver(delivery('folded'))).toBe(200);
    await hold.reached;
    expect(await b.deliver(delivery('folded'))).toBe(200);
    expect(await a.deliver(delivery('folded'))).toBe(200);
    expect(await b.deliver(delivery('folded'))).toBe(200);
    hold.release();
    await until(
      () => pulls('folded').length === 1 && scanLines([a, b], 'scan finished', 'folded').length >= 2,
      'the PR and the folded scan',
    );
    // Settled: nothing else queued for the repository.
    await until(async () => (await queueIdle(a)) && (await queueIdle(b)), 'an empty queue');
    const started = scanLines([a, b], 'scan job started', 'folded');
    const finished = scanLines([a, b], 'scan finished', 'folded');
    // The scan running when the others came, and one more for all three of them.
    expect(started).toHaveLength(2);
    expect(finished).toHaveLength(2);
    // Never two at once, whichever processes ran them: the second began after the first ended.
    expect(started[1]!.time).toBeGreaterThanOrEqual(finished[0]!.time);
    expect(pulls('folded')).toHaveLength(1);
  });

  it('a process SIGKILLed mid-scan: the other takes the job over once the lock lapses, one PR, nothing half-written', async () => {
    world.repository('killed');
    // Held after the branch is written, before the PR is opened: the dead process's work is half done.
    const hold = world.fake.holdNext('POST', '/repos/acme/killed/pulls');
    expect(await a.deliver(delivery('killed'))).toBe(200);
    await hold.reached;
    await until(() => scanLines([a, b], 'scan job started', 'killed').length === 1, 'the scan job line');
    const [doomed, survivor] = scanLines([a, b], 'scan job started', 'killed')[0]!.app === 'a' ? [a, b] : [b, a];
    const branchBefore = world.fake.branchHead('acme', 'killed', 'pinbot/digests');
    expect(branchBefore).toBeDefined();
    const killedAt = Date.now();
    await doomed.kill();
    await until(() => pulls('killed').length === 1, 'the PR opened by the survivor');
    const takenOver = survivor.logged('scan job started', { repository: 'acme/killed' });
    expect(takenOver).toHaveLength(1);
    process.stdout.write(
      `failover: scan resumed ${Number(takenOver[0]!.time) - killedAt} ms after SIGKILL (PINBOT_JOB_LOCK_SECONDS=${JOB_LOCK_SECONDS})\n`,
    );
    // The dead process's request, received whole before it died, runs now, as it would on GitHub.
    hold.release();
    await until(() => scanLines([survivor], 'scan finished', 'killed').length === 1, 'the survivor to finish');
    const [pull] = pulls('killed');
    expect(pulls('killed')).toHaveLength(1);
    const head = world.fake.branchHead('acme', 'killed', 'pinbot/digests');
    expect(pull!.headSha).toBe(head);
    expect(world.fake.readText('acme', 'killed', 'pinbot/digests', 'Dockerfile')).toBe(
      `FROM ${world.registry.host}/team/app:1@${world.current}\n`,
    );
    expect(world.fake.commit('acme', 'killed', head!)?.verified).toBe(true);
  });
});

/** No scan waiting or running, as the process's metrics read the queue (the next tick of the schedule is a delayed job). */
async function queueIdle(app: AppProcess): Promise<boolean> {
  const text = await app.metrics();
  return ['waiting', 'active'].every((state) => new RegExp(`^pinbot_queue_jobs\\{state="${state}"\\} 0$`, 'm').test(text));
}
