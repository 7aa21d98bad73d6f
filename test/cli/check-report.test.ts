import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main.js';
import { FakeRegistry } from '../registry/resolver/fake-registry.js';
import { AMD64, ARM64, build, release } from '../registry/resolver/scenario.js';

/**
 * What `check` and `update` report, against an in-memory registry: one order everywhere,
 * failures grouped by host with a hint, and files that could not be scanned failing the run.
 */
let root: string;
let registry: FakeRegistry;
let stale: string;
let current: string;
const OTHER = `sha256:${'e'.repeat(64)}`;

beforeEach(async () => {
  registry = new FakeRegistry();
  stale = release(registry, build(registry, AMD64, ARM64)).index.digest;
  current = release(registry, build(registry, AMD64, ARM64)).index.digest;
  root = await mkdtemp(path.join(os.tmpdir(), 'pinbot-check-report-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function put(relative: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, relative)), { recursive: true });
  await writeFile(path.join(root, relative), text);
}

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(
    argv,
    { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, cwd: root, env: {} },
    { clientFor: () => registry },
  );
  return { code, stdout, stderr };
}

const unreachable = (host: string) =>
  ({
    kind: 'unavailable',
    host,
    message: `HEAD https://${host}/v2/…: network error: ECONNREFUSED (connect ECONNREFUSED 10.9.9.9:443) (after 3 attempts)`,
    cause: { kind: 'network', code: 'ECONNREFUSED' },
  }) as const;

describe('pinbot check: one order everywhere', () => {
  it('lists the table, the errors and every JSON array by file, then line', async () => {
    // Plan order (by status, then scan order) differs from file order on purpose.
    registry.failures.set('gone', { kind: 'not-found', host: 'registry.example.com', message: 'HEAD …: 404 MANIFEST_UNKNOWN' });
    await put('Dockerfile.10', `FROM node:22@${current}\nFROM registry.example.com/app:gone@${OTHER}\n`);
    await put('Dockerfile.2', `FROM registry.example.com/app:gone@${OTHER}\nFROM node:22@${stale}\n`);
    await put('a/Dockerfile', `FROM node:22@${stale}\nFROM registry.example.com/app:gone@${OTHER}\n`);

    const table = await run(['check']);
    expect(table.code).toBe(2);
    const rows = table.stdout.split('\n').filter((line) => /^\S+:\d+ /.test(line));
    expect(rows.map((line) => line.split(/\s+/)[0])).toEqual([
      'a/Dockerfile:1',
      'a/Dockerfile:2',
      'Dockerfile.2:1',
      'Dockerfile.2:2',
      'Dockerfile.10:1',
      'Dockerfile.10:2',
    ]);
    const errors = table.stdout.split('\n').filter((line) => line.startsWith('  ') && line.includes('404'));
    expect(errors.map((line) => line.trim().split(/\s+/)[0])).toEqual(['a/Dockerfile:2', 'Dockerfile.2:1', 'Dockerfile.10:2']);

    const json = JSON.parse((await run(['check', '--json'])).stdout);
    const places = (entries: Array<{ file: string; line: number }>) => entries.map((entry) => `${entry.file}:${entry.line}`);
    expect(places(json.errors)).toEqual(['a/Dockerfile:2', 'Dockerfile.2:1', 'Dockerfile.10:2']);
    expect(places(json.updates)).toEqual(['a/Dockerfile:1', 'Dockerfile.2:2']);
  });
});

describe('pinbot check: failures grouped by registry host', () => {
  it('says once per host what went wrong and what to do, and keeps each reference in --json', async () => {
    registry.failures.set('1.4', unreachable('registry.example.com'));
    registry.failures.set('2.0', unreachable('registry.example.com'));
    registry.failures.set('gone', { kind: 'not-found', host: 'ghcr.io', message: 'HEAD …: 404 MANIFEST_UNKNOWN: manifest unknown' });
    await put('Dockerfile', `FROM registry.example.com/team/api:1.4@${OTHER}\nFROM registry.example.com/team/web:2.0@${OTHER}\n`);
    await put(
      'compose.yaml',
      `services:\n  api:\n    image: registry.example.com/team/api:1.4@${OTHER}\n  old:\n    image: ghcr.io/acme/old:gone@${OTHER}\n`,
    );

    const table = await run(['check']);
    expect(table.code).toBe(2);
    const section = table.stdout.slice(table.stdout.indexOf('Errors ('));
    expect(section.split('\n').slice(0, 3)).toEqual([
      'Errors (4):',
      '  registry.example.com: 3 references: could not connect (ECONNREFUSED). Check the host name, your network or proxy, ' +
        'or PINBOT_INSECURE_REGISTRIES for a plain-HTTP registry.',
      expect.stringMatching(/^ {2}compose\.yaml:5 {2}ghcr\.io\/acme\/old:gone \(pinned sha256:e+\) on ghcr\.io: .*404 MANIFEST_UNKNOWN/),
    ]);
    // The long per-reference message is not repeated for the unreachable host.
    expect(table.stdout).not.toContain('10.9.9.9');
    expect(table.stdout).toMatch(/0 stale, 0 current, 4 failed\n/);

    const json = JSON.parse((await run(['check', '--json'])).stdout);
    expect(json.errors).toHaveLength(4);
    expect(json.errors[0]).toEqual({
      file: 'compose.yaml',
      line: 3,
      image: 'registry.example.com/team/api',
      tag: '1.4',
      error: expect.stringContaining('ECONNREFUSED (connect ECONNREFUSED 10.9.9.9:443)'),
      reason: 'unavailable',
      host: 'registry.example.com',
      cause: { kind: 'network', code: 'ECONNREFUSED' },
    });
    expect(json.errors[1]).toMatchObject({ file: 'compose.yaml', line: 5, reason: 'not-found', host: 'ghcr.io', cause: null });
  });

  it.each([
    [
      'credentials',
      { kind: 'unauthorized', host: 'registry.example.com', status: 401, message: '401 UNAUTHORIZED' },
      'access denied (401 Unauthorized). Log in with `docker login registry.example.com` or add credentials to the Docker config',
    ],
    [
      'TLS',
      {
        kind: 'unavailable',
        host: 'registry.example.com',
        message: 'network error: DEPTH_ZERO_SELF_SIGNED_CERT',
        cause: { kind: 'tls', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
      },
      'the TLS handshake failed (DEPTH_ZERO_SELF_SIGNED_CERT). If the registry serves plain HTTP, list it in PINBOT_INSECURE_REGISTRIES',
    ],
    [
      'rate limits',
      { kind: 'unavailable', host: 'registry.example.com', message: '429 TOOMANYREQUESTS', cause: { kind: 'status', status: 429 } },
      'rate limited (429 Too Many Requests). Try again later, log in to raise the limit, or set registryMirrors',
    ],
    [
      'timeouts',
      { kind: 'unavailable', host: 'registry.example.com', message: 'timed out after 30000 ms', cause: { kind: 'timeout' } },
      'timed out (no answer in time). Check your network or proxy',
    ],
    [
      'server errors',
      { kind: 'unavailable', host: 'registry.example.com', message: '503 Service Unavailable', cause: { kind: 'status', status: 503 } },
      'the registry failed (503). Try again later.',
    ],
  ] as const)('gives one hint for %s', async (_, failure, hint) => {
    registry.failures.set('1.4', failure);
    await put('Dockerfile', `FROM registry.example.com/team/api:1.4@${OTHER}\nFROM registry.example.com/team/api:1.4@${OTHER}\n`);
    const table = await run(['check']);
    expect(table.stdout).toContain(`\n  registry.example.com: 2 references: ${hint}`);
  });

  it('tells Docker Hub users to log in without a host', async () => {
    registry.failures.set('22', { kind: 'unauthorized', host: 'registry-1.docker.io', status: 401, message: '401' });
    await put('Dockerfile', `FROM node:22@${stale}\n`);
    expect((await run(['check'])).stdout).toContain(
      'registry-1.docker.io: 1 reference: access denied (401 Unauthorized). Log in with `docker login` or',
    );
  });
});

describe('a candidate file that could not be scanned', () => {
  const BROKEN = `services:\n  api:\n    image: node:22@${stale}\n  web: [unclosed\n`;

  beforeEach(async () => {
    await put('Dockerfile', `FROM node:22@${current}\n`);
  });

  it('fails check (exit 2) although every pin it could read is current, and says why', async () => {
    await put('compose.yaml', BROKEN);
    const table = await run(['check']);
    expect(table.code).toBe(2);
    expect(table.stdout).toMatch(/0 stale, 1 current, 0 failed; 1 file could not be scanned \(see Problems\)\n/);
    expect(table.stdout).toMatch(/Problems \(1\):\n {2}compose\.yaml:5 {2}malformed YAML/);
    const json = await run(['check', '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).problems).toEqual([expect.objectContaining({ file: 'compose.yaml', line: 5 })]);
  });

  it('fails refs and update the same way; update still writes the files it could read', async () => {
    await put('compose.yaml', BROKEN);
    await put('deploy/Dockerfile', `FROM node:22@${stale}\n`);
    const refs = await run(['refs']);
    expect(refs.code).toBe(2);
    expect(refs.stdout).toMatch(/\n2 pinned references; 1 file could not be scanned \(see Problems\)\n$/);
    const update = await run(['update']);
    expect(update.code).toBe(2);
    expect(await readFile(path.join(root, 'deploy/Dockerfile'), 'utf8')).toBe(`FROM node:22@${current}\n`);
    expect(await readFile(path.join(root, 'compose.yaml'), 'utf8')).toBe(BROKEN);
  });

  it('is not a failure when the file is excluded in the configuration', async () => {
    await put('compose.yaml', BROKEN);
    await put('.github/pinbot.yml', 'exclude: [compose.yaml]\n');
    expect((await run(['check'])).code).toBe(0);
    expect((await run(['refs'])).code).toBe(0);
  });
});
