import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './run-cli.js';

/**
 * With several PATHs every row names its file under the PATH as given, so two trees that both
 * have a `Dockerfile` never print the same row; with one PATH, names stay relative to it.
 */
const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;
let root: string;

async function put(relative: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, relative)), { recursive: true });
  await writeFile(path.join(root, relative), text);
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pinbot-several-'));
  await put('services/api/Dockerfile', `FROM node:22@${D1}\nFROM ubuntu:24.04\n`);
  await put('services/web/Dockerfile', `FROM node:22@${D2}\n`);
  await put('services/web/compose.yaml', `services:\n  web:\n    image: nginx:1@${D1}\n`);
  await put('services/web/pod.yaml', 'apiVersion: v1\nkind: Pod\nspec:\n  containers: [unclosed\n    image: x\n');
  await symlink('/etc/hostname', path.join(root, 'services/web/Containerfile'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const files = (entries: Array<{ file?: string; path?: string; line?: number }>) =>
  entries.map((entry) => `${entry.file ?? entry.path}${entry.line === undefined ? '' : `:${entry.line}`}`);

describe('pinbot refs with several PATHs', () => {
  it('names every file under the PATH as given, in tables and JSON alike', async () => {
    const json = JSON.parse((await runCli(['refs', 'services/api', './services/web/', '--json'], { cwd: root })).stdout);
    expect(files(json.references)).toEqual(['services/api/Dockerfile:1', 'services/web/compose.yaml:3', 'services/web/Dockerfile:1']);
    expect(files(json.skipped)).toEqual(['services/api/Dockerfile:2']);
    expect(files(json.skippedFiles)).toEqual(['services/web/Containerfile']);
    expect(files(json.problems)).toEqual([expect.stringMatching(/^services\/web\/pod\.yaml:\d+$/)]);

    const table = (await runCli(['refs', 'services/api', 'services/web'], { cwd: root })).stdout;
    expect(table).toMatch(/^services\/api\/Dockerfile:1 +node/m);
    expect(table).toMatch(/^services\/web\/Dockerfile:1 +node/m);
    expect(table).toContain('  services/api/Dockerfile:2  no-digest  FROM ubuntu:24.04');
    expect(table).toContain('  services/web/Containerfile  symlink');
    expect(table).toMatch(/^ {2}services\/web\/pod\.yaml:\d+ {2}malformed YAML/m);
  });

  it('keeps absolute PATHs absolute, and a file PATH as written', async () => {
    const api = path.join(root, 'services/api');
    const json = JSON.parse((await runCli(['refs', api, 'services/web/Dockerfile', '--json'], { cwd: root })).stdout);
    expect(files(json.references)).toEqual([`${api.split(path.sep).join('/')}/Dockerfile:1`, 'services/web/Dockerfile:1']);
  });

  it('leaves the names of a single PATH relative to it', async () => {
    const json = JSON.parse((await runCli(['refs', 'services/web', '--json'], { cwd: root })).stdout);
    expect(files(json.references)).toEqual(['compose.yaml:3', 'Dockerfile:1']);
  });

  it('names the configuration file of the PATH that holds a mistake', async () => {
    await put('services/web/.github/pinbot.yml', 'group: everything\n');
    try {
      const run = await runCli(['refs', 'services/api', 'services/web'], { cwd: root });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^pinbot: invalid configuration: services\/web\/\.github\/pinbot\.yml:1: group: expected/);
    } finally {
      await rm(path.join(root, 'services/web/.github'), { recursive: true });
    }
  });
});
