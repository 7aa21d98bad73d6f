// GitHub economy: API requests per repository for an org of 500 repositories on the fake
// GitHub, for the first scan (every repository gets a PR) and for a rescan with nothing changed.
import pino from 'pino';
import { scanAllInstallations } from '../src/app/scheduler.js';
import { startApp } from '../test/helpers/app-under-test.js';
import { pushImage, startRegistry } from '../test/helpers/registry/index.js';

const REPOSITORIES = 500;

export async function benchGitHub(): Promise<string[]> {
  const registry = await startRegistry({ auth: 'none' });
  // GitHub's hourly budget is 5,000 per installation; the benchmark counts requests, it doesn't ration them.
  const app = await startApp({ rateLimit: 1_000_000 });
  try {
    const platforms = [
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
    ];
    const old = (await pushImage(registry, 'org/base', '1', { platforms, seed: 'old' })).digest;
    await pushImage(registry, 'org/base', '1', { platforms, seed: 'new' });
    const current = (await pushImage(registry, 'org/tool', '2', { seed: 'tool' })).digest;
    for (let i = 0; i < REPOSITORIES; i++) {
      app.fake.createRepo({
        owner: 'org',
        repo: `service-${i}`,
        files: {
          Dockerfile: `FROM ${registry.host}/org/base:1@${old}\nCOPY . /app\n`,
          'deploy/app.yaml': `apiVersion: v1\nkind: Pod\nmetadata:\n  name: s${i}\nspec:\n  containers:\n    - name: tool\n      image: ${registry.host}/org/tool:2@${current}\n`,
          'src/main.go': 'package main\n',
          'README.md': `# service ${i}\n`,
        },
      });
    }
    app.fake.addInstallation({ id: 1, account: 'org', repos: 'all' });
    const walk = () =>
      scanAllInstallations({
        auth: app.probot.auth.bind(app.probot),
        app: app.pinbot,
        log: pino({ level: 'silent' }),
        sleep: async () => undefined,
        now: Date.now,
        concurrency: 4,
      });

    const lines = [`github: ${REPOSITORIES} repositories on the fake GitHub (one stale and one current pin each)`];
    for (const label of ['first scan', 'rescan, nothing changed']) {
      app.fake.resetRequestLog();
      const started = process.hrtime.bigint();
      await walk();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const log = app.fake.requestLog;
      const writes = log.filter((request) => request.method !== 'GET').length;
      const pulls = app.fake.listPulls('org', 'service-0', { state: 'open' }).length;
      lines.push(
        `  ${label}: ${(log.length / REPOSITORIES).toFixed(2)} requests per repository (${log.length} in all, ${writes} writes), ${seconds.toFixed(1)} s wall, ${pulls} open PR in service-0`,
      );
      const top = Object.entries(app.fake.requestCounts())
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6);
      lines.push(`    ${top.map(([route, n]) => `${route} ${(n / REPOSITORIES).toFixed(2)}`).join('; ')}`);
    }
    return lines;
  } finally {
    await app.stop();
    await registry.stop();
  }
}
