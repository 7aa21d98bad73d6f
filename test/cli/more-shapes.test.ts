import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pushImage, startRegistry, type LocalRegistry } from '../helpers/registry/index.js';
import { runCli } from './run-cli.js';

/**
 * Issue 11's shapes through refs, check and update against a real registry, found by the
 * default globs without any config: `update` changes only the stale digest bytes.
 */
let registry: LocalRegistry;
let root: string;
const before: Record<string, string> = {};
const after: Record<string, string> = {};

type Files = Record<string, string>;

function files(host: string, d: Record<string, string>): Files {
  return {
    Dockerfile: `ARG HOST=${host}/\nARG HASH="@${d.tool}"\nARG BASE_VERSION=1.0@${d.api}\nFROM team/x:1 AS unused\nFROM ${host}/team/api:\${BASE_VERSION:-latest} AS api\nFROM \${HOST}team/tool:1.0\${HASH}\n`,
    'k8s/kustomization.yaml': `images:\n- name: api\n  newName: ${host}/team/api\n  newTag: "1.0"\n  digest: ${d.api}\n`,
    'chart/values-staging.yaml': `global:\n  sidecar:\n    image:\n      registry: ${host}\n      repository: team/tool\n      tag: 1.0\n      digest: '${d.tool}'\n`,
    '.devcontainer/go/devcontainer.json': `{\r\n  "image": "${host}/team/api:1.0@${d.api}", // dev image\r\n}\r\n`,
    '.github/workflows/e2e.yml': `jobs:\n  e2e:\n    runs-on: ubuntu-24.04\n    strategy:\n      matrix:\n        image: ["${host}/team/tool:1.0@${d.tool}"]\n    steps:\n      - uses: docker/setup-qemu-action@v3\n        with:\n          image: ${host}/team/tool:1.0@${d.tool}\n`,
    'deploy/knative.yaml': `apiVersion: serving.knative.dev/v1\nkind: Service\nspec:\n  template:\n    spec:\n      containers:\n        - image: ${host}/team/api:1.0@${d.api}\n`,
  };
}

async function write(tree: Files): Promise<void> {
  for (const [relative, text] of Object.entries(tree)) {
    const target = path.join(root, relative);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, text);
  }
}

beforeAll(async () => {
  registry = await startRegistry({ auth: 'none' });
  before.api = (await pushImage(registry, 'team/api', '1.0', { seed: 'api-1' })).digest;
  before.tool = (await pushImage(registry, 'team/tool', '1.0', { seed: 'tool-1' })).digest;
  after.api = (await pushImage(registry, 'team/api', '1.0', { seed: 'api-2' })).digest;
  after.tool = (await pushImage(registry, 'team/tool', '1.0', { seed: 'tool-2' })).digest;
  root = await mkdtemp(path.join(os.tmpdir(), 'pinbot-shapes-'));
  await write(files(registry.host, before));
});

afterAll(async () => {
  await registry?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('issue 11 shapes through the CLI', () => {
  it('refs finds every shape by default, with its kind, and the tag’s own place for split shapes', async () => {
    const run = await runCli(['refs', '--json'], { cwd: root });
    expect(run.code).toBe(0);
    const { references } = JSON.parse(run.stdout) as { references: Array<Record<string, unknown>> };
    expect(references.map((reference) => [reference.file, reference.line, reference.kind, reference.tagLine ?? null])).toEqual([
      ['.devcontainer/go/devcontainer.json', 2, 'devcontainer', null],
      ['.github/workflows/e2e.yml', 6, 'github-actions', null],
      ['.github/workflows/e2e.yml', 10, 'github-actions', null],
      ['chart/values-staging.yaml', 7, 'helm-values', 6],
      ['deploy/knative.yaml', 7, 'kubernetes', null],
      ['Dockerfile', 2, 'dockerfile', 6],
      ['Dockerfile', 3, 'dockerfile', 3],
      ['k8s/kustomization.yaml', 5, 'kustomize', 4],
    ]);
  });

  it('check reports every stale pin; update rewrites only the digest bytes, and a second check is clean', async () => {
    const check = await runCli(['check', '--json'], { cwd: root });
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout).updates).toHaveLength(8);
    const update = await runCli(['update'], { cwd: root });
    expect(update.code).toBe(0);
    for (const [relative, text] of Object.entries(files(registry.host, after))) {
      const bytes = await readFile(path.join(root, relative));
      expect({ relative, same: bytes.equals(Buffer.from(text, 'utf8')) }).toEqual({ relative, same: true });
    }
    expect((await runCli(['check'], { cwd: root })).code).toBe(0);
  });

  it('verify applies the policy to the new kinds: an unpinned kustomize entry or Helm block is a violation, a forbidden tag too', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pinbot-shapes-policy-'));
    try {
      await writeFile(path.join(dir, 'kustomization.yaml'), `images:\n- name: a\n  newName: ghcr.io/acme/a\n  newTag: "1.2"\n`);
      await writeFile(path.join(dir, 'values.yaml'), `image:\n  repository: ghcr.io/acme/b\n  tag: latest\n  digest: ${before.api}\n`);
      await mkdir(path.join(dir, '.github'));
      await writeFile(path.join(dir, '.github/pinbot.yml'), 'policy:\n  requireDigest: ["**"]\n  forbidTags: [latest]\n');
      const run = await runCli(['verify', '--offline', '--json'], { cwd: dir });
      expect(run.code).toBe(1);
      const { violations } = JSON.parse(run.stdout) as { violations: Array<{ file: string; line: number; rule: string }> };
      expect(violations.map(({ file, line, rule }) => [file, line, rule])).toEqual([
        ['kustomization.yaml', 4, 'require-digest'],
        ['values.yaml', 4, 'forbidden-tag'],
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('pin gives split shapes only a digest: a kustomize digest field, an empty Helm digest filled, an ARG fragment’s tag', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pinbot-shapes-pin-'));
    const host = registry.host;
    const tree = (api: string, tool: string): Files => ({
      'kustomization.yaml': `images:\n  - name: api\n    newName: ${host}/team/api\n    newTag: "1.0"${api}\n`,
      'values.yaml': `image:\n  registry: ${host}\n  repository: team/tool\n  tag: 1.0\n  digest: "${tool}"\nupstream:\n  image:\n    repository: ${host}/team/tool\n    tag: "1.0"\n`,
      Dockerfile: `ARG VERSION=1.0${tool === '' ? '' : `@${tool}`}\nFROM ${host}/team/tool:\${VERSION}\n`,
    });
    try {
      for (const [relative, text] of Object.entries(tree('', ''))) await writeFile(path.join(dir, relative), text);
      const run = await runCli(['pin'], { cwd: dir });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      for (const [relative, text] of Object.entries(tree(`\n    digest: ${after.api}`, after.tool!))) {
        expect({ relative, text: await readFile(path.join(dir, relative), 'utf8') }).toEqual({ relative, text });
      }
      // The upstream-style block has no digest field: not pinnable, still listed as unpinned by refs.
      const refs = JSON.parse((await runCli(['refs', '--json'], { cwd: dir })).stdout) as {
        skipped: Array<{ line: number; reason: string }>;
      };
      expect(refs.skipped).toEqual([expect.objectContaining({ file: 'values.yaml', line: 9, reason: 'no-digest' })]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('include and exclude narrow the new kinds like any other', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pinbot-shapes-config-'));
    try {
      await writeFile(path.join(dir, 'kustomization.yaml'), `images:\n- name: a\n  newTag: "1"\n  digest: ${before.api}\n`);
      await mkdir(path.join(dir, '.devcontainer'));
      await writeFile(path.join(dir, '.devcontainer/devcontainer.json'), `{"image": "a:1@${before.api}"}`);
      await mkdir(path.join(dir, '.github'));
      await writeFile(path.join(dir, '.github/pinbot.yml'), 'exclude: ["**/kustomization.yaml"]\n');
      const run = await runCli(['refs', '--json'], { cwd: dir });
      expect((JSON.parse(run.stdout) as { references: Array<{ kind: string }> }).references.map((reference) => reference.kind)).toEqual([
        'devcontainer',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
