import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { createRegistryClient } from '../../src/registry/client/client.js';
import { installationCreated, push, type FakeGitHub } from '../helpers/github/index.js';
import { pushImage, startRegistry, type LocalRegistry, type RegistryAuthMode } from '../helpers/registry/index.js';
import { canary, encodings, findLeaks, pemLines } from './support/canaries.js';
import { startRecordingProxy, type RecordingProxy } from './support/recording-proxy.js';
import { logRecords, serveApp, startKeyedFake, type ServedApp } from './support/serve-app.js';

/**
 * Canary credentials go where real ones would: a Docker config for the registry, and the
 * App's private key and webhook secret in its environment. The real server then scans through
 * a failing and a succeeding registry login, and everything it let out (log lines at trace,
 * every request GitHub received with its headers, the metrics, webhook answers, console
 * output, registry error messages, the environment a credential helper runs with) is searched
 * for them, plain and encoded.
 */
const USER = 'deploy-bot';
const basic = (password: string): string => Buffer.from(`${USER}:${password}`).toString('base64');

describe('the encoding search', () => {
  it('finds a secret as is, inside base64 at any alignment, and inside base64(user:password)', () => {
    const secret = canary('probe');
    const needles = { probe: encodings(secret) };
    for (const prefix of ['', 'a', 'ab', 'abc']) {
      expect(findLeaks(needles, { text: Buffer.from(`${prefix}${secret}!`).toString('base64') })).toHaveLength(1);
    }
    expect(findLeaks(needles, { header: `Basic ${basic(secret)}` })).toHaveLength(1);
    expect(findLeaks(needles, { url: `?password=${encodeURIComponent(secret)}` })).toHaveLength(1);
    expect(findLeaks(needles, { clean: Buffer.from(`${USER}:${canary('other')}`).toString('base64') })).toEqual([]);
  });
});

describe.each<RegistryAuthMode>(['htpasswd', 'token'])('secrets never leak (%s registry)', (mode) => {
  const wrong = canary('wrong-password');
  const right = canary('right-password');
  const webhookSecret = canary('webhook-secret');
  let registry: LocalRegistry;
  let fake: FakeGitHub;
  let privateKeyPem: string;
  let proxy: RecordingProxy;
  let served: ServedApp;
  let dockerConfig: string;
  let helperDir: string;
  let moved: string;
  const answers: string[] = [];
  let helperEnvironment = '';
  const errorMessages: string[] = [];
  const consoleLines: string[] = [];
  const consoleMethods = ['log', 'info', 'warn', 'error', 'debug'] as const;

  const writeDockerConfig = (password: string) =>
    writeFile(join(dockerConfig, 'config.json'), JSON.stringify({ auths: { [registry.host]: { auth: basic(password) } } }));
  const openPulls = () => fake.listPulls('acme', 'private-app', { state: 'open' });

  beforeAll(async () => {
    for (const method of consoleMethods) {
      jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void consoleLines.push(format(...args)));
    }
    registry = await startRegistry({ auth: mode, users: [{ username: USER, password: right }] });
    const pinned = await pushImage(registry, 'team/app', '1', { seed: 'a' });
    moved = (await pushImage(registry, 'team/app', '1', { seed: 'b' })).digest;
    ({ fake, privateKeyPem } = await startKeyedFake());
    fake.createRepo({ owner: 'acme', repo: 'private-app', files: { Dockerfile: `FROM ${registry.host}/team/app:1@${pinned.digest}\n` } });
    fake.addInstallation({ id: 3, account: 'acme', repos: 'all' });
    dockerConfig = await mkdtemp(join(tmpdir(), 'pinbot-docker-config-'));
    await writeDockerConfig(wrong);
    // A credential helper that records the environment it was run with, then answers.
    helperDir = await mkdtemp(join(tmpdir(), 'pinbot-helper-'));
    const helper = join(helperDir, 'docker-credential-pinbot-canary');
    await writeFile(
      helper,
      `#!/bin/sh\nenv > '${join(helperDir, 'seen-env')}'\ncat > /dev/null\nprintf '{"ServerURL":"x","Username":"${USER}","Secret":"${right}"}'\n`,
    );
    await chmod(helper, 0o755);
    proxy = await startRecordingProxy(fake.host);
    served = await serveApp({
      fake,
      privateKeyPem,
      secret: webhookSecret,
      githubHost: proxy.host,
      env: {
        DOCKER_CONFIG: dockerConfig,
        PATH: `${helperDir}:${process.env.PATH ?? ''}`,
        PINBOT_ALLOWED_PRIVATE_REGISTRIES: registry.host,
      },
    });
  });

  afterAll(async () => {
    await served?.stop();
    await proxy?.stop();
    await fake?.stop();
    await registry?.stop();
    for (const dir of [dockerConfig, helperDir]) if (dir) await rm(dir, { recursive: true, force: true });
    jest.restoreAllMocks();
  });

  it('a scan whose registry login fails writes nothing and says the credentials were refused', async () => {
    const response = await served.deliver(installationCreated(fake, 3));
    answers.push(await response.text());
    expect(response.status).toBe(200);
    await served.app.pinbot.queue.idle();

    expect(openPulls()).toEqual([]);
    const [logged] = logRecords(served.logs, 'some pins could not be resolved');
    expect(logged).toMatchObject({
      installation: 3,
      repository: 'acme/private-app',
      failures: [{ reason: 'unauthorized', image: `${registry.host}/team/app:1` }],
    });
    // The canary really was offered, so its absence below means something.
    if (mode === 'token')
      expect(registry.tokenServer!.requests.some((request) => request.authorization === `Basic ${basic(wrong)}`)).toBe(true);
    else expect(JSON.stringify(logged)).toContain(`sent the stored credentials for ${registry.host}`);

    // The same failure straight from a registry client, as any caller would see it.
    const direct = await createRegistryClient({ env: { DOCKER_CONFIG: dockerConfig } }).headManifest(
      { registry: registry.host, repository: 'team/app' },
      '1',
    );
    expect(direct.kind).toBe('unauthorized');
    if (direct.kind !== 'found') errorMessages.push(direct.message);
  }, 60_000);

  it('a scan whose login succeeds opens the pull request', async () => {
    await writeDockerConfig(right);
    const change = fake.pushCommit({ owner: 'acme', repo: 'private-app', branch: 'main', files: { 'README.md': '# app\n' } });
    const response = await served.deliver(push(fake, { owner: 'acme', repo: 'private-app', branch: 'main', before: change.before }));
    answers.push(await response.text());
    await served.app.pinbot.queue.idle();

    expect(openPulls()).toHaveLength(1);
    expect(fake.readText('acme', 'private-app', 'pinbot/digests', 'Dockerfile')).toContain(moved);
    // A wrongly signed delivery: its answer must not echo the secret either.
    answers.push(
      await (await served.deliver(push(fake, { owner: 'acme', repo: 'private-app', branch: 'main', before: change.before }), wrong)).text(),
    );
  }, 60_000);

  it('a credential helper gets to answer, and runs without the App’s own secrets', async () => {
    await writeFile(join(dockerConfig, 'config.json'), JSON.stringify({ credHelpers: { [registry.host]: 'pinbot-canary' } }));
    const newer = (await pushImage(registry, 'team/app', '1', { seed: 'c' })).digest;
    const change = fake.pushCommit({ owner: 'acme', repo: 'private-app', branch: 'main', files: { 'README.md': '# app\n\nv2\n' } });
    answers.push(
      await (await served.deliver(push(fake, { owner: 'acme', repo: 'private-app', branch: 'main', before: change.before }))).text(),
    );
    await served.app.pinbot.queue.idle();

    expect(fake.readText('acme', 'private-app', 'pinbot/digests', 'Dockerfile')).toContain(newer);
    helperEnvironment = await readFile(join(helperDir, 'seen-env'), 'utf8');
    expect(helperEnvironment).toContain(`DOCKER_CONFIG=${dockerConfig}`);
  }, 60_000);

  it('no canary appears in logs, GitHub requests, metrics, webhook answers, console output or error messages', async () => {
    const metrics = await (await fetch(`${served.url}/metrics`)).text();
    // What was searched is not empty: the app did log, call GitHub and count.
    expect(served.logs.length).toBeGreaterThan(20);
    expect(proxy.requests.some((request) => request.method === 'POST' && request.url.endsWith('/pulls'))).toBe(true);
    expect(metrics).toContain(`pinbot_registry_requests_total{host="${registry.host}",outcome="401"}`);
    expect(metrics).toContain('pinbot_pull_requests_total{action="opened"} 1');

    const places = {
      logs: served.logs.join('\n'),
      'GitHub requests (proxy: headers and bodies)': JSON.stringify(proxy.requests),
      'GitHub requests (fake: bodies)': JSON.stringify(fake.requestLog),
      metrics,
      'webhook answers': answers.join('\n'),
      console: consoleLines.join('\n'),
      'error messages': errorMessages.join('\n'),
      'credential helper environment': helperEnvironment,
    };
    const secrets = {
      'wrong registry password': [...encodings(wrong), basic(wrong)],
      'right registry password': [...encodings(right), basic(right)],
      'webhook secret': encodings(webhookSecret),
      'private key': pemLines(privateKeyPem),
    };
    expect(pemLines(privateKeyPem).length).toBeGreaterThan(10);
    expect(findLeaks(secrets, places)).toEqual([]);
  });
});
