// GitHub economy of the scaled App (issue 13): two replicas on a real redis-server share one fake
// GitHub, as production runs them (see bench/github.ts for what each figure means). Each cycle
// starts where production's does: the BullMQ job scheduler, upserted by both replicas, ticks
// once; the replica that takes the walk job lists the installation and enqueues one job per
// repository, and both replicas' workers run them (production's queue settings: 4 jobs at once
// per replica, 30 s locks). A duplicate PR fails the benchmark.
import { generateKeyPairSync } from 'node:crypto';
import { startFakeGitHub, type FakeGitHub } from '../test/helpers/github/index.js';
import { startRedis } from '../test/helpers/redis/index.js';
import { startRegistry } from '../test/helpers/registry/index.js';
import { startReplica, type Replica } from '../test/helpers/replica.js';
import { countPulls, describeCycle, seedImages, seedOrganisation, watchPeakRss } from './github-org.js';

/** A cycle that has not drained by then is reported as stuck (5,000 repositories take minutes). */
const CYCLE_TIMEOUT_MS = 30 * 60 * 1000;

export async function benchReplicas(repositories: number): Promise<string[]> {
  const redis = await startRedis();
  const registry = await startRegistry({ auth: 'none' });
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const fake = await startFakeGitHub({
    appPublicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    rateLimit: 100_000_000,
  });
  const replicas: Replica[] = [];
  try {
    seedOrganisation(fake, registry, await seedImages(registry), repositories);
    const privateKeyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    for (const name of ['a', 'b']) replicas.push(await startReplica({ name, redisUrl: redis.url, fake, privateKeyPem, queue: {} }));
    const rss = watchPeakRss();
    const lines = ['  two replicas on Redis (BullMQ scheduled walk, 4 jobs at once per replica, state in Redis):'];
    const first = await cycle(fake, replicas, repositories, 'first scan');
    lines.push(first.line);
    lines.push(`    duplicate PRs: ${first.duplicates}`);
    if (first.duplicates > 0) throw new Error(`two replicas opened ${first.duplicates} duplicate PRs:\n${lines.join('\n')}`);
    const rescan = await cycle(fake, replicas, repositories, 'rescan, nothing changed');
    lines.push(rescan.line);
    if (rescan.duplicates > 0) throw new Error(`two replicas opened ${rescan.duplicates} duplicate PRs:\n${lines.join('\n')}`);
    lines.push(`    peak RSS ${rss.stop()} MiB`);
    return lines;
  } finally {
    for (const replica of replicas) await replica.stop();
    await fake.stop();
    await registry.stop();
    await redis.stop();
  }
}

interface CycleResult {
  readonly line: string;
  readonly duplicates: number;
}

async function cycle(fake: FakeGitHub, replicas: readonly Replica[], repositories: number, label: string): Promise<CycleResult> {
  const pullsBefore = countPulls(fake, repositories).open;
  const ranBefore = replicas.map((replica) => replica.ran.length);
  const failedBefore = replicas.map((replica) => replica.failed.length);
  fake.resetRequestLog();
  const tick = nextWholeSecond(2_000);
  // Every replica upserts the same scheduler, as each does on start; it is kept once and ticks once.
  for (const replica of replicas) await replica.scans.queue.schedule(onceAt(tick));
  await drained(replicas, ranBefore, failedBefore, repositories);
  const seconds = (Date.now() - tick.getTime()) / 1000;
  const pulls = countPulls(fake, repositories);
  const ran = replicas.map((replica, i) => `${replica.name} ${replica.ran.length - (ranBefore[i] ?? 0)}`).join(', ');
  const failed = replicas.reduce((sum, replica, i) => sum + replica.failed.length - (failedBefore[i] ?? 0), 0);
  const line = describeCycle(fake, repositories, label, seconds, pulls.open - pullsBefore);
  return { line: `${line}; scans run: ${ran}${failed > 0 ? ` (${failed} failed, retried)` : ''}`, duplicates: pulls.duplicates };
}

/** Until every repository has had a successful scan this cycle and nothing waits or runs. */
async function drained(replicas: readonly Replica[], ranBefore: number[], failedBefore: number[], repositories: number): Promise<void> {
  const deadline = Date.now() + CYCLE_TIMEOUT_MS;
  for (;;) {
    const succeeded = replicas.reduce(
      (sum, replica, i) => sum + replica.ran.length - (ranBefore[i] ?? 0) - (replica.failed.length - (failedBefore[i] ?? 0)),
      0,
    );
    if (succeeded >= repositories) {
      const counts = await replicas[0]!.scans.queue.counts();
      if (counts.waiting === 0 && counts.active === 0) return;
    }
    if (Date.now() > deadline) {
      const counts = await replicas[0]!.scans.queue.counts();
      throw new Error(
        `two replicas: ${succeeded} of ${repositories} scans done after ${CYCLE_TIMEOUT_MS / 60_000} min (queue: ${JSON.stringify(counts)})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function nextWholeSecond(afterMs: number): Date {
  return new Date(Math.ceil((Date.now() + afterMs) / 1000) * 1000);
}

/** A cron (UTC, with seconds) that matches only this second of the year. */
function onceAt(at: Date): string {
  return `${at.getUTCSeconds()} ${at.getUTCMinutes()} ${at.getUTCHours()} ${at.getUTCDate()} ${at.getUTCMonth() + 1} *`;
}
