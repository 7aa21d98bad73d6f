import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main.js';
import { createRegistryClient } from '../../src/registry/client/client.js';
import { pushImage, startRegistry, type LocalRegistry } from '../helpers/registry/index.js';
import { runCli } from './run-cli.js';

/**
 * `pinbot pin` end to end against a real registry: a tree with tag-only images in every file
 * kind. The only bytes that may change are the inserted `@sha256:…` (and `:latest` where no tag
 * was written), and every pin must be what the registry says the tag points to now.
 */
let registry: LocalRegistry;
let root: string;
let host: string;
const digests: Record<string, string> = {};

const AMD64 = { os: 'linux', architecture: 'amd64' };
const ARM64 = { os: 'linux', architecture: 'arm64', variant: 'v8' };

/** Each tree file as a template: `«@name»` marks where pinning inserts `@<digest of name>`, `«:latest@bare»` a tag too. */
interface TreeFile {
  readonly path: string;
  readonly template: string;
}

const before = (template: string): string => template.replace(/«[^»]*»/g, '');
const after = (template: string): string =>
  template.replace(/«([^»@]*)@(\w+)»/g, (_match, tag: string, name: string) => `${tag}@${digests[name] ?? '?'}`);

function tree(): TreeFile[] {
  return [
    {
      path: 'Dockerfile',
      // A BOM, CRLF, a frontend, an ARG default used by FROM, --platform, AS, a mount, COPY --from an image, scratch.
      template:
        `\uFEFF# syntax=${host}/team/frontend:1«@frontend»\r\n` +
        `ARG BASE=${host}/team/multi:1«@multi»\r\n` +
        `FROM --platform=linux/arm64 $BASE AS build\r\n` +
        `RUN --mount=type=cache,target=/root/.cache,from=${host}/team/single:1«@single» make\r\n` +
        `FROM ${host}/team/bare«:latest@bare» AS runtime\r\n` +
        `COPY --from=build /out /app\r\n` +
        `COPY --from=${host}/team/single:1«@single» /etc/ssl /etc/ssl\r\n` +
        `FROM scratch\r\n` +
        `COPY --from=runtime /app /app\r\n`,
    },
    {
      path: 'compose.yaml',
      template:
        `services:\n` +
        `  api:\n` +
        `    image: "${host}/team/multi:1«@multi»" # the API\n` +
        `  worker:\n` +
        `    image: \${WORKER_IMAGE:-${host}/team/single:1«@single»}\n` +
        `  cache:\n` +
        `    image: '${host}/team/bare«:latest@bare»'\n` +
        `  pinned:\n` +
        `    image: ${host}/team/multi:1@${digests.multi}\n` +
        `  variable:\n` +
        `    image: \${ONLY_A_VARIABLE}\n`,
    },
    {
      path: 'deploy/app.yaml',
      template:
        `apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n    - name: a\n      image: ${host}/team/multi:1«@multi»\n` +
        `---\n` +
        `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: b\nspec:\n  template:\n    spec:\n      initContainers:\n        - name: init\n          image: ${host}/team/single:1«@single»\n      containers:\n        - name: b\n          image: ${host}/team/frontend:1«@frontend»\n`,
    },
    {
      path: '.github/workflows/ci.yml',
      template:
        `jobs:\n  test:\n    runs-on: ubuntu-24.04\n    container: ${host}/team/multi:1«@multi»\n` +
        `    services:\n      db:\n        image: ${host}/team/single:1«@single»\n` +
        `    steps:\n      - uses: actions/checkout@v4\n      - uses: docker://${host}/team/bare«:latest@bare»\n`,
    },
  ];
}

async function writeTree(dir: string, files: readonly TreeFile[], render: (template: string) => string): Promise<void> {
  for (const file of files) {
    const target = path.join(dir, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, render(file.template));
  }
}

async function withDir(name: string, body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `pinbot-pin-${name}-`));
  try {
    await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  registry = await startRegistry({ auth: 'none' });
  host = registry.host;
  digests.multi = (await pushImage(registry, 'team/multi', '1', { platforms: [AMD64, ARM64], seed: 'multi' })).digest;
  digests.single = (await pushImage(registry, 'team/single', '1', { platforms: [AMD64], seed: 'single', mediaTypes: 'docker' })).digest;
  digests.bare = (await pushImage(registry, 'team/bare', 'latest', { platforms: [AMD64, ARM64], seed: 'bare' })).digest;
  digests.frontend = (await pushImage(registry, 'team/frontend', '1', { platforms: [AMD64], seed: 'frontend' })).digest;
  root = await mkdtemp(path.join(os.tmpdir(), 'pinbot-pin-'));
  await writeTree(root, tree(), before);
});

afterAll(async () => {
  await registry?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('pinbot pin against a real registry', () => {
  it('--dry-run lists what it would pin and writes nothing', async () => {
    const run = await runCli(['pin', '--dry-run'], { cwd: root });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Dockerfile:1 +\S+\/team\/frontend:1 +would pin +sha256:[0-9a-f]{12} \(manifest\)$/m);
    expect(run.stdout).toMatch(/^Dockerfile:5 +\S+\/team\/bare:latest +would pin +sha256:[0-9a-f]{12} \(index, tag latest written\)$/m);
    expect(run.stdout).toContain('3 references name no tag, so they would be pinned as ":latest@…"');
    expect(run.stdout).toMatch(/\n14 would pin, 0 failed, 0 ignored; 1 already pinned by digest\n/);
    for (const file of tree()) expect(await readFile(path.join(root, file.path), 'utf8')).toBe(before(file.template));
  });

  it('pins every tag-only reference to the index or manifest its tag points to, changing nothing else', async () => {
    const run = await runCli(['pin', '--json'], { cwd: root });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const output = JSON.parse(run.stdout);
    expect(Object.keys(output)).toEqual(['pinned', 'errors', 'skipped', 'skippedFiles', 'problems']);
    expect(output.errors).toEqual([]);
    expect(output.pinned).toHaveLength(14);
    expect(output.pinned[0]).toEqual({
      file: '.github/workflows/ci.yml',
      line: 4,
      image: `${host}/team/multi`,
      tag: '1',
      digest: digests.multi,
      original: `${host}/team/multi:1`,
    });
    // No tag written: the pin follows `latest`, and says what was written before.
    expect(output.pinned).toContainEqual(
      expect.objectContaining({ file: 'Dockerfile', line: 5, tag: 'latest', digest: digests.bare, original: `${host}/team/bare` }),
    );
    // The ARG default is pinned where it is written, once.
    expect(output.pinned.filter((pin: { file: string; line: number }) => pin.file === 'Dockerfile' && pin.line === 2)).toHaveLength(1);
    // What pin cannot pin is still reported, with its reason; the tag-only references are not.
    expect(output.skipped.map((skip: { file: string; reason: string }) => `${skip.file}:${skip.reason}`).sort()).toEqual([
      'Dockerfile:scratch',
      'Dockerfile:stage',
      'Dockerfile:stage',
      'compose.yaml:variable',
    ]);
    // The parsed image stays inside pinbot, as in refs and check.
    expect(output.skipped.filter((skip: object) => 'image' in skip)).toEqual([]);
    for (const file of tree()) {
      const bytes = await readFile(path.join(root, file.path));
      expect([file.path, bytes.equals(Buffer.from(after(file.template), 'utf8'))]).toEqual([file.path, true]);
    }
  });

  it('leaves every formerly tag-only reference pinned, as refs and check see it', async () => {
    const refs = JSON.parse((await runCli(['refs', '--json'], { cwd: root })).stdout);
    expect(refs.references).toHaveLength(15);
    expect(refs.skipped.filter((skip: { reason: string }) => skip.reason === 'no-digest')).toEqual([]);
    const check = await runCli(['check'], { cwd: root });
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/0 stale, 15 current, 0 failed/);
  });

  it('a second run finds nothing to pin and writes nothing', async () => {
    const mtime = (await stat(path.join(root, 'Dockerfile'))).mtimeMs;
    const run = await runCli(['pin'], { cwd: root });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^No image references without a digest found\.\n\n0 pinned, 0 failed, 0 ignored; 15 already pinned by digest\n/,
    );
    expect((await stat(path.join(root, 'Dockerfile'))).mtimeMs).toBe(mtime);
  });

  it('a tag that does not exist fails alone: nothing is written for it, the others are pinned, exit 2', async () => {
    await withDir('missing', async (dir) => {
      await writeFile(path.join(dir, 'Dockerfile'), `FROM ${host}/team/missing:1\n`);
      await writeFile(path.join(dir, 'Containerfile'), `FROM ${host}/team/multi:1\nFROM ${host}/team/multi:404\n`);
      const run = await runCli(['pin', '--json'], { cwd: dir });
      expect(run.code).toBe(2);
      const output = JSON.parse(run.stdout);
      expect(output.errors).toEqual([
        { file: 'Containerfile', line: 2, image: `${host}/team/multi`, tag: '404', error: expect.stringContaining('404 Not Found') },
        { file: 'Dockerfile', line: 1, image: `${host}/team/missing`, tag: '1', error: expect.stringContaining(host) },
      ]);
      expect(output.pinned).toEqual([expect.objectContaining({ file: 'Containerfile', line: 1, digest: digests.multi })]);
      expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe(`FROM ${host}/team/missing:1\n`);
      expect(await readFile(path.join(dir, 'Containerfile'), 'utf8')).toBe(
        `FROM ${host}/team/multi:1@${digests.multi}\nFROM ${host}/team/multi:404\n`,
      );
    });
  });

  it('a registry that fails leaves every file as it was, exit 2, with the host in the error', async () => {
    await withDir('down', async (dir) => {
      await writeFile(path.join(dir, 'Dockerfile'), `FROM ${host}/team/multi:1\n`);
      let stdout = '';
      const failing = () =>
        createRegistryClient({
          env: {},
          fetch: async () => new Response('upstream down', { status: 503 }),
          sleep: async () => undefined,
          maxAttempts: 2,
        });
      const code = await main(
        ['pin'],
        { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: () => true }, cwd: dir, env: {} },
        { clientFor: failing },
      );
      expect(code).toBe(2);
      expect(stdout).toMatch(/^Dockerfile:1 +\S+\/team\/multi:1 +failed +-$/m);
      // Said once per host, as check says it: every tag on that registry failed alike.
      expect(stdout).toContain(`Errors (1):\n  ${host}: 1 reference: the registry failed (503). Try again later.\n`);
      expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe(`FROM ${host}/team/multi:1\n`);
    });
  });

  it('honours pin.ignore and pin.ignoreTags from .github/pinbot.yml, and never touches excluded files', async () => {
    await withDir('config', async (dir) => {
      await mkdir(path.join(dir, '.github'));
      await mkdir(path.join(dir, 'vendor'));
      const pinbotYml = `exclude: [vendor]\npin:\n  ignore: ["${host}/team/single"]\n  ignoreTags: [latest]\n`;
      await writeFile(path.join(dir, '.github/pinbot.yml'), pinbotYml);
      const dockerfile = `FROM ${host}/team/single:1\nFROM ${host}/team/bare\nFROM ${host}/team/bare:latest\nFROM ${host}/team/multi:1\n`;
      await writeFile(path.join(dir, 'Dockerfile'), dockerfile);
      await writeFile(path.join(dir, 'vendor/Dockerfile'), `FROM ${host}/team/multi:1\n`);
      const run = await runCli(['pin', '--json'], { cwd: dir });
      expect(run.code).toBe(0);
      const output = JSON.parse(run.stdout);
      expect(output.pinned).toEqual([expect.objectContaining({ file: 'Dockerfile', line: 4 })]);
      expect(output.skipped).toEqual([
        { file: 'Dockerfile', line: 1, reason: 'ignored', text: `${host}/team/single:1`, detail: `pin.ignore "${host}/team/single"` },
        { file: 'Dockerfile', line: 2, reason: 'ignored', text: `${host}/team/bare`, detail: 'pin.ignoreTags "latest"' },
        { file: 'Dockerfile', line: 3, reason: 'ignored', text: `${host}/team/bare:latest`, detail: 'pin.ignoreTags "latest"' },
      ]);
      expect(await readFile(path.join(dir, 'vendor/Dockerfile'), 'utf8')).toBe(`FROM ${host}/team/multi:1\n`);
      expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe(dockerfile.replace('multi:1\n', `multi:1@${digests.multi}\n`));
    });
  });

  it('names pin with --dry-run in its usage, and refuses --dry-run with commands that write nothing anyway', async () => {
    const help = await runCli(['pin', '--help'], { cwd: root });
    expect(help.stdout).toMatch(/^Usage: pinbot pin \[PATH\.\.\.\] \[--json\] \[--dry-run\]\n/);
    const run = await runCli(['check', '--dry-run'], { cwd: root });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'pinbot: --dry-run goes with the update or pin command\nUsage: pinbot check [PATH...] [--json] [--explain] (see: pinbot check --help)\n',
    );
  });
});
