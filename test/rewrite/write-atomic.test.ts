import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { writeFileAtomic, type AtomicWriteFs } from '../../src/rewrite/write-atomic.js';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(join(tmpdir(), 'pinbot-write-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('replaces the content, keeps the mode and leaves no temp file', async () => {
    const target = join(dir, 'Dockerfile');
    await fs.writeFile(target, 'FROM old\n');
    await fs.chmod(target, 0o751);
    const text = '\ufeffFROM new\r\n# café';

    expect(await writeFileAtomic(target, text)).toEqual({ ok: true });
    expect((await fs.readFile(target)).equals(Buffer.from(text, 'utf8'))).toBe(true);
    expect((await fs.stat(target)).mode & 0o7777).toBe(0o751);
    expect(await fs.readdir(dir)).toEqual(['Dockerfile']);
  });

  it('keeps a read-only mode too', async () => {
    const target = join(dir, 'compose.yaml');
    await fs.writeFile(target, 'services: {}\n');
    await fs.chmod(target, 0o444);
    expect(await writeFileAtomic(target, 'services:\n  a: {}\n')).toEqual({ ok: true });
    expect((await fs.stat(target)).mode & 0o7777).toBe(0o444);
    expect(await fs.readFile(target, 'utf8')).toBe('services:\n  a: {}\n');
  });

  it('creates a file that does not exist yet', async () => {
    const target = join(dir, 'new.yaml');
    expect(await writeFileAtomic(target, 'a: 1\n')).toEqual({ ok: true });
    expect(await fs.readFile(target, 'utf8')).toBe('a: 1\n');
    expect(await fs.readdir(dir)).toEqual(['new.yaml']);
  });

  it('leaves the original untouched and removes the temp file when the rename fails', async () => {
    const target = join(dir, 'Dockerfile');
    await fs.writeFile(target, 'FROM old\n');
    await fs.chmod(target, 0o640);
    const failingRename: AtomicWriteFs = {
      ...fs,
      rename: async () => {
        throw Object.assign(new Error('simulated rename failure'), { code: 'EXDEV' });
      },
    };

    const result = await writeFileAtomic(target, 'FROM new\n', failingRename);

    expect(result).toEqual({ ok: false, error: `${target}: could not write the file (EXDEV: simulated rename failure)` });
    expect(await fs.readFile(target, 'utf8')).toBe('FROM old\n');
    expect((await fs.stat(target)).mode & 0o7777).toBe(0o640);
    expect(await fs.readdir(dir)).toEqual(['Dockerfile']);
  });

  it('reports a missing directory without creating anything', async () => {
    const target = join(dir, 'missing', 'Dockerfile');
    const result = await writeFileAtomic(target, 'FROM x\n');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/^.*missing\/Dockerfile: could not write the file \(ENOENT/);
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it('refuses to replace a symlink or a directory', async () => {
    await fs.writeFile(join(dir, 'real'), 'FROM real\n');
    await fs.symlink('real', join(dir, 'link'));
    await fs.mkdir(join(dir, 'sub'));

    expect(await writeFileAtomic(join(dir, 'link'), 'x')).toEqual({
      ok: false,
      error: `${join(dir, 'link')}: is a symlink; refusing to replace it`,
    });
    expect(await writeFileAtomic(join(dir, 'sub'), 'x')).toEqual({
      ok: false,
      error: `${join(dir, 'sub')}: is not a regular file; refusing to replace it`,
    });
    expect(await fs.readFile(join(dir, 'real'), 'utf8')).toBe('FROM real\n');
    expect((await fs.readdir(dir)).sort()).toEqual(['link', 'real', 'sub']);
  });
});
