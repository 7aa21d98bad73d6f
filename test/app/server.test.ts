import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { serve } from '../../src/app/main.js';
import { push, type FakeGitHub } from '../helpers/github/index.js';
import { logRecords, serveApp, startKeyedFake, type ServedApp } from './support/serve-app.js';

/**
 * The real server, started the way `npm start` starts it: Probot's HTTP server with pinbot's
 * handlers, `/healthz`, `/readyz` and `/metrics`, against a fake GitHub on loopback.
 */
const SECRET = 'server-test-webhook-secret';
let fake: FakeGitHub;
let served: ServedApp;

beforeAll(async () => {
  const keyed = await startKeyedFake();
  fake = keyed.fake;
  fake.createRepo({ owner: 'acme', repo: 'api', files: { Dockerfile: 'FROM node:22\n' } });
  fake.addInstallation({ id: 7, account: 'acme', repos: 'all' });
  served = await serveApp({ fake, privateKeyPem: keyed.privateKeyPem, secret: SECRET });
});

afterAll(async () => {
  await served?.stop();
  await fake?.stop();
});

describe('the server npm start runs', () => {
  it('answers /healthz with ok', async () => {
    const response = await fetch(`${served.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok');
  });

  it('is ready once it listens', async () => {
    const response = await fetch(`${served.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ready');
  });

  it('serves Prometheus metrics: pinbot’s own and the process defaults', async () => {
    const response = await fetch(`${served.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    for (const name of [
      'pinbot_scans_total',
      'pinbot_scan_duration_seconds',
      'pinbot_references_found_total',
      'pinbot_registry_requests_total',
      'pinbot_cache_hits_total',
      'pinbot_cache_misses_total',
      'pinbot_pull_requests_total',
      'pinbot_github_rate_limit_remaining',
      'process_cpu_user_seconds_total',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(text).toContain('pinbot_scans_total{outcome="scanned"} 0');
  });

  it('leaves other paths to Probot: unknown ones are 404, /ping still answers', async () => {
    expect((await fetch(`${served.url}/nothing-here`)).status).toBe(404);
    expect((await fetch(`${served.url}/healthz`, { method: 'POST' })).status).toBe(404);
    expect(await (await fetch(`${served.url}/ping`)).text()).toBe('PONG');
  });

  it('rejects a webhook with a wrong signature and does no work for it', async () => {
    fake.resetRequestLog();
    const change = fake.pushCommit({ owner: 'acme', repo: 'api', branch: 'main', files: { 'README.md': '# api\n' } });
    const delivery = push(fake, { owner: 'acme', repo: 'api', branch: 'main', before: change.before });
    const response = await served.deliver(delivery, 'not-the-secret');
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('X-Hub-Signature-256 does not match the payload\n');
    expect(served.app.pinbot.queue.busy).toBe(0);
    await served.app.pinbot.queue.idle();
    expect(fake.requestLog).toEqual([]);
  });

  it('accepts the same kind of webhook signed with the secret', async () => {
    const side = fake.pushCommit({ owner: 'acme', repo: 'api', branch: 'feature', files: { 'x.txt': 'x\n' } });
    // A push to another branch: accepted, and ignored without a request.
    const response = await served.deliver(push(fake, { owner: 'acme', repo: 'api', branch: 'feature', before: side.before }));
    expect(response.status).toBe(200);
  });

  it('logs structured lines with fixed messages', () => {
    const [started] = logRecords(served.logs, 'scheduler started');
    expect(started).toMatchObject({ nextRun: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  });

  // Last: it stops the server.
  it('turns not-ready while it drains queued work on shutdown, then closes', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    void served.app.pinbot.queue.run('acme/api', () => gate);
    const stopping = served.app.stop();

    const ready = await fetch(`${served.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.text()).toBe('stopping');
    // Still alive: only readiness changes while draining.
    expect((await fetch(`${served.url}/healthz`)).status).toBe(200);

    release();
    await stopping;
    expect(logRecords(served.logs, 'shutting down')[0]).toMatchObject({ busyRepositories: 1 });
    await expect(fetch(`${served.url}/healthz`)).rejects.toThrow();
  });
});

describe('serve', () => {
  it('starts nothing when the environment is incomplete, and says what is missing', async () => {
    const result = await serve({ PORT: '1' });
    expect(result.ok).toBe(false);
    expect('problems' in result ? result.problems : []).toEqual(
      expect.arrayContaining([
        expect.stringContaining('APP_ID'),
        expect.stringContaining('PRIVATE_KEY'),
        expect.stringContaining('WEBHOOK_SECRET'),
      ]),
    );
  });
});
