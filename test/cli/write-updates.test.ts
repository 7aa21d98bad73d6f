import { execFileSync } from 'node:child_process';
import { constants, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { writeUpdates } from '../../src/cli/write-updates.js';
import type { PlannedUpdate } from '../../src/plan/plan.js';
import { scanFile } from '../../src/scan/scan-file.js';

const OLD = `sha256:${'1'.repeat(64)}`;
const NEW = `sha256:${'2'.repeat(64)}`;

/** What `pinbot update` plans for every reference of a scanned file: move OLD to NEW. */
function planFor(path: string, text: string): PlannedUpdate[] {
  return scanFile(path, text).references.map((reference) => ({ reference, newDigest: NEW, platform: null, host: 'registry.example' }));
}

describe('writeUpdates', () => {
  let root: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(join(tmpdir(), 'pinbot-write-updates-'));
  });
  afterEach(async () => {
    // Releases a read blocked on a FIFO (what the FIFO test guards against), so a failure can't hang the suite.
    await fs.open(join(root, 'Dockerfile'), constants.O_WRONLY | constants.O_NONBLOCK).then(
      (h) => h.close(),
      () => undefined,
    );
    await fs.rm(root, { recursive: true, force: true });
  });

  it('writes only the digest bytes of a file with a BOM, CRLF, mixed endings and no final newline, keeping its mode', async () => {
    const text = `\ufeff# syntax=docker/dockerfile:1\r\nFROM node:22@${OLD} AS build\nRUN make\r\n\tFROM  debian:12@${OLD}`;
    await fs.writeFile(join(root, 'Dockerfile'), text);
    await fs.chmod(join(root, 'Dockerfile'), 0o640);
    const updates = planFor('Dockerfile', text);
    expect(updates).toHaveLength(2);

    const result = await writeUpdates(root, new Map([['Dockerfile', text]]), updates);
    expect(result).toEqual({ written: updates, failures: [] });
    const bytes = await fs.readFile(join(root, 'Dockerfile'));
    expect(bytes.equals(Buffer.from(text.split(OLD).join(NEW), 'utf8'))).toBe(true);
    expect((await fs.stat(join(root, 'Dockerfile'))).mode & 0o777).toBe(0o640);
  });

  it('leaves a file alone when it changed after the scan, and says so for that file only', async () => {
    const scanned = `FROM node:22@${OLD}\n`;
    const edited = `FROM node:22@${OLD}\nRUN echo edited by hand\n`;
    const other = `services:\n  db:\n    image: postgres:16@${OLD}\n`;
    await fs.writeFile(join(root, 'Dockerfile'), edited);
    await fs.writeFile(join(root, 'compose.yaml'), other);
    const updates = [...planFor('Dockerfile', scanned), ...planFor('compose.yaml', other)];

    const result = await writeUpdates(
      root,
      new Map([
        ['Dockerfile', scanned],
        ['compose.yaml', other],
      ]),
      updates,
    );
    expect(result.failures).toEqual([{ file: 'Dockerfile', error: expect.stringContaining('changed while pinbot was running') }]);
    expect(result.written.map((update) => update.reference.file)).toEqual(['compose.yaml']);
    expect(await fs.readFile(join(root, 'Dockerfile'), 'utf8')).toBe(edited);
    expect(await fs.readFile(join(root, 'compose.yaml'), 'utf8')).toBe(other.replace(OLD, NEW));
  });

  it('reports a file that disappeared after the scan, without creating it again', async () => {
    const scanned = `FROM node:22@${OLD}\n`;
    const result = await writeUpdates(root, new Map([['Dockerfile', scanned]]), planFor('Dockerfile', scanned));
    expect(result.written).toEqual([]);
    expect(result.failures).toEqual([{ file: 'Dockerfile', error: expect.any(String) }]);
    await expect(fs.access(join(root, 'Dockerfile'))).rejects.toThrow();
  });

  it('keeps an append made between writing the temporary file and the rename, and reports that file', async () => {
    const scanned = `FROM node:22@${OLD}\n`;
    const other = `services:\n  db:\n    image: postgres:16@${OLD}\n`;
    await fs.writeFile(join(root, 'Dockerfile'), scanned);
    await fs.writeFile(join(root, 'compose.yaml'), other);
    const appended = 'RUN echo appended by another program\n';

    const result = await writeUpdates(
      root,
      new Map([
        ['Dockerfile', scanned],
        ['compose.yaml', other],
      ]),
      [...planFor('Dockerfile', scanned), ...planFor('compose.yaml', other)],
      // The other writer acts while pinbot's temporary file exists: deterministic, where a real race is luck.
      { afterTempWritten: (path) => (path.endsWith('Dockerfile') ? fs.appendFile(path, appended) : undefined) },
    );

    expect(result.failures).toEqual([
      { file: 'Dockerfile', error: 'the file changed while pinbot was running; left as the other writer made it' },
    ]);
    expect(result.written.map((update) => update.reference.file)).toEqual(['compose.yaml']);
    expect(await fs.readFile(join(root, 'Dockerfile'), 'utf8')).toBe(scanned + appended);
    expect(await fs.readFile(join(root, 'compose.yaml'), 'utf8')).toBe(other.replace(OLD, NEW));
    expect((await fs.readdir(root)).sort()).toEqual(['Dockerfile', 'compose.yaml']);
  });

  it('refuses a file swapped for a FIFO after the scan instead of hanging on it', async () => {
    const scanned = `FROM node:22@${OLD}\n`;
    execFileSync('mkfifo', [join(root, 'Dockerfile')]);
    const result = await writeUpdates(root, new Map([['Dockerfile', scanned]]), planFor('Dockerfile', scanned));
    expect(result).toEqual({
      written: [],
      failures: [{ file: 'Dockerfile', error: 'the file is not a regular file now (a FIFO, socket or device); refusing to replace it' }],
    });
    expect(await fs.readdir(root)).toEqual(['Dockerfile']);
  }, 10_000);

  it('refuses a read-only file and replaces nothing', async () => {
    const scanned = `FROM node:22@${OLD}\n`;
    await fs.writeFile(join(root, 'Dockerfile'), scanned);
    await fs.chmod(join(root, 'Dockerfile'), 0o444);
    const result = await writeUpdates(root, new Map([['Dockerfile', scanned]]), planFor('Dockerfile', scanned));
    expect(result.written).toEqual([]);
    expect(result.failures).toEqual([{ file: 'Dockerfile', error: expect.stringMatching(/\(mode 0444\b.*left as it is/) }]);
    expect(await fs.readFile(join(root, 'Dockerfile'), 'utf8')).toBe(scanned);
    expect(await fs.readdir(root)).toEqual(['Dockerfile']);
  });
});
