import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { discoverFiles, DiscoverRootError, MAX_FILE_SIZE } from '../../src/discover/discover.js';
import { nodeFileSystem } from '../../src/discover/file-system.js';
import { DEFAULT_INCLUDE } from '../../src/discover/globs.js';
import type { DiscoverFileSystem } from '../../src/discover/types.js';

const DEFAULTS = { include: DEFAULT_INCLUDE, exclude: [] };

describe('discoverFiles', () => {
  let base: string;
  let root: string;
  let outside: string;

  beforeEach(async () => {
    base = await fs.mkdtemp(join(tmpdir(), 'pinbot-discover-'));
    root = join(base, 'repo');
    outside = join(base, 'elsewhere');
    await fs.mkdir(root);
    await fs.mkdir(outside);
  });
  afterEach(async () => {
    await fs.rm(base, { recursive: true, force: true });
  });

  /** Writes files under the root; `content` defaults to a small Dockerfile. */
  async function tree(files: Record<string, string | Uint8Array>): Promise<void> {
    for (const [path, content] of Object.entries(files)) {
      await fs.mkdir(dirname(join(root, path)), { recursive: true });
      await fs.writeFile(join(root, path), content);
    }
  }

  const paths = (result: { files: { path: string }[] }): string[] => result.files.map((file) => file.path);

  it('finds the default file kinds at any depth, sorted, with absolute paths and sizes', async () => {
    await tree({
      Dockerfile: 'FROM alpine:3.20\n',
      'README.md': '# repo\n',
      'services/api/Dockerfile.prod': 'FROM node:22\n',
      'services/api/Dockerfile.dockerignore': 'node_modules\n',
      'services/api/index.ts': 'export {};\n',
      'build/worker.Dockerfile': 'FROM golang:1.23\n',
      'images/Containerfile': 'FROM fedora:41\n',
      'compose.yaml': 'services: {}\n',
      'deploy/k8s/deployment.yaml': 'kind: Deployment\n',
      '.github/workflows/ci.yml': 'on: push\n',
      '.github/actions/setup/action.yml': 'runs: {using: composite}\n',
      '.devcontainer/Dockerfile': 'FROM mcr.microsoft.com/devcontainers/base:ubuntu\n',
    });

    const result = await discoverFiles(root, DEFAULTS);

    expect(paths(result)).toEqual([
      '.devcontainer/Dockerfile',
      '.github/actions/setup/action.yml',
      '.github/workflows/ci.yml',
      'Dockerfile',
      'build/worker.Dockerfile',
      'compose.yaml',
      'deploy/k8s/deployment.yaml',
      'images/Containerfile',
      'services/api/Dockerfile.prod',
    ]);
    expect(result.files[3]).toEqual({ path: 'Dockerfile', absolutePath: join(root, 'Dockerfile'), size: 17 });
    expect(result.skipped).toEqual([]);
  });

  it('never enters .git, other VCS directories or node_modules, at any depth', async () => {
    await tree({
      Dockerfile: 'FROM alpine\n',
      '.git/config.yaml': 'x: 1\n',
      '.git/hooks/Dockerfile': 'FROM x\n',
      '.hg/store.yaml': 'x: 1\n',
      '.svn/entries.yml': 'x: 1\n',
      'node_modules/pkg/Dockerfile': 'FROM node\n',
      'web/node_modules/@scope/pkg/compose.yaml': 'services: {}\n',
      'web/app/node_modules/x/action.yml': 'runs: {}\n',
      'web/compose.yaml': 'services: {}\n',
    });
    // A submodule or worktree has a `.git` file rather than a directory.
    await tree({ 'lib/sub/.git': 'gitdir: ../../.git/modules/sub\n', 'lib/sub/Dockerfile': 'FROM busybox\n' });

    const result = await discoverFiles(root, DEFAULTS);

    expect(paths(result)).toEqual(['Dockerfile', 'lib/sub/Dockerfile', 'web/compose.yaml']);
    expect(result.skipped).toEqual([]);
  });

  it('skips files over 1 MiB and files with a NUL byte in the first 8 KiB', async () => {
    const big = Buffer.alloc(MAX_FILE_SIZE + 1, 'a');
    const exact = Buffer.alloc(MAX_FILE_SIZE, 'a');
    const lateNul = Buffer.alloc(9000, 'b');
    lateNul[8192] = 0;
    const earlyNul = Buffer.from('kind: Secret\n\0\0binary', 'latin1');
    await tree({
      'big/compose.yaml': big,
      'exact/compose.yaml': exact,
      'late-nul.yaml': lateNul,
      'charts/bundle.yaml': earlyNul,
      'assets/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0]),
    });

    const result = await discoverFiles(root, DEFAULTS);

    expect(result.files).toEqual([
      { path: 'exact/compose.yaml', absolutePath: join(root, 'exact/compose.yaml'), size: MAX_FILE_SIZE },
      { path: 'late-nul.yaml', absolutePath: join(root, 'late-nul.yaml'), size: 9000 },
    ]);
    expect(result.skipped).toEqual([
      { path: 'big/compose.yaml', reason: 'too-large', message: '1.0 MiB (1048577 bytes) is over the 1 MiB limit' },
      { path: 'charts/bundle.yaml', reason: 'binary', message: 'binary file (NUL byte at byte 13)' },
    ]);
  });

  it('honours a custom size limit', async () => {
    await tree({ 'compose.yaml': 'x'.repeat(3000) });
    const result = await discoverFiles(root, { ...DEFAULTS, maxFileSize: 2048 });
    expect(result.skipped).toEqual([
      { path: 'compose.yaml', reason: 'too-large', message: '2.9 KiB (3000 bytes) is over the 2 KiB limit' },
    ]);
  });

  it('reports symlinks without following them', async () => {
    await tree({ Dockerfile: 'FROM alpine\n', 'README.md': '# hi\n', 'docker/base/Dockerfile': 'FROM debian\n' });
    await fs.writeFile(join(outside, 'secret.yaml'), 'token: x\n');
    await fs.writeFile(join(outside, 'Dockerfile'), 'FROM evil\n');
    await fs.symlink('../Dockerfile', join(root, 'docker/Dockerfile'));
    await fs.symlink(join(outside, 'secret.yaml'), join(root, 'secret.yaml'));
    await fs.symlink('../elsewhere', join(root, 'vendored'));
    await fs.symlink('docker/base', join(root, 'base-link'));
    await fs.symlink('README.md', join(root, 'README-link.md'));
    await fs.symlink('missing.yaml', join(root, 'dangling.yaml'));
    await fs.symlink('loop.yaml', join(root, 'loop.yaml'));

    const result = await discoverFiles(root, DEFAULTS);

    expect(paths(result)).toEqual(['Dockerfile', 'docker/base/Dockerfile']);
    expect(result.skipped).toEqual([
      {
        path: 'base-link',
        reason: 'symlink',
        message: 'symlink to docker/base; not followed (the target, if included, is scanned at its own path)',
      },
      { path: 'dangling.yaml', reason: 'symlink', message: 'symlink to missing.yaml, which does not exist' },
      {
        path: 'docker/Dockerfile',
        reason: 'symlink',
        message: 'symlink to Dockerfile; not followed (the target, if included, is scanned at its own path)',
      },
      { path: 'loop.yaml', reason: 'symlink', message: 'symlink to loop.yaml, a symlink loop' },
      {
        path: 'secret.yaml',
        reason: 'symlink-outside-root',
        message: `symlink to ${join(outside, 'secret.yaml')}, outside the root; not followed`,
      },
      { path: 'vendored', reason: 'symlink-outside-root', message: 'symlink to ../elsewhere, outside the root; not followed' },
    ]);
  });

  it('treats a dangling symlink that escapes the root as outside', async () => {
    await fs.symlink('../../nowhere/compose.yaml', join(root, 'compose.yaml'));
    const result = await discoverFiles(root, DEFAULTS);
    expect(result.skipped).toEqual([
      {
        path: 'compose.yaml',
        reason: 'symlink-outside-root',
        message: 'symlink to ../../nowhere/compose.yaml, outside the root; not followed',
      },
    ]);
  });

  it('works when the root itself is reached through a symlink', async () => {
    await tree({ Dockerfile: 'FROM alpine\n' });
    await fs.symlink('Dockerfile', join(root, 'Dockerfile.link'));
    const linkedRoot = join(base, 'repo-link');
    await fs.symlink(root, linkedRoot);

    const result = await discoverFiles(linkedRoot, DEFAULTS);

    expect(result.files).toEqual([{ path: 'Dockerfile', absolutePath: join(linkedRoot, 'Dockerfile'), size: 12 }]);
    expect(result.skipped).toEqual([
      {
        path: 'Dockerfile.link',
        reason: 'symlink',
        message: 'symlink to Dockerfile; not followed (the target, if included, is scanned at its own path)',
      },
    ]);
  });

  it('drops excluded files silently and does not enter excluded directories', async () => {
    await tree({
      Dockerfile: 'FROM alpine\n',
      'vendor/lib/Dockerfile': 'FROM x\n',
      'test/fixtures/compose.yaml': 'services: {}\n',
      'test/unit/compose.yaml': 'services: {}\n',
      'deploy/app.expected.yaml': 'x: 1\n',
      'deploy/app.yaml': 'x: 1\n',
    });
    const listed: string[] = [];
    const recording: DiscoverFileSystem = {
      ...nodeFileSystem,
      readDirectory: (path) => {
        listed.push(path);
        return nodeFileSystem.readDirectory(path);
      },
    };

    const result = await discoverFiles(root, {
      include: DEFAULT_INCLUDE,
      exclude: ['vendor', 'test/fixtures/**', '**/*.expected.yaml'],
      fileSystem: recording,
    });

    expect(paths(result)).toEqual(['Dockerfile', 'deploy/app.yaml', 'test/unit/compose.yaml']);
    expect(result.skipped).toEqual([]);
    expect(listed.some((path) => path.includes('vendor') || path.includes('fixtures'))).toBe(false);
  });

  it('uses only the given include globs', async () => {
    await tree({ Dockerfile: 'FROM a\n', 'ops/Dockerfile': 'FROM b\n', 'ops/compose.yaml': 'services: {}\n' });
    const result = await discoverFiles(root, { include: ['ops/**/Dockerfile', 'ops/Dockerfile'], exclude: [] });
    expect(paths(result)).toEqual(['ops/Dockerfile']);
  });

  it('reports files and directories it may not read, and carries on', async () => {
    await tree({
      Dockerfile: 'FROM alpine\n',
      'locked/Dockerfile': 'FROM x\n',
      'private/compose.yaml': 'services: {}\n',
      'public/compose.yaml': 'services: {}\n',
    });
    const denied = (path: string): never => {
      throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' });
    };
    // Running as root bypasses file permissions, so the denial is simulated at the file system seam.
    const restricted: DiscoverFileSystem = {
      ...nodeFileSystem,
      readDirectory: (path) => (path === join(root, 'private') ? Promise.reject(denied(path)) : nodeFileSystem.readDirectory(path)),
      readHead: (path, length) =>
        path === join(root, 'locked/Dockerfile') ? Promise.reject(denied(path)) : nodeFileSystem.readHead(path, length),
    };

    const result = await discoverFiles(root, { ...DEFAULTS, fileSystem: restricted });

    expect(paths(result)).toEqual(['Dockerfile', 'public/compose.yaml']);
    expect(result.skipped).toEqual([
      { path: 'locked/Dockerfile', reason: 'unreadable', message: 'could not read the file (permission denied (EACCES))' },
      { path: 'private', reason: 'unreadable', message: 'could not list the directory (permission denied (EACCES))' },
    ]);
  });

  it('reports a FIFO instead of blocking on it', async () => {
    await tree({ Dockerfile: 'FROM alpine\n' });
    execFileSync('mkfifo', [join(root, 'compose.yaml'), join(root, 'notes.fifo')]);
    const result = await discoverFiles(root, DEFAULTS);
    expect(paths(result)).toEqual(['Dockerfile']);
    expect(result.skipped).toEqual([
      { path: 'compose.yaml', reason: 'unreadable', message: 'not a regular file (a FIFO, socket or device)' },
    ]);
  });

  it('walks very deep trees', async () => {
    const deep = Array.from({ length: 400 }, (_, i) => `d${i % 10}`).join('/');
    await tree({ [`${deep}/Dockerfile`]: 'FROM alpine\n', Dockerfile: 'FROM alpine\n' });
    const result = await discoverFiles(root, DEFAULTS);
    expect(paths(result)).toEqual(['Dockerfile', `${deep}/Dockerfile`]);
  });

  it('returns the same result on every run', async () => {
    await tree(Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`s${(i * 37) % 60}/compose.yaml`, 'services: {}\n'])));
    const first = await discoverFiles(root, DEFAULTS);
    const second = await discoverFiles(root, DEFAULTS);
    expect(second).toEqual(first);
    expect(paths(first)).toEqual([...paths(first)].sort());
    expect(first.files).toHaveLength(60);
  });

  it('fails with a clear error when the root is missing or not a directory', async () => {
    await tree({ Dockerfile: 'FROM alpine\n' });
    await expect(discoverFiles(join(base, 'nope'), DEFAULTS)).rejects.toThrow(
      new DiscoverRootError(`${join(base, 'nope')}: no such directory`),
    );
    await expect(discoverFiles(join(root, 'Dockerfile'), DEFAULTS)).rejects.toThrow(
      new DiscoverRootError(`${join(root, 'Dockerfile')}: not a directory`),
    );
  });
});
