import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pino from 'pino';
import { pushImage, startRegistry, type LocalRegistry } from '../helpers/registry/index.js';
import { startApp, type AppUnderTest } from '../helpers/app-under-test.js';

/**
 * Issue 11's shapes through the App, end to end: a kustomization, Helm values (both block
 * styles), a dev container, an ARG-fragment Dockerfile and a Tekton task on the fake GitHub, a
 * real registry behind them. The PR's files differ from the base only in the stale digests.
 */
let registry: LocalRegistry;
let app: AppUnderTest;
const silent = pino({ level: 'silent' });
const digests: Record<string, string> = {};

async function push(name: string, seed: string): Promise<string> {
  return (await pushImage(registry, `team/${name}`, '1.4', { seed })).digest;
}

function files(host: string, d: Record<string, string>): Record<string, string> {
  return {
    'deploy/overlays/prod/kustomization.yaml': [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'resources: [../../base]',
      'images:',
      '  - name: api',
      `    newName: ${host}/team/api`,
      '    newTag: "1.4"   # follows the 1.4 line',
      `    digest: ${d.api}`,
      '  - name: worker',
      `    newName: ${host}/team/worker`,
      `    newTag: 1.4@${d.worker}`,
      '',
    ].join('\r\n'),
    'charts/app/values.yaml': [
      'image:',
      `  registry: ${host}`,
      '  repository: team/api',
      '  tag: "1.4"',
      `  digest: ${d.api}`,
      'worker:',
      '  image:',
      `    repository: ${host}/team/worker`,
      `    tag: 1.4@${d.worker}`,
      'db:',
      '  image:',
      `    repository: ${host}/team/db`,
      '    tag: "1.4"',
      `    digest: ${d.db}`,
      '',
    ].join('\n'),
    '.devcontainer/devcontainer.json': `{\n  // pinned\n  "image": "${host}/team/api:1.4@${d.api}",\n}\n`,
    Dockerfile: `ARG VERSION=1.4@${d.worker}\nFROM ${host}/team/worker:\${VERSION}\n`,
    'tekton/task.yaml': `apiVersion: tekton.dev/v1\nkind: Task\nspec:\n  steps:\n    - name: run\n      image: ${host}/team/api:1.4@${d.api}\n`,
  };
}

beforeAll(async () => {
  registry = await startRegistry({ auth: 'none' });
  digests.api = await push('api', 'api-1');
  digests.worker = await push('worker', 'worker-1');
  digests.db = await push('db', 'db-1');
  app = await startApp();
  app.fake.addInstallation({ id: 1, account: 'acme', repos: 'all' });
  app.fake.createRepo({ owner: 'acme', repo: 'shapes', files: files(registry.host, digests) });
  // The api and worker tags move; db stays.
  digests.apiNew = await push('api', 'api-2');
  digests.workerNew = await push('worker', 'worker-2');
});

afterAll(async () => {
  await app?.stop();
  await registry?.stop();
});

describe('issue 11 shapes through the App', () => {
  it('opens one PR that rewrites only the stale digest bytes of every shape, split ones included', async () => {
    const octokit = await app.probot.auth(1);
    expect(await app.pinbot.scan(octokit, 1, { owner: 'acme', repo: 'shapes' }, silent)).toBe('done');
    const [pull, ...others] = app.fake.listPulls('acme', 'shapes', { state: 'open' });
    expect(others).toEqual([]);
    const expected = files(registry.host, { api: digests.apiNew!, worker: digests.workerNew!, db: digests.db! });
    for (const [path, text] of Object.entries(expected)) {
      const written = app.fake.readFile('acme', 'shapes', pull!.headRef, path);
      expect({ path, same: Buffer.from(written!).equals(Buffer.from(text, 'utf8')) }).toEqual({ path, same: true });
    }
    // The PR names the files the pins came from, split shapes too.
    for (const path of ['kustomization.yaml', 'values.yaml', 'devcontainer.json', 'Dockerfile', 'tekton/task.yaml'])
      expect(pull!.body).toContain(path);
  });

  it('a rescan of the PR branch’s state proposes nothing new', async () => {
    const before = app.fake.listPulls('acme', 'shapes', { state: 'open' })[0]!;
    const octokit = await app.probot.auth(1);
    expect(await app.pinbot.scan(octokit, 1, { owner: 'acme', repo: 'shapes' }, silent)).toBe('done');
    const after = app.fake.listPulls('acme', 'shapes', { state: 'open' });
    expect(after.map((pull) => [pull.number, pull.headSha])).toEqual([[before.number, before.headSha]]);
  });

  it('with `pin: true`, the pinning PR gives a kustomize entry a digest field and fills a Bitnami block’s empty digest, nothing else', async () => {
    const host = registry.host;
    const base = {
      'kustomization.yaml': `images:\r\n  - name: api\r\n    newName: ${host}/team/api\r\n    newTag: "1.4" # train\r\n`,
      'values.yaml': `image:\n  registry: ${host}\n  repository: team/db\n  tag: "1.4"\n  digest: ""\n`,
      '.github/pinbot.yml': 'pin: true\n',
    };
    app.fake.createRepo({ owner: 'acme', repo: 'to-pin', files: base });
    const octokit = await app.probot.auth(1);
    expect(await app.pinbot.scan(octokit, 1, { owner: 'acme', repo: 'to-pin' }, silent)).toBe('done');
    const [pull, ...others] = app.fake.listPulls('acme', 'to-pin', { state: 'open' });
    expect(others).toEqual([]);
    expect(pull!.headRef).toBe('pinbot/pin');
    expect(app.fake.readText('acme', 'to-pin', 'pinbot/pin', 'kustomization.yaml')).toBe(
      base['kustomization.yaml'].replace('# train\r\n', `# train\r\n    digest: ${digests.apiNew}\r\n`),
    );
    expect(app.fake.readText('acme', 'to-pin', 'pinbot/pin', 'values.yaml')).toBe(base['values.yaml'].replace('""', `"${digests.db}"`));
  });
});
