import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../../src/cli/io.js';
import { openWorkspaces } from '../../src/cli/workspace.js';
import { nodeFileSystem } from '../../src/discover/file-system.js';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pinbot-workspace-'));
  await mkdir(path.join(root, 'locked'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('openWorkspaces', () => {
  it('turns a PATH whose directory cannot be listed into a usage error naming it, not a crash', async () => {
    // As a non-root user, a directory with mode 0711 does this; root can list anything, so the refusal is simulated.
    const denied = {
      ...nodeFileSystem,
      readDirectory: (directory: string) =>
        directory === path.join(root, 'locked')
          ? Promise.reject(Object.assign(new Error(`EACCES: permission denied, scandir '${directory}'`), { code: 'EACCES' }))
          : nodeFileSystem.readDirectory(directory),
    };
    const opening = openWorkspaces(['locked'], root, denied);
    await expect(opening).rejects.toBeInstanceOf(UsageError);
    await expect(opening).rejects.toThrow(/^cannot read locked: could not list the directory \(permission denied \(EACCES\)\)$/);
  });
});
