import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pino from 'pino';
import { scanAllInstallations } from '../../src/app/scheduler.js';
import { startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { pushImage, startRegistry, type LocalRegistry } from '../helpers/registry/index.js';

/** The scheduled walk over every installation, against the fake GitHub and a real registry. */
let registry: LocalRegistry;
let app: AppUnderTest;
let stale: string;

beforeAll(async () => {
  registry = await startRegistry({ auth: 'none' });
  stale = (await pushImage(registry, 'team/app', '1', { seed: 'old' })).digest;
  await pushImage(registry, 'team/app', '1', { seed: 'new' });
  app = await startApp();
  const dockerfile = { Dockerfile: `FROM ${registry.host}/team/app:1@${stale}\n` };
  for (const repo of ['healthy', 'broken', 'old']) app.fake.createRepo({ owner: 'acme', repo, files: dockerfile });
  app.fake.setRepoFlags('acme', 'old', { archived: true });
  app.fake.createRepo({ owner: 'paused', repo: 'x', files: dockerfile });
  app.fake.addInstallation({ id: 1, account: 'acme', repos: 'all' });
  app.fake.addInstallation({ id: 2, account: 'paused', repos: 'all' });
  app.fake.suspendInstallation(2);
});

afterAll(async () => {
  await app?.stop();
  await registry?.stop();
});

describe('the scheduled walk', () => {
  it('scans every active repository; one failing stops none of the others', async () => {
    // The broken repository's tree can't be read, however often it is asked.
    app.fake.failNext('GET', /\/repos\/acme\/broken\/git\/trees\//, 502, 10);
    const waits: number[] = [];
    const summary = await scanAllInstallations({
      auth: app.probot.auth.bind(app.probot),
      app: app.pinbot,
      log: pino({ level: 'silent' }),
      sleep: async (ms) => void waits.push(ms),
      now: Date.now,
    });
    expect(summary).toEqual({ installations: 1, repositories: 1, skipped: 1, failed: 1 });
    expect(app.fake.listPulls('acme', 'healthy', { state: 'open' })).toHaveLength(1);
    expect(app.fake.listPulls('acme', 'broken', { state: 'open' })).toEqual([]);
    expect(app.fake.listPulls('acme', 'old', { state: 'all' })).toEqual([]);
    expect(app.fake.listPulls('paused', 'x', { state: 'all' })).toEqual([]);
    expect(waits).toEqual([]);
  });

  it('pauses until the rate limit resets instead of running it down', async () => {
    const resetAt = new Date(Date.now() + 120_000);
    app.fake.setRateLimit({ remaining: 50, resetAt });
    const waits: number[] = [];
    await scanAllInstallations({
      auth: app.probot.auth.bind(app.probot),
      app: app.pinbot,
      log: pino({ level: 'silent' }),
      sleep: async (ms) => {
        waits.push(ms);
        app.fake.setRateLimit({ remaining: 5000, resetAt: new Date(Date.now() + 3_600_000) });
      },
      now: Date.now,
      lowRateLimit: 200,
    });
    expect(waits.length).toBeGreaterThan(0);
    expect(waits[0]).toBeGreaterThan(100_000);
    expect(waits[0]).toBeLessThanOrEqual(120_000);
  });
});

describe('an invalid config', () => {
  it('is reported once per commit, not on every scan of it', async () => {
    app.fake.createRepo({
      owner: 'acme',
      repo: 'misconfigured',
      files: { '.github/pinbot.yml': 'lables: [x]\n', Dockerfile: `FROM ${registry.host}/team/app:1@${stale}\n` },
    });
    const walk = () =>
      scanAllInstallations({
        auth: app.probot.auth.bind(app.probot),
        app: app.pinbot,
        log: pino({ level: 'silent' }),
        sleep: async () => undefined,
        now: Date.now,
      });
    await walk();
    await walk();
    const head = app.fake.branchHead('acme', 'misconfigured', 'main')!;
    const runs = app.fake.checkRuns('acme', 'misconfigured', { headSha: head, name: 'pinbot' });
    expect(runs.filter((run) => run.conclusion === 'failure')).toHaveLength(1);
    expect(app.fake.listPulls('acme', 'misconfigured', { state: 'all' })).toEqual([]);
  });
});
