import { generateKeyPairSync } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Redis } from 'ioredis';
import { pullRequest, push, startFakeGitHub, ZERO_SHA, type FakeGitHub } from '../helpers/github/index.js';
import { startRedis, type LocalRedis } from '../helpers/redis/index.js';
import { pushImage, startRegistry, type LocalRegistry } from '../helpers/registry/index.js';
import { startReplica, type Replica, type ReplicaOptions } from '../helpers/replica.js';

/**
 * The scaled App (issue 13): two replicas on one real redis-server and one fake GitHub, each
 * with its own Redis connections, Probot and BullMQ worker.
 */
jest.setTimeout(60_000);

let redis: LocalRedis;
let registry: LocalRegistry;
let fake: FakeGitHub;
let privateKeyPem: string;
let stale: string;
let replicas: Replica[] = [];

beforeAll(async () => {
  redis = await startRedis();
  registry = await startRegistry({ auth: 'none' });
  stale = (await pushImage(registry, 'team/app', '1', { seed: 'old' })).digest;
  await pushImage(registry, 'team/app', '1', { seed: 'new' });
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  fake = await startFakeGitHub({ appPublicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() });
  privateKeyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  fake.addInstallation({ id: 1, account: 'acme', repos: 'all' });
});

afterEach(async () => {
  await Promise.all(replicas.map((replica) => replica.stop()));
  replicas = [];
  const client = new Redis(redis.url);
  await client.flushall();
  client.disconnect();
});

afterAll(async () => {
  await fake?.stop();
  await registry?.stop();
  await redis?.stop();
});

async function two(options: Partial<ReplicaOptions> = {}, second: Partial<ReplicaOptions> = {}): Promise<[Replica, Replica]> {
  const common = { redisUrl: redis.url, fake, privateKeyPem };
  const a = await startReplica({ name: 'a', ...common, ...options });
  const b = await startReplica({ name: 'b', ...common, ...second });
  replicas.push(a, b);
  return [a, b];
}

function repository(name: string): void {
  fake.createRepo({ owner: 'acme', repo: name, files: { Dockerfile: `FROM ${registry.host}/team/app:1@${stale}\n` } });
}

/** Waits until `done()` holds (the queue runs scans after the webhook is answered). */
async function until(done: () => boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const pulls = (repo: string) => fake.listPulls('acme', repo, { state: 'all' });
const scansOf = (repo: string) => replicas.flatMap((replica) => replica.ran.filter((ran) => ran === `acme/${repo}`));

describe('two replicas on Redis', () => {
  it('a webhook redelivered to the other replica does no work twice', async () => {
    repository('redelivered');
    const [a, b] = await two();
    const delivery = push(fake, { owner: 'acme', repo: 'redelivered', branch: 'main', before: ZERO_SHA, deliveryId: 'd-1' });
    await a.probot.receive(delivery as never);
    await b.probot.receive(delivery as never);
    await until(() => pulls('redelivered').length === 1, 'the PR');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(scansOf('redelivered')).toHaveLength(1);
    expect(pulls('redelivered')).toHaveLength(1);
  });

  it('two different deliveries for one repository, on both replicas, fold into one queued scan and one PR', async () => {
    repository('duplicated');
    // Neither worker may start before both requests are in: the first scan is held until then.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const [a, b] = await two({ beforeScan: () => gate }, { beforeScan: () => gate });
    await a.probot.receive(push(fake, { owner: 'acme', repo: 'duplicated', branch: 'main', before: ZERO_SHA }) as never);
    await b.probot.receive(push(fake, { owner: 'acme', repo: 'duplicated', branch: 'main', before: ZERO_SHA }) as never);
    await b.probot.receive(push(fake, { owner: 'acme', repo: 'duplicated', branch: 'main', before: ZERO_SHA }) as never);
    release();
    await until(() => pulls('duplicated').length === 1 && scansOf('duplicated').length >= 1, 'the PR');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // The first request was being worked on or waiting; the other two folded into one more at most.
    expect(scansOf('duplicated').length).toBeLessThanOrEqual(2);
    expect(pulls('duplicated')).toHaveLength(1);
  });

  it('a replica killed mid-scan loses nothing: another replica takes the job over, one PR', async () => {
    repository('killed');
    let reached!: () => void;
    const started = new Promise<void>((resolve) => (reached = resolve));
    // Replica a stops forever inside its scan of the repository, as a process that hangs or dies.
    const [a, b] = await two({ beforeScan: () => (reached(), new Promise<void>(() => undefined)) });
    await b.scans.queue.close(); // only a takes the job at first…
    const c = await startReplica({ name: 'c', redisUrl: redis.url, fake, privateKeyPem, role: 'web' });
    replicas.push(c);
    await c.probot.receive(push(fake, { owner: 'acme', repo: 'killed', branch: 'main', before: ZERO_SHA }) as never);
    await started;
    await a.kill();
    // …then a fresh worker replica finds the job a left behind once its lock lapses.
    const d = await startReplica({ name: 'd', redisUrl: redis.url, fake, privateKeyPem });
    replicas.push(d);
    await until(() => d.ran.includes('acme/killed'), 'the scan of the replica that took over');
    expect(a.ran).toEqual([]);
    expect(pulls('killed')).toHaveLength(1);
  });

  it('the schedule ticks once across replicas: every repository is scanned once per tick', async () => {
    for (const name of ['tick-1', 'tick-2', 'tick-3']) repository(name);
    const began = Date.now();
    const [a, b] = await two({ schedule: '*/2 * * * * *' }, { schedule: '*/2 * * * * *' });
    await until(() => ['tick-1', 'tick-2', 'tick-3'].every((name) => pulls(name).length === 1), 'a PR in each repository');
    await until(() => scansOf('tick-1').length >= 3, 'three ticks');
    await Promise.all([a.scans.queue.close(), b.scans.queue.close()]);
    const ticks = Math.ceil((Date.now() - began) / 2000) + 1;
    expect(['tick-1', 'tick-2', 'tick-3'].map((name) => pulls(name).length)).toEqual([1, 1, 1]);
    // One walk per tick, whichever replica ran it: two schedulers would scan about twice as often.
    for (const name of ['tick-1', 'tick-2', 'tick-3']) expect(scansOf(name).length).toBeLessThanOrEqual(ticks);
  });

  it('a pull request closed on one replica during a scan of its repository on the other waits for it: declined, tidied, forgotten', async () => {
    repository('closed-mid-scan');
    let hold = false;
    let reached!: () => void;
    const started = new Promise<void>((resolve) => (reached = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // a runs every scan (b only receives); once armed, a's scan stops inside the repository's lock.
    const [a, b] = await two({ beforeScan: () => (hold ? (reached(), gate) : Promise.resolve()) }, { role: 'web' });
    await b.probot.receive(push(fake, { owner: 'acme', repo: 'closed-mid-scan', branch: 'main', before: ZERO_SHA }) as never);
    await until(() => pulls('closed-mid-scan').length === 1 && a.ran.length === 1, 'the PR');
    await a.pinbot.queue.idle();
    const [pull] = pulls('closed-mid-scan');

    try {
      hold = true;
      await b.probot.receive(push(fake, { owner: 'acme', repo: 'closed-mid-scan', branch: 'main', before: ZERO_SHA }) as never);
      await started;
      fake.closePull({ owner: 'acme', repo: 'closed-mid-scan', number: pull!.number });
      await b.probot.receive(
        pullRequest(fake, { owner: 'acme', repo: 'closed-mid-scan', number: pull!.number, action: 'closed' }) as never,
      );
      // The tidying is a job (b only receives) waiting for the scan a is running: taken by a's
      // worker, not run, the branch still there a while later.
      const deadline = Date.now() + 30_000;
      while ((await a.scans.queue.counts()).active < 2) {
        if (Date.now() > deadline) throw new Error('timed out waiting for the pull request job to be taken');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(b.pinbot.queue.busy).toBe(0);
      expect(fake.branches('acme', 'closed-mid-scan')).toContain(pull!.headRef);
    } finally {
      // Released on failure too: a scan held forever would keep the replicas from stopping.
      release();
    }
    await until(() => !fake.branches('acme', 'closed-mid-scan').includes(pull!.headRef), 'the branch tidied');
    await Promise.all([a.pinbot.queue.idle(), b.pinbot.queue.idle()]);
    // The state the scan recorded is forgotten after it, so the next scheduled cycle reads the repository.
    const client = new Redis(redis.url);
    expect(await client.get('pinbot:scan-state:acme/closed-mid-scan')).toBeNull();
    client.disconnect();
    // The decline is remembered: another scan opens nothing again.
    hold = false;
    await b.probot.receive(push(fake, { owner: 'acme', repo: 'closed-mid-scan', branch: 'main', before: ZERO_SHA }) as never);
    await until(() => a.ran.length === 3, 'the third scan');
    await a.pinbot.queue.idle();
    expect(pulls('closed-mid-scan').map((p) => p.state)).toEqual(['closed']);
  });

  it('a commit rescanned on another replica gets its notices once: one check run for its invalid configuration', async () => {
    fake.createRepo({
      owner: 'acme',
      repo: 'broken-config',
      files: { '.github/pinbot.yml': 'group: by-moon-phase\n', Dockerfile: `FROM ${registry.host}/team/app:1@${stale}\n` },
    });
    const [a, b] = await two();
    await b.scans.queue.close(); // a scans the commit first…
    await a.probot.receive(push(fake, { owner: 'acme', repo: 'broken-config', branch: 'main', before: ZERO_SHA }) as never);
    await until(() => a.ran.includes('acme/broken-config'), "a's scan");
    await a.scans.queue.close();
    // …then another replica, the same commit: the notice is already posted, in Redis.
    const c = await startReplica({ name: 'c', redisUrl: redis.url, fake, privateKeyPem });
    replicas.push(c);
    await c.probot.receive(push(fake, { owner: 'acme', repo: 'broken-config', branch: 'main', before: ZERO_SHA }) as never);
    await until(() => c.ran.includes('acme/broken-config'), "c's scan");
    await c.pinbot.queue.idle();
    expect(fake.checkRuns('acme', 'broken-config', { name: 'pinbot' }).map((run) => run.conclusion)).toEqual(['failure']);
  });
});
