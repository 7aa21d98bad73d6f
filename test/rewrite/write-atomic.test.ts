import { execFileSync } from 'node:child_process';
import { constants, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { replaceFileIfUnchanged, type ReplaceFs } from '../../src/rewrite/write-atomic.js';

const OLD = Buffer.from('FROM node:22@sha256:1111\n');
const NEW = Buffer.from('FROM node:22@sha256:2222\n');
const runningAsRoot = process.getuid?.() === 0;

describe('replaceFileIfUnchanged', () => {
  let dir: string;
  let target: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(join(tmpdir(), 'pinbot-write-'));
    target = join(dir, 'Dockerfile');
  });
  afterEach(async () => {
    // A reader blocked on a FIFO (the defect this guards against) is released by a writer opening it.
    for (const name of await fs.readdir(dir).catch(() => [])) {
      const path = join(dir, name);
      if ((await fs.lstat(path)).isFIFO())
        await fs.open(path, constants.O_WRONLY | constants.O_NONBLOCK).then(
          (h) => h.close(),
          () => undefined,
        );
    }
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('replaces the content byte for byte, keeps the mode and leaves no temporary file', async () => {
    const text = Buffer.from('\ufeffFROM new\r\n# café', 'utf8');
    await fs.writeFile(target, OLD);
    await fs.chmod(target, 0o751);

    expect(await replaceFileIfUnchanged(target, OLD, text)).toEqual({ kind: 'written' });
    expect((await fs.readFile(target)).equals(text)).toBe(true);
    expect((await fs.stat(target)).mode & 0o7777).toBe(0o751);
    expect(await fs.readdir(dir)).toEqual(['Dockerfile']);
  });

  it('keeps an append made while the temporary file exists, and says the file changed', async () => {
    await fs.writeFile(target, OLD);
    const outcome = await replaceFileIfUnchanged(target, OLD, NEW, {
      afterTempWritten: (path) => fs.appendFile(path, 'RUN echo edited meanwhile\n'),
    });
    expect(outcome).toEqual({ kind: 'changed', message: 'the file changed while pinbot was running; left as the other writer made it' });
    expect(await fs.readFile(target, 'utf8')).toBe(`${OLD.toString()}RUN echo edited meanwhile\n`);
    expect(await fs.readdir(dir)).toEqual(['Dockerfile']);
  });

  it('keeps an editor’s save-by-rename made while the temporary file exists, even with the same bytes', async () => {
    await fs.writeFile(target, OLD);
    const outcome = await replaceFileIfUnchanged(target, OLD, NEW, {
      afterTempWritten: async (path) => {
        await fs.writeFile(`${path}.swp`, OLD);
        await fs.rename(`${path}.swp`, path);
      },
    });
    expect(outcome.kind).toBe('changed');
    expect((await fs.readFile(target)).equals(OLD)).toBe(true);
    expect(await fs.readdir(dir)).toEqual(['Dockerfile']);
  });

  it('refuses a FIFO put in the file’s place, at once', async () => {
    execFileSync('mkfifo', [target]);
    const outcome = await replaceFileIfUnchanged(target, OLD, NEW);
    expect(outcome).toEqual({
      kind: 'refused',
      message: 'the file is not a regular file now (a FIFO, socket or device); refusing to replace it',
    });
    expect((await fs.lstat(target)).isFIFO()).toBe(true);
    expect(await fs.readdir(dir)).toEqual(['Dockerfile']);
  });

  it('refuses a symlink that appeared in the file’s place, leaving its target alone', async () => {
    await fs.writeFile(join(dir, 'elsewhere'), OLD);
    await fs.symlink('elsewhere', target);
    expect(await replaceFileIfUnchanged(target, OLD, NEW)).toEqual({
      kind: 'refused',
      message: 'the file is a symlink now; refusing to replace it',
    });
    expect((await fs.readFile(join(dir, 'elsewhere'))).equals(OLD)).toBe(true);
    expect((await fs.readdir(dir)).sort()).toEqual(['Dockerfile', 'elsewhere']);
  });

  it('refuses a read-only file (a rename would replace it regardless), leaving it untouched', async () => {
    await fs.writeFile(target, OLD);
    await fs.chmod(target, 0o444);
    const outcome = await replaceFileIfUnchanged(target, OLD, NEW);
    expect(outcome.kind).toBe('refused');
    if (outcome.kind === 'refused') expect(outcome.message).toMatch(/^(the file is read-only|you may not write this file) \(mode 0444/);
    expect((await fs.readFile(target)).equals(OLD)).toBe(true);
    expect((await fs.stat(target)).mode & 0o7777).toBe(0o444);
    expect(await fs.readdir(dir)).toEqual(['Dockerfile']);
  });

  (runningAsRoot ? it : it.skip)('keeps the owner, group and setgid mode of a file owned by someone else', async () => {
    await fs.writeFile(target, OLD);
    await fs.chown(target, 4321, 5432);
    await fs.chmod(target, 0o2664);
    expect(await replaceFileIfUnchanged(target, OLD, NEW)).toEqual({ kind: 'written' });
    const stats = await fs.stat(target);
    expect({ uid: stats.uid, gid: stats.gid, mode: stats.mode & 0o7777 }).toEqual({ uid: 4321, gid: 5432, mode: 0o2664 });
    expect((await fs.readFile(target)).equals(NEW)).toBe(true);
  });

  it('leaves a file whose bytes differ from the scanned ones alone', async () => {
    await fs.writeFile(target, 'FROM edited\n');
    expect((await replaceFileIfUnchanged(target, OLD, NEW)).kind).toBe('changed');
    expect(await fs.readFile(target, 'utf8')).toBe('FROM edited\n');
  });

  it('does not create a file that disappeared', async () => {
    expect(await replaceFileIfUnchanged(target, OLD, NEW)).toEqual({
      kind: 'changed',
      message: 'the file disappeared while pinbot was running; not created again',
    });
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it('leaves the original untouched and removes the temporary file when the rename fails', async () => {
    await fs.writeFile(target, OLD);
    await fs.chmod(target, 0o640);
    const failingRename: ReplaceFs = {
      ...fs,
      rename: async () => {
        throw Object.assign(new Error('simulated rename failure'), { code: 'EXDEV' });
      },
    };
    expect(await replaceFileIfUnchanged(target, OLD, NEW, { fileSystem: failingRename })).toEqual({
      kind: 'failed',
      message: 'could not write the file (EXDEV: simulated rename failure)',
    });
    expect((await fs.readFile(target)).equals(OLD)).toBe(true);
    expect((await fs.stat(target)).mode & 0o7777).toBe(0o640);
    expect(await fs.readdir(dir)).toEqual(['Dockerfile']);
  });

  it('reports a write that lands between the last check and the rename instead of passing over it', async () => {
    await fs.writeFile(target, OLD);
    const racingRename: ReplaceFs = {
      ...fs,
      rename: async (from, to) => {
        await fs.appendFile(target, 'RUN echo too late\n');
        await fs.rename(from, to);
      },
    };
    const outcome = await replaceFileIfUnchanged(target, OLD, NEW, { fileSystem: racingRename });
    expect(outcome.kind).toBe('failed');
    if (outcome.kind === 'failed')
      expect(outcome.message).toMatch(/^another program wrote to the file at the very moment pinbot replaced it/);
    expect(await fs.readdir(dir)).toEqual(['Dockerfile']);
  });

  it('refuses a directory in the file’s place', async () => {
    await fs.mkdir(target);
    expect(await replaceFileIfUnchanged(target, OLD, NEW)).toEqual({
      kind: 'refused',
      message: 'a directory is in the file’s place now; refusing to replace it',
    });
  });
});
