import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { Probot } from 'probot';
import pino from 'pino';
import { createMetrics, type Metrics } from '../../src/app/metrics.js';
import { createPinbotApp, type PinbotApp } from '../../src/app/probot-app.js';
import { scanAllInstallations } from '../../src/app/scheduler.js';
import { observedVerdictCache } from '../../src/telemetry/telemetry.js';
import { createGitObjectCache } from '../../src/github/cache.js';
import { createRegistryClient } from '../../src/registry/client/client.js';
import { UnthrottledOctokit } from '../helpers/app-under-test.js';
import { installationCreated, type FakeGitHub } from '../helpers/github/index.js';
import { pushImage, startRegistry, type LocalRegistry } from '../helpers/registry/index.js';
import { logRecords, startKeyedFake } from './support/serve-app.js';
import { createWritePacer } from '../../src/github/pacing.js';
import { UNPACED } from '../helpers/unpaced.js';

/**
 * The metrics as the App produces them: the real handlers with Prometheus telemetry threaded
 * through the use case, the registry client, the git object cache and the scheduler, against
 * the fake GitHub and a real registry. Each step builds on the one before.
 */
const PLATFORMS = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64', variant: 'v8' },
];
let registry: LocalRegistry;
let fake: FakeGitHub;
let probot: Probot;
let pinbot: PinbotApp;
let metrics: Metrics;
const logs: string[] = [];
const digests: Record<string, string> = {};

async function value(series: string): Promise<number | undefined> {
  const line = (await metrics.render()).split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const walk = () =>
  scanAllInstallations({
    auth: probot.auth.bind(probot),
    app: pinbot,
    log: probot.log,
    sleep: async () => undefined,
    now: Date.now,
    telemetry: metrics,
  });
const dockerfile = (digest: string) => `FROM ${registry.host}/team/node:22@${digest}\nRUN make\n`;

beforeAll(async () => {
  registry = await startRegistry();
  digests.v1 = (await pushImage(registry, 'team/node', '22', { platforms: PLATFORMS, seed: 'v1' })).digest;
  digests.v2 = (await pushImage(registry, 'team/node', '22', { platforms: PLATFORMS, seed: 'v2' })).digest;
  const keyed = await startKeyedFake();
  fake = keyed.fake;
  fake.createRepo({ owner: 'acme', repo: 'api', files: { Dockerfile: dockerfile(digests.v1) } });
  fake.addInstallation({ id: 5, account: 'acme', repos: 'all' });

  metrics = createMetrics({ processMetrics: false });
  pinbot = createPinbotApp({
    cache: createGitObjectCache({}, { onLookup: (kind, hit) => metrics.cache(kind, hit) }),
    telemetry: metrics,
    // Not paced: these tests write far more than 80 times a minute, against fakes (pacing: test/github/pacing.test.ts).
    pacer: createWritePacer({ limits: UNPACED }),
    check: {
      verdictCache: observedVerdictCache(metrics),
      clientFor: (config) =>
        createRegistryClient({
          env: {},
          mirrors: config.registryMirrors,
          sleep: async () => undefined,
          timeoutMs: 5000,
          onResponse: (host, outcome) => metrics.registryRequest(host, outcome),
        }),
    },
  });
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  probot = new Probot({
    appId: fake.appId,
    privateKey: keyed.privateKeyPem,
    secret: 'webhook-secret',
    baseUrl: fake.apiUrl,
    Octokit: UnthrottledOctokit,
    log: pino({ level: 'info' }, sink),
  });
  await probot.load(pinbot.appFn);
});

afterAll(async () => {
  await pinbot?.queue.idle();
  await fake?.stop();
  await registry?.stop();
});

describe('metrics from the running App', () => {
  it('a first scan counts the scan, its references, registry requests, cache misses and the PR it opened', async () => {
    await probot.receive(installationCreated(fake, 5) as never);
    await pinbot.queue.idle();

    expect(fake.listPulls('acme', 'api', { state: 'open' })).toHaveLength(1);
    expect(await value('pinbot_scans_total{outcome="scanned"}')).toBe(1);
    expect(await value('pinbot_references_found_total')).toBe(1);
    expect(await value('pinbot_scan_duration_seconds_count')).toBe(1);
    expect(await value('pinbot_pull_requests_total{action="opened"}')).toBe(1);
    expect(await value(`pinbot_registry_requests_total{host="${registry.host}",outcome="2xx"}`)).toBeGreaterThan(0);
    for (const cache of ['commit', 'tree', 'blob', 'verdict'])
      expect(await value(`pinbot_cache_misses_total{cache="${cache}"}`)).toBeGreaterThan(0);
    expect(await value('pinbot_cache_hits_total{cache="blob"}')).toBe(0);
  });

  it('a scheduled rescan of the same commit reads nothing from the repository, asks the registry again and records the rate limit', async () => {
    const summary = await walk();
    expect(summary).toMatchObject({ installations: 1, repositories: 1 });
    // Issue 13: the stored scan state stands in for the repository's reads; the pins are still looked up.
    expect(await value('pinbot_scans_total{outcome="unchanged"}')).toBe(1);
    expect(await value('pinbot_cache_hits_total{cache="verdict"}')).toBeGreaterThan(0);
    for (const cache of ['commit', 'tree', 'blob']) expect(await value(`pinbot_cache_hits_total{cache="${cache}"}`)).toBe(0);
    const remaining = await value('pinbot_github_rate_limit_remaining{installation="5"}');
    expect(remaining).toBe(fake.state.rateLimit.remaining);
    expect(remaining).toBeLessThan(5000);
    expect(await value('pinbot_pull_requests_total{action="updated"}')).toBe(0);
  });

  it('counts the PR update when the tag moves again', async () => {
    digests.v3 = (await pushImage(registry, 'team/node', '22', { platforms: PLATFORMS, seed: 'v3' })).digest;
    await walk();
    expect(await value('pinbot_pull_requests_total{action="updated"}')).toBe(1);
  });

  it('counts the PR closed when someone makes the default branch current by hand', async () => {
    fake.pushCommit({ owner: 'acme', repo: 'api', branch: 'main', files: { Dockerfile: dockerfile(digests.v3!) } });
    await walk();
    expect(fake.listPulls('acme', 'api', { state: 'open' })).toEqual([]);
    expect(await value('pinbot_pull_requests_total{action="closed"}')).toBe(1);
    expect(await value('pinbot_scans_total{outcome="scanned"}')).toBe(3);
  });

  it('counts a scan that fails, and logs it with its installation and repository', async () => {
    fake.failNext('GET', /\/git\/ref\/heads/, 502, 1);
    await walk();
    expect(await value('pinbot_scans_total{outcome="failed"}')).toBe(1);
    expect(await value('pinbot_scan_duration_seconds_count')).toBe(5);
    const [failed] = logRecords(logs, 'scan failed');
    expect(failed).toMatchObject({ installation: 5, repository: 'acme/api', err: { message: expect.stringContaining('502') } });
  });
});
