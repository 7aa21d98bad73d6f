import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main.js';
import { createMemorySightings } from '../../src/explain/sightings.js';
import { createRegistryClient } from '../../src/registry/client/client.js';
import { startRegistry, type LocalRegistry } from '../helpers/registry/index.js';
import {
  expectedMoveFacts,
  NEW_BASE,
  NEW_PACKAGES,
  NEW_REVISION,
  OLD_BASE,
  OLD_PACKAGES,
  OLD_REVISION,
  pushRelease,
  type Release,
} from './scenario.js';

/** `pinbot check --explain` and `--json` on a real registry, with the clock injected. */
let registry: LocalRegistry;
let root: string;
let v1: Release;
let v2: Release;
let pinned: Release;
const NOW = Date.parse('2024-05-04T12:00:00Z');

beforeAll(async () => {
  registry = await startRegistry({ auth: 'none' });
  const common = { arm64Seed: 'arm', annotateEntries: true };
  v1 = await pushRelease(registry, 'acme/app', '1.4.2', {
    ...common,
    seed: 'a1',
    created: '2024-05-01T10:00:00Z',
    revision: OLD_REVISION,
    base: OLD_BASE,
    packages: OLD_PACKAGES,
  });
  v2 = await pushRelease(registry, 'acme/app', '1.4.2', {
    ...common,
    seed: 'a2',
    created: '2024-05-03T09:30:00Z',
    revision: NEW_REVISION,
    base: NEW_BASE,
    packages: NEW_PACKAGES,
  });
  pinned = await pushRelease(registry, 'acme/worker', 'stable', { ...common, seed: 'w1', created: '2024-05-01T00:00:00Z' });
  await pushRelease(registry, 'acme/worker', 'stable', { ...common, seed: 'w2', created: '2024-05-03T23:00:00Z' });
  root = await mkdtemp(path.join(os.tmpdir(), 'pinbot-explain-'));
});

afterAll(async () => {
  await registry?.stop();
  await rm(root, { recursive: true, force: true });
});

async function check(folder: string, files: Record<string, string>, argv: string[]) {
  const dir = path.join(root, folder);
  await mkdir(path.join(dir, '.github'), { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  let stdout = '';
  let stderr = '';
  const code = await main(
    ['check', '.', ...argv],
    { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, cwd: dir, env: {} },
    {
      clientFor: () => createRegistryClient({ env: {} }),
      sightings: createMemorySightings(),
      now: () => new Date(NOW),
    },
  );
  return { code, stdout: stdout.split(registry.host).join('registry.test'), stderr };
}

describe('pinbot check --json', () => {
  it('adds details to each update in the shape issue 12 gives, and lists waiting entries', async () => {
    const run = await check(
      'json',
      {
        Dockerfile: `FROM ${registry.host}/acme/app:1.4.2@${v1.index}\nFROM ${registry.host}/acme/worker:stable@${pinned.index}\n`,
        '.github/pinbot.yml': 'minimumReleaseAge: 1 day\n',
      },
      ['--json'],
    );
    expect(run.code).toBe(1);
    const output = JSON.parse(run.stdout);
    expect(output.updates).toHaveLength(1);
    expect(output.updates[0].details).toEqual({
      platforms: [
        { platform: 'linux/amd64', oldDigest: v1.amd64, newDigest: v2.amd64 },
        { platform: 'linux/arm64/v8', oldDigest: v1.arm64, newDigest: v1.arm64 },
      ],
      created: { old: '2024-05-01T10:00:00.000Z', new: '2024-05-03T09:30:00.000Z' },
      ...expectedMoveFacts(),
      warnings: ['immutable-looking tag re-pointed: "1.4.2" reads like a fixed release, but it now points to a different image'],
    });
    // Built an hour before "now": held for a day, never a failure.
    expect(output.waiting).toEqual([
      {
        file: 'Dockerfile',
        line: 2,
        image: 'registry.test/acme/worker',
        tag: 'stable',
        newDigest: expect.stringMatching(/^sha256:/),
        readyAt: '2024-05-04T23:00:00.000Z',
      },
    ]);
    expect(output.errors).toEqual([]);
  });

  it('exits 0 when the only moved digest is still waiting', async () => {
    const run = await check(
      'waiting-only',
      { Dockerfile: `FROM ${registry.host}/acme/worker:stable@${pinned.index}\n`, '.github/pinbot.yml': 'minimumReleaseAge: 2 days\n' },
      [],
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/waiting .* \(ready 2024-05-05T23:00:00\.000Z\)/);
    expect(run.stdout).toContain('0 stale, 0 current, 1 waiting, 0 failed');
  });
});

describe('pinbot check --explain', () => {
  it('prints what changed under each stale reference', async () => {
    const run = await check('text', { Dockerfile: `FROM ${registry.host}/acme/app:1.4.2@${v1.index}\n` }, ['--explain']);
    expect(run.code).toBe(1);
    const details = run.stdout
      .slice(run.stdout.indexOf('\nDockerfile:1'))
      .split(v1.index.slice(0, 19))
      .join('<v1>')
      .split(v2.index.slice(0, 19))
      .join('<v2>')
      .split(v1.amd64.slice(0, 19))
      .join('<v1 amd64>')
      .split(v2.amd64.slice(0, 19))
      .join('<v2 amd64>');
    expect(details).toMatchInlineSnapshot(`
     "
     Dockerfile:1  registry.test/acme/app:1.4.2  stale   <v1> -> <v2>

     Dockerfile:1  registry.test/acme/app:1.4.2  <v1> -> <v2>
         warning: immutable-looking tag re-pointed: "1.4.2" reads like a fixed release, but it now points to a different image
         platforms:
           linux/amd64: <v1 amd64> -> <v2 amd64>
           linux/arm64/v8: unchanged
         created: 2024-05-01T10:00:00.000Z -> 2024-05-03T09:30:00.000Z
         source: https://github.com/acme/app (1111111111111111111111111111111111111111 -> 2222222222222222222222222222222222222222)
         compare: https://github.com/acme/app/compare/1111111111111111111111111111111111111111...2222222222222222222222222222222222222222
         base image: rebuilt (docker.io/library/debian:12-slim)
         packages (linux/amd64): 3 upgraded, 1 added, 1 removed
           @acme/left-pad 1.0.0 -> 1.1.0
           openssl 3.0.11-1~deb12u2 -> 3.0.13-1~deb12u1
           vendored-tool 0.9 -> 1.0
           + curl 7.88.1-10+deb12u5
           - wget 1.21.3-1+b2

     1 stale, 0 current, 0 failed
     "
    `);
  });

  it('is refused with refs', async () => {
    const run = await check('usage', { Dockerfile: 'FROM scratch\n' }, []);
    expect(run.code).toBe(0);
    let stderr = '';
    const code = await main(['refs', '--explain'], {
      stdout: { write: () => true },
      stderr: { write: (text: string) => (stderr += text) },
      cwd: root,
      env: {},
    });
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe('pinbot: --explain goes with the check or update command');
  });
});
