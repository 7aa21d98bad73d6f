/**
 * Issue 8, finding 8: an arm64 manifest pinned under `FROM --platform=linux/amd64`, and one
 * `ARG BASE` shared by an amd64 stage and an arm64 stage, were both rewritten to the amd64
 * manifest without a word: pinbot trusted the `--platform` text. Against a real registry,
 * `update` must now refuse those pins (a failed reference, exit 2, the file untouched) and
 * still update the pins whose written platform is the manifest's own.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pushImage, startRegistry, type LocalRegistry, type PushResult } from '../helpers/registry/index.js';
import { runCli } from './run-cli.js';

const AMD64 = { os: 'linux', architecture: 'amd64' };
const ARM64 = { os: 'linux', architecture: 'arm64', variant: 'v8' };

let registry: LocalRegistry;
let old: PushResult;
let moved: PushResult;
const dirs: string[] = [];

const image = () => `${registry.host}/team/base:1`;
const manifestOf = (result: PushResult, architecture: string): string =>
  result.manifests.find((descriptor) => descriptor.platform?.architecture === architecture)!.digest;

beforeAll(async () => {
  registry = await startRegistry();
  old = await pushImage(registry, 'team/base', '1', { platforms: [AMD64, ARM64], seed: 'one' });
  moved = await pushImage(registry, 'team/base', '1', { platforms: [AMD64, ARM64], seed: 'two' });
});
afterAll(async () => {
  await registry?.stop();
});
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function updateDockerfile(
  text: string,
): Promise<{ code: number; output: Record<string, Array<Record<string, unknown>>>; after: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pinbot-platform-truth-'));
  dirs.push(dir);
  await writeFile(path.join(dir, 'Dockerfile'), text);
  const run = await runCli(['update', '--json'], { cwd: dir });
  return {
    code: run.code,
    output: JSON.parse(run.stdout) as Record<string, Array<Record<string, unknown>>>,
    after: await readFile(path.join(dir, 'Dockerfile'), 'utf8'),
  };
}

describe('update follows the pinned manifest’s own platform', () => {
  it('refuses an arm64 manifest pinned under --platform=linux/amd64 and writes nothing', async () => {
    const text = `FROM --platform=linux/amd64 ${image()}@${manifestOf(old, 'arm64')}\nRUN true\n`;
    const { code, output, after } = await updateDockerfile(text);
    expect(code).toBe(2);
    expect(after).toBe(text);
    expect(output.updates).toEqual([]);
    expect(output.errors).toEqual([
      expect.objectContaining({
        file: 'Dockerfile',
        line: 1,
        error: expect.stringMatching(/--platform=linux\/amd64.*but the pinned manifest is linux\/arm64/),
      }),
    ]);
  });

  it('refuses one ARG pin feeding an amd64 stage and an arm64 stage, and writes nothing', async () => {
    const text =
      `ARG BASE=${image()}@${manifestOf(old, 'amd64')}\n` +
      `FROM --platform=linux/amd64 $BASE AS x86\nRUN true\n` +
      `FROM --platform=linux/arm64 $BASE AS arm\nRUN true\n`;
    const { code, output, after } = await updateDockerfile(text);
    expect(code).toBe(2);
    expect(after).toBe(text);
    expect(output.errors).toEqual([
      expect.objectContaining({ line: 1, error: expect.stringContaining('used for linux/amd64 and linux/arm64') }),
    ]);
  });

  it('still updates a platform pin whose written platform is its own', async () => {
    const text = `FROM --platform=linux/arm64 ${image()}@${manifestOf(old, 'arm64')}\n`;
    const { code, output, after } = await updateDockerfile(text);
    expect(code).toBe(0);
    expect(output.errors).toEqual([]);
    expect(after).toBe(`FROM --platform=linux/arm64 ${image()}@${manifestOf(moved, 'arm64')}\n`);
  });

  it('keeps an index pin shared by stages of different platforms: each stage picks from the index', async () => {
    const text =
      `ARG BASE=${image()}@${old.digest}\n` + `FROM --platform=linux/amd64 $BASE AS x86\n` + `FROM --platform=linux/arm64 $BASE AS arm\n`;
    const { code, after } = await updateDockerfile(text);
    expect(code).toBe(0);
    expect(after).toBe(text.replace(old.digest, moved.digest));
  });
});
