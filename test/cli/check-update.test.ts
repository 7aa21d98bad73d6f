import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile, chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  pushAttestation,
  pushImage,
  pushIndex,
  pushPlatformImage,
  startRegistry,
  type LocalRegistry,
  type PushResult,
} from '../helpers/registry/index.js';
import { findFreePort } from '../helpers/registry/free-port.js';
import { runCli } from './run-cli.js';

/**
 * End to end against a real registry: a fixture repository with stale and current pins in every
 * file kind. `update` must leave every byte but the stale digests identical.
 */
let registry: LocalRegistry;
let root: string;
const images: Record<string, { before: PushResult; after: PushResult }> = {};
let unchanged: PushResult;

const ARM64 = { os: 'linux', architecture: 'arm64', variant: 'v8' };
const AMD64 = { os: 'linux', architecture: 'amd64' };

interface FixtureFile {
  path: string;
  /** Text with `{name}` placeholders for digests. */
  template: string;
  mode?: number;
}

function fill(template: string, digests: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const digest = digests[key];
    if (digest === undefined) throw new Error(`no digest for {${key}}`);
    return digest;
  });
}

let files: FixtureFile[];
let before: Record<string, string>;
let after: Record<string, string>;

beforeAll(async () => {
  registry = await startRegistry({ auth: 'none' });
  const host = registry.host;
  for (const name of ['node', 'api', 'tool']) {
    const platforms = name === 'tool' ? [AMD64] : [AMD64, ARM64];
    images[name] = {
      before: await pushImage(registry, `team/${name}`, 'stable', { platforms, seed: `${name}-1` }),
      after: { digest: '', mediaType: '', manifests: [] },
    };
  }
  unchanged = await pushImage(registry, 'team/db', '16', { platforms: [AMD64, ARM64], seed: 'db' });
  // Move the tags: node, api and tool get new builds; db does not.
  for (const name of ['node', 'api', 'tool']) {
    const platforms = name === 'tool' ? [AMD64] : [AMD64, ARM64];
    images[name]!.after = await pushImage(registry, `team/${name}`, 'stable', { platforms, seed: `${name}-2` });
  }
  const arm = (result: PushResult): string => result.manifests.find((m) => m.platform?.architecture === 'arm64')!.digest;
  before = {
    node: images.node!.before.digest,
    nodeArm: arm(images.node!.before),
    api: images.api!.before.digest,
    tool: images.tool!.before.digest,
    db: unchanged.digest,
  };
  after = {
    ...before,
    node: images.node!.after.digest,
    nodeArm: arm(images.node!.after),
    api: images.api!.after.digest,
    tool: images.tool!.after.digest,
  };

  files = [
    {
      path: 'Dockerfile',
      // CRLF, a BOM, a platform pin and an index pin.
      template: `\uFEFF# syntax=docker/dockerfile:1\r\nFROM --platform=linux/arm64 ${host}/team/node:stable@{nodeArm} AS build\r\nRUN make\r\nFROM ${host}/team/node:stable@{node}\r\nCOPY --from=build /out /app\r\n`,
      mode: 0o640,
    },
    {
      path: 'deploy/app.yaml',
      template: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: "${host}/team/api:stable@{api}"   # keep quoted\n        - name: db\n          image: ${host}/team/db:16@{db}\n`,
    },
    {
      path: 'compose.yaml',
      template: `services:\n  tool:\n    image: '${host}/team/tool:stable@{tool}'\n  db:\n    image: ${host}/team/db:16@{db}`,
    },
    {
      path: '.github/workflows/ci.yml',
      template: `jobs:\n  test:\n    runs-on: ubuntu-24.04\n    container:\n      image: ${host}/team/node:stable@{node}\n    steps:\n      - uses: docker://${host}/team/tool:stable@{tool}\n`,
    },
  ];
  root = await mkdtemp(path.join(os.tmpdir(), 'pinbot-e2e-'));
  for (const file of files) {
    const target = path.join(root, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, fill(file.template, before));
    if (file.mode !== undefined) await chmod(target, file.mode);
  }
});

afterAll(async () => {
  await registry?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('pinbot check and update against a real registry', () => {
  it('check reports stale, current and platform pins, and exits 1', async () => {
    const run = await runCli(['check', '--json'], { cwd: root });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const output = JSON.parse(run.stdout);
    const updates = output.updates.map((u: Record<string, unknown>) => [u.file, u.line, u.currentDigest, u.newDigest, u.platform]);
    expect(updates).toEqual(
      expect.arrayContaining([
        ['Dockerfile', 2, before.nodeArm, after.nodeArm, 'linux/arm64'],
        ['Dockerfile', 4, before.node, after.node, null],
        ['deploy/app.yaml', 10, before.api, after.api, null],
        // A single-platform image: the pin is a manifest, reported with the platform it declares.
        ['compose.yaml', 3, before.tool, after.tool, 'linux/amd64'],
        ['.github/workflows/ci.yml', 5, before.node, after.node, null],
      ]),
    );
    expect(output.updates).toHaveLength(6);
    expect(output.current.map((c: { file: string; line: number }) => `${c.file}:${c.line}`).sort()).toEqual([
      'compose.yaml:5',
      'deploy/app.yaml:12',
    ]);
    expect(output.errors).toEqual([]);
    expect(output.updates[0]).toEqual(expect.objectContaining({ image: expect.stringContaining('/team/'), tag: expect.any(String) }));
  });

  it('check on a current tree exits 0 and writes nothing', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pinbot-current-'));
    try {
      await writeFile(path.join(dir, 'Dockerfile'), `FROM ${registry.host}/team/db:16@${before.db} AS db\nFROM db\nFROM alpine:3.20\n`);
      const run = await runCli(['check'], { cwd: dir });
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/0 stale, 1 current, 0 failed\n\n1 image not pinned by tag and digest \(see: pinbot refs\)\n$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('update --dry-run reports the changes and writes nothing', async () => {
    const run = await runCli(['update', '--dry-run'], { cwd: root });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/6 would update, 2 current, 0 failed/);
    for (const file of files) expect(await readFile(path.join(root, file.path), 'utf8')).toBe(fill(file.template, before));
  });

  it('update rewrites exactly the stale digests, byte for byte, keeping file modes', async () => {
    const run = await runCli(['update', '--json'], { cwd: root });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).updates).toHaveLength(6);
    for (const file of files) {
      const bytes = await readFile(path.join(root, file.path));
      expect(bytes.equals(Buffer.from(fill(file.template, after), 'utf8'))).toBe(true);
    }
    expect((await stat(path.join(root, 'Dockerfile'))).mode & 0o777).toBe(0o640);
    const recheck = await runCli(['check'], { cwd: root });
    expect(recheck.code).toBe(0);
  });

  it('a reference that cannot be resolved fails alone: the others are still updated, exit 2', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pinbot-partial-'));
    try {
      const missing = `${registry.host}/team/missing:1@sha256:${'9'.repeat(64)}`;
      await writeFile(path.join(dir, 'Dockerfile'), `FROM ${missing}\nFROM ${registry.host}/team/tool:stable@${before.tool}\n`);
      const run = await runCli(['update', '--json'], { cwd: dir });
      expect(run.code).toBe(2);
      const output = JSON.parse(run.stdout);
      expect(output.errors).toEqual([
        expect.objectContaining({ file: 'Dockerfile', line: 1, error: expect.stringContaining(registry.host) }),
      ]);
      expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe(
        `FROM ${missing}\nFROM ${registry.host}/team/tool:stable@${after.tool}\n`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says once that a registry is unreachable, and each missing tag on its own line', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pinbot-unreachable-'));
    try {
      const closed = `127.0.0.1:${await findFreePort()}`;
      const pinned = `sha256:${'7'.repeat(64)}`;
      await writeFile(
        path.join(dir, 'Dockerfile'),
        `FROM ${closed}/team/a:1@${pinned}\nFROM ${closed}/team/b:2@${pinned}\nFROM ${registry.host}/team/missing:1@${pinned}\n`,
      );
      await writeFile(path.join(dir, 'compose.yaml'), `services:\n  a:\n    image: ${closed}/team/a:1@${pinned}\n`);
      const run = await runCli(['check'], { cwd: dir });
      expect(run.code).toBe(2);
      const errors = run.stdout.slice(run.stdout.indexOf('Errors (4):')).split('\n').slice(1, 3);
      expect(errors).toEqual([
        `  ${closed}: 3 references: could not connect (ECONNREFUSED). Check the host name, your network or proxy, or PINBOT_INSECURE_REGISTRIES for a plain-HTTP registry.`,
        expect.stringMatching(new RegExp(`^  Dockerfile:3  ${registry.host}/team/missing:1 .*404`)),
      ]);
      const json = JSON.parse((await runCli(['check', '--json'], { cwd: dir })).stdout);
      const refused = { kind: 'network', code: 'ECONNREFUSED' };
      expect(
        json.errors.map((error: { file: string; line: number; cause: unknown }) => [`${error.file}:${error.line}`, error.cause]),
      ).toEqual([
        ['compose.yaml:3', refused],
        ['Dockerfile:1', refused],
        ['Dockerfile:2', refused],
        ['Dockerfile:3', null],
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('updates a file once when two PATHs both cover it, and calls that a success', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pinbot-overlap-'));
    try {
      await mkdir(path.join(dir, 'tools'));
      await writeFile(path.join(dir, 'tools/Dockerfile'), `FROM ${registry.host}/team/tool:stable@${before.tool}\n`);
      const run = await runCli(['update', '.', 'tools', '--json'], { cwd: dir });
      expect(run.code).toBe(0);
      const output = JSON.parse(run.stdout);
      expect(output.errors).toEqual([]);
      expect(output.updates).toEqual([expect.objectContaining({ file: 'tools/Dockerfile', newDigest: after.tool })]);
      expect(await readFile(path.join(dir, 'tools/Dockerfile'), 'utf8')).toBe(`FROM ${registry.host}/team/tool:stable@${after.tool}\n`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('stays quiet when only attestations changed, unless the config asks for such updates', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pinbot-attest-'));
    try {
      const images = await Promise.all(
        [AMD64, ARM64].map((platform) => pushPlatformImage(registry, 'team/signed', platform, { seed: 'signed' })),
      );
      const before = await pushIndex(registry, 'team/signed', '1', images);
      // Re-signed: the same platform images, new attestations, so a new index digest.
      const attestations = await Promise.all(images.map((image) => pushAttestation(registry, 'team/signed', image, { seed: 'again' })));
      const after = await pushIndex(registry, 'team/signed', '1', [...images, ...attestations]);
      expect(after.digest).not.toBe(before.digest);
      await writeFile(path.join(dir, 'Dockerfile'), `FROM ${registry.host}/team/signed:1@${before.digest}\n`);

      const quiet = await runCli(['check', '--json'], { cwd: dir });
      expect(quiet.code).toBe(0);
      expect(JSON.parse(quiet.stdout)).toMatchObject({
        updates: [],
        platformsUnchanged: [expect.objectContaining({ newIndexDigest: after.digest })],
      });

      await mkdir(path.join(dir, '.github'));
      await writeFile(path.join(dir, '.github/pinbot.yml'), 'updateOnIndexOnlyChange: true\n');
      const asked = await runCli(['check', '--json'], { cwd: dir });
      expect(asked.code).toBe(1);
      expect(JSON.parse(asked.stdout).updates).toEqual([
        expect.objectContaining({ currentDigest: before.digest, newDigest: after.digest }),
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
