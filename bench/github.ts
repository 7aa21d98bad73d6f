// GitHub economy (issue 13): API requests per repository for an organisation of 500 and 5,000
// repositories on the fake GitHub, for the first scan (every repository gets a PR) and for a
// rescan with nothing changed. "Counted" leaves out what GitHub does not charge (a 304).
// `PINBOT_BENCH_REPOSITORIES=50,200 npm run bench -- github` runs other sizes.
import pino from 'pino';
import { scanAllInstallations } from '../src/app/scheduler.js';
import { startApp, type AppUnderTest } from '../test/helpers/app-under-test.js';
import { pushImage, startRegistry, type LocalRegistry } from '../test/helpers/registry/index.js';

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

export async function benchGitHub(): Promise<string[]> {
  const lines: string[] = [];
  for (const size of SIZES) lines.push(...(await benchSize(size)));
  return lines;
}

async function benchSize(repositories: number): Promise<string[]> {
  const registry = await startRegistry({ auth: 'none' });
  // GitHub's hourly budget is 5,000 per installation; the benchmark counts requests, it doesn't
  // ration them (and the App's write pacing is off: see the PR figures for what it means).
  const app = await startApp({ rateLimit: 100_000_000 });
  try {
    const seeded = await seedImages(registry);
    for (let i = 0; i < repositories; i++) {
      app.fake.createRepo({ owner: 'org', repo: `service-${i}`, files: serviceFiles(registry.host, seeded, i) });
    }
    app.fake.addInstallation({ id: 1, account: 'org', repos: 'all' });
    const lines = [`github: ${repositories} repositories on the fake GitHub (one stale and one current pin each)`];
    lines.push(await cycle(app, repositories, 'first scan'));
    lines.push(await cycle(app, repositories, 'rescan, nothing changed'));
    return lines;
  } finally {
    await app.stop();
    await registry.stop();
  }
}

async function cycle(app: AppUnderTest, repositories: number, label: string): Promise<string> {
  const pullsBefore = countPulls(app, repositories);
  app.fake.resetRequestLog();
  const started = process.hrtime.bigint();
  await scanAllInstallations({
    auth: app.probot.auth.bind(app.probot),
    app: app.pinbot,
    log: pino({ level: 'silent' }),
    sleep: async () => undefined,
    now: Date.now,
    concurrency: 4,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return describeCycle(app, repositories, label, seconds, countPulls(app, repositories) - pullsBefore);
}

export function countPulls(app: { readonly fake: AppUnderTest['fake'] }, repositories: number): number {
  let pulls = 0;
  for (let i = 0; i < repositories; i++) pulls += app.fake.listPulls('org', `service-${i}`, { state: 'open' }).length;
  return pulls;
}

export function describeCycle(
  app: { readonly fake: AppUnderTest['fake'] },
  repositories: number,
  label: string,
  seconds: number,
  opened: number,
): string {
  const log = app.fake.requestLog;
  const counted = log.filter((request) => request.counted);
  const writes = log.filter((request) => request.method !== 'GET' && !request.path.endsWith('/access_tokens')).length;
  const perPull = opened > 0 ? `, ${(writes / opened).toFixed(2)} content-creating requests per PR opened (${opened} PRs)` : '';
  // Under GitHub's 500 content-creating requests an hour per installation, the writes alone take this long.
  const paced = writes > 0 ? `; paced at 500 writes/h: ${(writes / 500).toFixed(1)} h` : '';
  return (
    `  ${label}: ${(counted.length / repositories).toFixed(3)} counted requests per repository ` +
    `(${counted.length} counted, ${log.length - counted.length} free 304s)${perPull}, ${seconds.toFixed(1)} s wall${paced}`
  );
}
