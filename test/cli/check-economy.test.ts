import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main.js';
import { AMD64, ARM64, build, NODE, release } from '../registry/resolver/scenario.js';
import { FakeRegistry } from '../registry/resolver/fake-registry.js';

/**
 * `pinbot check a b`: one run, however many PATHs. Each tag is asked about once and the
 * registry client (its tokens, its credentials, its warnings) is built once per configuration.
 */
let root: string;
let registry: FakeRegistry;
let clientsBuilt: number;
let stale: string;

beforeAll(async () => {
  registry = new FakeRegistry();
  stale = release(registry, build(registry, AMD64, ARM64)).index.digest;
  release(registry, build(registry, AMD64, ARM64));
  root = await mkdtemp(path.join(os.tmpdir(), 'pinbot-economy-'));
  for (const folder of ['api', 'worker']) {
    await mkdir(path.join(root, folder));
    await writeFile(path.join(root, folder, 'Dockerfile'), `FROM node:22@${stale}\n`);
  }
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function check(argv: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const sink = { write: () => true };
  const code = await main(
    argv,
    { stdout: { write: (text: string) => (stdout += text) }, stderr: sink, cwd: root, env: {} },
    {
      clientFor: () => {
        clientsBuilt += 1;
        return registry;
      },
    },
  );
  return { code, stdout };
}

describe('pinbot check over several PATHs', () => {
  it('asks about each tag once and builds one client for one configuration', async () => {
    clientsBuilt = 0;
    registry.resetCounts();
    const run = await check(['check', 'api', 'worker', '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).updates.map((update: { file: string }) => update.file)).toEqual(['api/Dockerfile', 'worker/Dockerfile']);
    expect(registry.requests.filter((request) => request.startsWith('HEAD'))).toEqual([`HEAD ${NODE.registry}/${NODE.repository}:22`]);
    expect(clientsBuilt).toBe(1);
  });
});
