import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './run-cli.js';

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;
const D3 = `sha256:${'3'.repeat(64)}`;

let root: string;

async function put(relative: string, text: string): Promise<void> {
  const target = path.join(root, relative);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, text);
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pinbot-refs-'));
  await put('Dockerfile', `FROM node:22-slim@${D1} AS build\nFROM ubuntu:24.04\nFROM build\n`);
  await put(
    'deploy/app.yaml',
    `apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: ghcr.io/acme/api:1.4@${D2}\n`,
  );
  await put('compose.yaml', `services:\n  db:\n    image: "postgres:16@${D3}" # pinned\n`);
  await put('.github/workflows/ci.yml', `jobs:\n  test:\n    runs-on: ubuntu-24.04\n    container: node:22-slim@${D1}\n`);
  await put('node_modules/x/Dockerfile', `FROM node:22-slim@${D1}\n`);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('pinbot refs', () => {
  it('prints every pinned reference in the documented JSON shape', async () => {
    const run = await runCli(['refs', '.', '--json'], { cwd: root });
    expect(run.code).toBe(0);
    const output = JSON.parse(run.stdout);
    expect(output.references).toEqual([
      expect.objectContaining({
        file: '.github/workflows/ci.yml',
        line: 4,
        kind: 'github-actions',
        image: 'docker.io/library/node',
        tag: '22-slim',
        digest: D1,
      }),
      expect.objectContaining({
        file: 'compose.yaml',
        line: 3,
        kind: 'compose',
        image: 'docker.io/library/postgres',
        original: `postgres:16@${D3}`,
        platform: null,
      }),
      expect.objectContaining({
        file: 'deploy/app.yaml',
        line: 8,
        kind: 'kubernetes',
        image: 'ghcr.io/acme/api',
        registry: 'ghcr.io',
        repository: 'acme/api',
        tag: '1.4',
        digest: D2,
      }),
      expect.objectContaining({
        file: 'Dockerfile',
        line: 1,
        kind: 'dockerfile',
        image: 'docker.io/library/node',
        registry: 'docker.io',
        repository: 'library/node',
        original: `node:22-slim@${D1}`,
      }),
    ]);
    expect(output.skipped).toEqual([
      expect.objectContaining({ file: 'Dockerfile', line: 2, reason: 'no-digest', text: 'FROM ubuntu:24.04' }),
      expect.objectContaining({ file: 'Dockerfile', line: 3, reason: 'stage', text: 'FROM build' }),
    ]);
  });

  it('makes file paths relative to the PATH given, whatever the working directory', async () => {
    const run = await runCli(['refs', path.join(root, 'deploy'), '--json'], { cwd: os.tmpdir() });
    expect(JSON.parse(run.stdout).references.map((r: { file: string }) => r.file)).toEqual(['app.yaml']);
  });

  it('reads a workflow as a workflow when the PATH names the file itself', async () => {
    const run = await runCli(['refs', '.github/workflows/ci.yml', '--json'], { cwd: root });
    expect(JSON.parse(run.stdout).references).toEqual([
      expect.objectContaining({ file: 'ci.yml', line: 4, kind: 'github-actions', digest: D1 }),
    ]);
  });

  it('reads workflows as workflows when the PATH is a folder inside .github', async () => {
    const run = await runCli(['refs', '.github', '--json'], { cwd: root });
    expect(JSON.parse(run.stdout).references).toEqual([
      expect.objectContaining({ file: 'workflows/ci.yml', line: 4, kind: 'github-actions', digest: D1 }),
    ]);
  });

  it('lists a file once when two PATHs both cover it, under the first PATH that does', async () => {
    const run = await runCli(['refs', '.', 'Dockerfile', 'deploy', '--json'], { cwd: root });
    const output = JSON.parse(run.stdout);
    expect(output.references.map((r: { file: string }) => r.file)).toEqual([
      '.github/workflows/ci.yml',
      'compose.yaml',
      'deploy/app.yaml',
      'Dockerfile',
    ]);
    expect(output.skipped).toHaveLength(2);
  });

  it('prints an aligned table with short digests, then the skipped candidates', async () => {
    const run = await runCli(['refs'], { cwd: root });
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^FILE\s+IMAGE\s+TAG\s+DIGEST\s+KIND$/);
    const dockerfileRow = lines.find((line) => line.startsWith('Dockerfile:1'));
    expect(dockerfileRow).toMatch(/^Dockerfile:1\s+node\s+22-slim\s+sha256:111111111111\s+dockerfile$/);
    // Columns line up: the IMAGE column starts at the same place in every row.
    const imageColumn = lines[0]!.indexOf('IMAGE');
    expect(dockerfileRow!.slice(imageColumn)).toMatch(/^node /);
    expect(run.stdout).toContain('Skipped (2):');
    expect(run.stdout).toContain('Dockerfile:2  no-digest  FROM ubuntu:24.04');
  });

  it('exits 2 with one line on stderr for an unreadable PATH', async () => {
    const run = await runCli(['refs', 'does-not-exist'], { cwd: root });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('pinbot: cannot read does-not-exist: no such file or directory\n');
    expect(run.stdout).toBe('');
  });

  it('exits 2 for usage errors', async () => {
    expect((await runCli(['refs', '--jsn'], { cwd: root })).code).toBe(2);
    expect((await runCli(['frobnicate'], { cwd: root })).stderr).toMatch(/^pinbot: unknown command "frobnicate"/);
    expect((await runCli(['refs', '--dry-run'], { cwd: root })).code).toBe(2);
  });

  it('treats a missing command as a usage error: one line on stderr, nothing on stdout', async () => {
    const run = await runCli([], { cwd: root });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^pinbot: .*command.*\n$/);
    expect(run.stderr.split('\n')).toHaveLength(2);
  });

  it('prints the help on stdout, exit 0, when asked for it', async () => {
    for (const argv of [['help'], ['--help'], ['-h']]) {
      const run = await runCli(argv, { cwd: root });
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Usage: pinbot <command>/);
    }
  });

  it('exits 2 naming the key when the configuration is invalid, and scans nothing', async () => {
    const bad = await mkdtemp(path.join(os.tmpdir(), 'pinbot-badconfig-'));
    try {
      await mkdir(path.join(bad, '.github'));
      await writeFile(path.join(bad, '.github/pinbot.yml'), 'inclde: ["**/Dockerfile"]\n');
      const run = await runCli(['refs', bad], { cwd: root });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^pinbot: invalid configuration: .*inclde/);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      await rm(bad, { recursive: true, force: true });
    }
  });
});

describe('pinbot refs human output', () => {
  it('reads as a table, a blank line, the skipped list, a blank line and a count', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pinbot-refs-text-'));
    try {
      await writeFile(path.join(dir, 'Dockerfile'), `FROM node:22-slim@${D1}\nFROM ubuntu:24.04\n`);
      const run = await runCli(['refs'], { cwd: dir });
      expect(run.stdout).toBe(
        [
          'FILE          IMAGE  TAG      DIGEST               KIND',
          'Dockerfile:1  node   22-slim  sha256:111111111111  dockerfile',
          '',
          'Skipped (1):',
          '  Dockerfile:2  no-digest  FROM ubuntu:24.04',
          '',
          '1 pinned reference',
          '',
        ].join('\n'),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
