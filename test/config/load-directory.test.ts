import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { loadConfigFromDirectory } from '../../src/config/load.js';
import { DEFAULT_CONFIG } from '../../src/config/schema.js';

describe('loadConfigFromDirectory', () => {
  let root: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(join(tmpdir(), 'pinbot-config-'));
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  const write = async (path: string, content: string | Uint8Array): Promise<void> => {
    await fs.mkdir(join(root, '.github'), { recursive: true });
    await fs.writeFile(join(root, path), content);
  };

  it('uses the defaults when there is no config file', async () => {
    expect(await loadConfigFromDirectory(root)).toEqual({ ok: true, config: DEFAULT_CONFIG, source: null });
  });

  it('uses the defaults when .github exists without a config file', async () => {
    await write('.github/dependabot.yml', 'version: 2\n');
    expect(await loadConfigFromDirectory(root)).toEqual({ ok: true, config: DEFAULT_CONFIG, source: null });
  });

  it.each(['.github/pinbot.yml', '.github/pinbot.yaml'])('reads %s', async (path) => {
    await write(path, 'exclude:\n  - legacy/**\n');
    expect(await loadConfigFromDirectory(root)).toEqual({
      ok: true,
      config: { ...DEFAULT_CONFIG, exclude: ['legacy/**'] },
      source: path,
    });
  });

  it('refuses to guess when both spellings exist', async () => {
    await write('.github/pinbot.yml', 'exclude: []\n');
    await write('.github/pinbot.yaml', 'exclude: [x]\n');
    expect(await loadConfigFromDirectory(root)).toEqual({
      ok: false,
      errors: ['.github/pinbot.yml: .github/pinbot.yaml also exists; keep only one of them'],
    });
  });

  it('reports validation errors against the file that was read', async () => {
    await write('.github/pinbot.yaml', 'updateOnIndexOnlyChange: "true"\n');
    expect(await loadConfigFromDirectory(root)).toEqual({
      ok: false,
      errors: ['.github/pinbot.yaml:1: updateOnIndexOnlyChange: expected true or false, got string "true"'],
    });
  });

  it('reports a file that is not UTF-8', async () => {
    await write('.github/pinbot.yml', Uint8Array.of(0x23, 0x20, 0xe9, 0x0a));
    expect(await loadConfigFromDirectory(root)).toEqual({
      ok: false,
      errors: ['.github/pinbot.yml: not valid UTF-8 at byte 2 (line 1)'],
    });
  });

  it('reports a directory where the file should be', async () => {
    await fs.mkdir(join(root, '.github', 'pinbot.yml'), { recursive: true });
    expect(await loadConfigFromDirectory(root)).toEqual({
      ok: false,
      errors: ['.github/pinbot.yml: is a directory, expected a YAML file'],
    });
  });
});
