import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main.js';
import { createRegistryClient } from '../../src/registry/client/client.js';
import { findFreePort } from '../helpers/registry/free-port.js';
import { deleteManifest, pushImage, pushPlatformImage, startRegistry, type LocalRegistry } from '../helpers/registry/index.js';

/**
 * `pinbot verify` against a real registry (token auth): a digest deleted through the registry
 * API is a `digest-missing` violation naming the registry; every other pin is found with one
 * HEAD per distinct digest, however many files pin it.
 */
let registry: LocalRegistry;
let root: string;
let kept: string;
let platformOnly: string;
let deleted: string;
const requests: Array<{ method: string; path: string; status: number }> = [];

const AMD64 = { os: 'linux', architecture: 'amd64' };
const ARM64 = { os: 'linux', architecture: 'arm64', variant: 'v8' };

beforeAll(async () => {
  registry = await startRegistry({ auth: 'token' });
  kept = (await pushImage(registry, 'team/api', '2.0', { platforms: [AMD64, ARM64], seed: 'api' })).digest;
  platformOnly = (await pushPlatformImage(registry, 'team/api', ARM64, { seed: 'api' })).digest;
  deleted = (await pushImage(registry, 'team/worker', '1.0', { platforms: [AMD64], seed: 'worker-old' })).digest;
  await pushImage(registry, 'team/worker', '1.0', { platforms: [AMD64], seed: 'worker-new' });
  // The old build is untagged now; a garbage collection (here: the registry API) removes it.
  await deleteManifest(registry, 'team/worker', deleted);

  root = await mkdtemp(path.join(os.tmpdir(), 'pinbot-verify-registry-'));
  const host = registry.host;
  const { username, password } = registry.credentials!;
  await mkdir(path.join(root, '.docker'));
  const auth = Buffer.from(`${username}:${password}`).toString('base64');
  await writeFile(path.join(root, '.docker/config.json'), JSON.stringify({ auths: { [host]: { auth } } }));
  await mkdir(path.join(root, 'deploy'));
  await writeFile(
    path.join(root, 'Dockerfile'),
    `FROM ${host}/team/api:2.0@${kept}\nFROM --platform=linux/arm64 ${host}/team/api:2.0@${platformOnly}\n`,
  );
  await writeFile(
    path.join(root, 'deploy/app.yaml'),
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: { name: app }',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      `        - { name: api, image: "${host}/team/api:2.0@${kept}" }`,
      `        - { name: worker, image: "${host}/team/worker:1.0@${deleted}" }`,
      '',
    ].join('\n'),
  );
  await writeFile(path.join(root, 'compose.yaml'), `services:\n  api:\n    image: ${host}/team/api:2.0@${kept}\n`);
});

afterAll(async () => {
  await registry.stop();
  await rm(root, { recursive: true, force: true });
});

async function verify(argv: string[], options: { maxAttempts?: number } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  // Docker's own config, as `docker login` writes it: the client's usual credential rules apply.
  const env = { HOME: root, DOCKER_CONFIG: path.join(root, '.docker') };
  const code = await main(
    argv,
    { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, cwd: root, env },
    {
      clientFor: () =>
        createRegistryClient({
          env,
          maxAttempts: options.maxAttempts ?? 3,
          fetch: async (input, init) => {
            const url = new URL(input instanceof Request ? input.url : String(input));
            const response = await fetch(input, init);
            requests.push({ method: init?.method ?? 'GET', path: url.pathname, status: response.status });
            return response;
          },
        }),
    },
  );
  return { code, stdout, stderr };
}

describe('pinbot verify against a real registry', () => {
  it('reports the deleted digest as digest-missing, naming the registry, and exits 1', async () => {
    requests.length = 0;
    const run = await verify(['verify', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const output = JSON.parse(run.stdout) as { violations: Array<Record<string, unknown>>; errors: unknown[]; checked: number };
    expect(output.errors).toEqual([]);
    expect(output.checked).toBe(5);
    expect(output.violations).toEqual([
      {
        file: 'deploy/app.yaml',
        line: 9,
        image: `${registry.host}/team/worker`,
        tag: '1.0',
        digest: deleted,
        rule: 'digest-missing',
        message: expect.stringContaining(`no longer exists in ${registry.host}/team/worker on ${registry.host}`),
      },
    ]);
  });

  it('asks with one HEAD per distinct digest, however many files pin it', () => {
    const manifestRequests = requests.filter((request) => request.path.includes('/manifests/'));
    // The registry's first answer is its token challenge (401): the client learns its auth from it once.
    expect(manifestRequests.filter((request) => request.status === 401)).toHaveLength(1);
    const heads = manifestRequests.filter((request) => request.method === 'HEAD' && request.status !== 401);
    expect(heads.map((request) => request.path).sort()).toEqual(
      [`/v2/team/api/manifests/${kept}`, `/v2/team/api/manifests/${platformOnly}`, `/v2/team/worker/manifests/${deleted}`].sort(),
    );
    expect(requests.filter((request) => request.method === 'GET' && request.path.includes('/manifests/'))).toEqual([]);
  });

  it('passes once the pin is fixed', async () => {
    const current = (await pushImage(registry, 'team/worker', '1.0', { platforms: [AMD64], seed: 'worker-new' })).digest;
    const file = path.join(root, 'deploy/app.yaml');
    const { readFile } = await import('node:fs/promises');
    await writeFile(file, (await readFile(file, 'utf8')).replace(deleted, current));
    const run = await verify(['verify']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('No violations: 5 image references checked, 3 digests looked up in registries.\n');
    await writeFile(file, (await readFile(file, 'utf8')).replace(current, deleted));
  });

  it('--offline asks no registry at all', async () => {
    requests.length = 0;
    const run = await verify(['verify', '--offline']);
    expect(run.code).toBe(0);
    expect(requests).toEqual([]);
  });

  it('an unreachable registry is an error for its pins (exit 2), not a pass and not a violation', async () => {
    const port = await findFreePort();
    const dir = path.join(root, 'unreachable');
    await mkdir(dir);
    await writeFile(path.join(dir, 'Dockerfile'), `FROM 127.0.0.1:${port}/team/api:2.0@${kept}\n`);
    const run = await verify(['verify', '--json', 'unreachable'], { maxAttempts: 1 });
    expect(run.code).toBe(2);
    const output = JSON.parse(run.stdout) as { violations: unknown[]; errors: Array<Record<string, unknown>> };
    expect(output.violations).toEqual([]);
    expect(output.errors).toEqual([
      expect.objectContaining({
        file: 'Dockerfile',
        line: 1,
        image: `127.0.0.1:${port}/team/api`,
        digest: kept,
        error: expect.stringContaining(`127.0.0.1:${port}`),
      }),
    ]);
  });
});
