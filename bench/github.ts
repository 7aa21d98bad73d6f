// GitHub economy (issue 13) on the fake GitHub, for an organisation of 500 and 5,000 repositories
// (`PINBOT_BENCH_REPOSITORIES=50,200 npm run bench -- github` runs other sizes), each with one
// stale and one current pin, so the first scan opens one PR per repository.
//
// Two deployments, the same organisation on a fresh fake GitHub each:
// - embedded: one App process, state in memory, the scheduled walk run once per cycle;
// - two replicas on Redis (bench/github-replicas.ts): a real redis-server, two in-process
//   replicas with the scaled wiring (BullMQ queue, Redis stores); the BullMQ job scheduler ticks
//   once, the walk enqueues one job per repository and both replicas' workers take them.
//
// Per cycle (first scan, then a rescan with nothing changed):
// - counted requests per repository: every request the fake answered except 304s (GitHub
//   doesn't count a conditional request answered 304; those are printed as "free 304s"). The
//   installation listing and token requests are included. Goal for the rescan: <= 0.05;
// - content-creating requests per PR opened: every non-GET request (minting installation tokens
//   left out) divided by PRs opened; "paced at 500 writes/h" is how long GitHub's secondary limit
//   of 500 content-creating requests an hour makes those writes take (write pacing is off here);
// - wall time of the cycle; for replicas, from the scheduler's tick until the queue is drained;
// - replicas only: duplicate PRs (a repository with more than one PR; the bench fails if any),
//   and how many scans each replica ran;
// - peak RSS: the highest resident set size of this process (fake GitHub, App or both replicas,
//   and the bench) sampled during the deployment's two cycles.
import { scheduledWalk, startApp, type AppUnderTest } from '../test/helpers/app-under-test.js';
import { startRegistry } from '../test/helpers/registry/index.js';
import { countPulls, describeCycle, elapsedSeconds, seedImages, seedOrganisation, SIZES, watchPeakRss } from './github-org.js';
import { benchReplicas } from './github-replicas.js';

export async function benchGitHub(): Promise<string[]> {
  const lines: string[] = [];
  for (const size of SIZES) {
    lines.push(`github: ${size} repositories on the fake GitHub (one stale and one current pin each)`);
    lines.push(...(await benchEmbedded(size)));
    lines.push(...(await benchReplicas(size)));
  }
  return lines;
}

async function benchEmbedded(repositories: number): Promise<string[]> {
  const registry = await startRegistry({ auth: 'none' });
  // GitHub's hourly budget is 5,000 per installation; the benchmark counts requests, it doesn't
  // ration them (and the App's write pacing is off: see the PR figures for what it means).
  const app = await startApp({ rateLimit: 100_000_000 });
  try {
    seedOrganisation(app.fake, registry, await seedImages(registry), repositories);
    const rss = watchPeakRss();
    const lines = ['  embedded (one process, state in memory, 4 repositories at once):'];
    lines.push(await cycle(app, repositories, 'first scan'));
    lines.push(await cycle(app, repositories, 'rescan, nothing changed'));
    lines.push(`    peak RSS ${rss.stop()} MiB`);
    return lines;
  } finally {
    await app.stop();
    await registry.stop();
  }
}

async function cycle(app: AppUnderTest, repositories: number, label: string): Promise<string> {
  const pullsBefore = countPulls(app.fake, repositories).open;
  app.fake.resetRequestLog();
  const started = process.hrtime.bigint();
  await scheduledWalk(app, { concurrency: 4 });
  const seconds = elapsedSeconds(started);
  return describeCycle(app.fake, repositories, label, seconds, countPulls(app.fake, repositories).open - pullsBefore);
}
