import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { installationCreated, type FakeGitHub } from '../helpers/github/index.js';
import { pushImage, startRegistry, type LocalRegistry } from '../helpers/registry/index.js';
import { logRecords, serveApp, startKeyedFake, type ServedApp } from './support/serve-app.js';

/**
 * Issue 8, finding 10: a Dockerfile pin of `127.0.0.1:<port>/…` made the App connect to a port
 * of its own host. The real server now refuses every registry on a non-public address that
 * `PINBOT_ALLOWED_PRIVATE_REGISTRIES` does not list, without a single connection, and still
 * updates pins on a listed one.
 */
const PINNED = `sha256:${'1'.repeat(64)}`;
let probe: Server;
let probePort: number;
let connections = 0;
let registry: LocalRegistry;
let fake: FakeGitHub;
let served: ServedApp;
let moved: string;

beforeAll(async () => {
  // Stands in for whatever listens on the App's loopback (Redis, an admin port): it counts who knocks.
  probe = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  probePort = (probe.address() as AddressInfo).port;

  registry = await startRegistry({ auth: 'none' });
  const pinned = await pushImage(registry, 'team/app', '1', { seed: 'a' });
  moved = (await pushImage(registry, 'team/app', '1', { seed: 'b' })).digest;

  ({ fake } = await startKeyedFake().then(async (keyed) => {
    served = await serveApp({
      fake: keyed.fake,
      privateKeyPem: keyed.privateKeyPem,
      secret: 'policy-secret',
      env: { PINBOT_ALLOWED_PRIVATE_REGISTRIES: `registry.example.com,${registry.host}` },
    });
    return keyed;
  }));
  const spellings = [`127.0.0.1:${probePort}`, `localhost:${probePort}`, `2130706433:${probePort}`, `[::ffff:7f00:1]:${probePort}`];
  fake.createRepo({
    owner: 'acme',
    repo: 'probe',
    files: { Dockerfile: spellings.map((host, index) => `FROM ${host}/admin/x${index}:1@${PINNED} AS s${index}\n`).join('') },
  });
  fake.createRepo({ owner: 'acme', repo: 'listed', files: { Dockerfile: `FROM ${registry.host}/team/app:1@${pinned.digest}\n` } });
  fake.addInstallation({ id: 4, account: 'acme', repos: 'all' });
});

afterAll(async () => {
  await served?.stop();
  await fake?.stop();
  await registry?.stop();
  await new Promise<void>((resolve) => (probe ? probe.close(() => resolve()) : resolve()));
});

describe('the App’s registry address policy', () => {
  it('refuses every spelling of a loopback registry without connecting, and updates pins on a listed one', async () => {
    expect((await served.deliver(installationCreated(fake, 4))).status).toBe(200);
    await served.app.pinbot.queue.idle();

    expect(connections).toBe(0);
    const unresolved = logRecords(served.logs, 'some pins could not be resolved').filter((record) => record.repository === 'acme/probe');
    expect(unresolved).toHaveLength(1);
    const failures = unresolved[0]!.failures as Array<{ error: string; reason: string }>;
    expect(failures).toHaveLength(4);
    for (const failure of failures) {
      expect(failure.error).toContain('registry address not allowed');
      expect(failure.error).toContain('is a loopback address (list it in PINBOT_ALLOWED_PRIVATE_REGISTRIES to allow it)');
    }
    expect(fake.listPulls('acme', 'probe', { state: 'open' })).toEqual([]);

    const [pull] = fake.listPulls('acme', 'listed', { state: 'open' });
    expect(pull).toBeDefined();
    expect(fake.readText('acme', 'listed', pull!.headRef, 'Dockerfile')).toContain(moved);
  });
});
