// The organisation both GitHub economy benchmarks scan (bench/github.ts, bench/github-replicas.ts),
// and how a cycle over it is described.
import type { FakeGitHub } from '../test/helpers/github/index.js';
import { pushImage, type LocalRegistry } from '../test/helpers/registry/index.js';

export const SIZES = (process.env.PINBOT_BENCH_REPOSITORIES ?? '500,5000').split(',').map(Number);

export interface Seeded {
  readonly old: string;
  readonly current: string;
}

/** One stale and one current pin per repository, the rest of a small service around them. */
export async function seedImages(registry: LocalRegistry): Promise<Seeded> {
  const platforms = [
    { os: 'linux', architecture: 'amd64' },
    { os: 'linux', architecture: 'arm64', variant: 'v8' },
  ];
  const old = (await pushImage(registry, 'org/base', '1', { platforms, seed: 'old' })).digest;
  await pushImage(registry, 'org/base', '1', { platforms, seed: 'new' });
  const current = (await pushImage(registry, 'org/tool', '2', { seed: 'tool' })).digest;
  return { old, current };
}

export function serviceFiles(host: string, seeded: Seeded, i: number): Record<string, string> {
  return {
    Dockerfile: `FROM ${host}/org/base:1@${seeded.old}\nCOPY . /app\n`,
    'deploy/app.yaml': `apiVersion: v1\nkind: Pod\nmetadata:\n  name: s${i}\nspec:\n  containers:\n    - name: tool\n      image: ${host}/org/tool:2@${seeded.current}\n`,
    'src/main.go': 'package main\n',
    'README.md': `# service ${i}\n`,
  };
}

/** `org/service-0…n-1`, all in installation 1. */
export function seedOrganisation(fake: FakeGitHub, registry: LocalRegistry, seeded: Seeded, repositories: number): void {
  for (let i = 0; i < repositories; i++)
    fake.createRepo({ owner: 'org', repo: `service-${i}`, files: serviceFiles(registry.host, seeded, i) });
  fake.addInstallation({ id: 1, account: 'org', repos: 'all' });
}

/** Pull requests of the organisation: open ones, and repositories with more than one (a duplicate each extra). */
export function countPulls(
  fake: FakeGitHub,
  repositories: number,
): { readonly open: number; readonly all: number; readonly duplicates: number } {
  let open = 0;
  let all = 0;
  let duplicates = 0;
  for (let i = 0; i < repositories; i++) {
    const pulls = fake.listPulls('org', `service-${i}`, { state: 'all' });
    all += pulls.length;
    open += pulls.filter((pull) => pull.state === 'open').length;
    duplicates += Math.max(0, pulls.length - 1);
  }
  return { open, all, duplicates };
}

/**
 * One line for one cycle, from the fake's request log (reset before the cycle): counted requests
 * per repository (a 304 is free on GitHub), content-creating requests (anything but GET; minting
 * installation tokens left out) per PR opened, and wall time.
 */
export function describeCycle(fake: FakeGitHub, repositories: number, label: string, seconds: number, opened: number): string {
  const log = fake.requestLog;
  let counted = 0;
  let writes = 0;
  for (const request of log) {
    if (request.counted) counted++;
    if (request.method !== 'GET' && !request.path.endsWith('/access_tokens')) writes++;
  }
  const perPull = opened > 0 ? `, ${(writes / opened).toFixed(2)} content-creating requests per PR opened (${opened} PRs)` : '';
  // Under GitHub's 500 content-creating requests an hour per installation, the writes alone take this long.
  const paced = writes > 0 ? `; paced at 500 writes/h: ${(writes / 500).toFixed(1)} h` : '';
  return (
    `    ${label}: ${(counted / repositories).toFixed(3)} counted requests per repository ` +
    `(${counted} counted, ${log.length - counted} free 304s)${perPull}, ${seconds.toFixed(1)} s wall${paced}`
  );
}

/** The highest resident set size seen while it runs (sampled every 100 ms), in MiB. */
export function watchPeakRss(): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 100);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      return Math.round(Math.max(peak, process.memoryUsage.rss()) / 2 ** 20);
    },
  };
}

export const elapsedSeconds = (started: bigint): number => Number(process.hrtime.bigint() - started) / 1e9;
