import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { installationCreated, pullRequest, push, ZERO_SHA } from '../helpers/github/index.js';
import { pushImage, startRegistry, type LocalRegistry } from '../helpers/registry/index.js';
import { scheduledWalk, startApp, writes, type AppUnderTest } from '../helpers/app-under-test.js';

/**
 * The App end to end: Probot with the real handlers, a stateful fake of GitHub's API, and a
 * real OCI registry. Each step builds on the one before, like the life of one repository.
 */
let registry: LocalRegistry;
let app: AppUnderTest;
const digests: Record<string, string> = {};
const AMD64 = { os: 'linux', architecture: 'amd64' };
const ARM64 = { os: 'linux', architecture: 'arm64', variant: 'v8' };

async function moveNode(seed: string): Promise<string> {
  return (await pushImage(registry, 'team/node', '22', { platforms: [AMD64, ARM64], seed })).digest;
}

function files(host: string, node: string, base: string): Record<string, string> {
  return {
    // CRLF and a BOM: the branch must keep both.
    Dockerfile: `\uFEFFFROM ${host}/team/node:22@${node} AS build\r\nRUN make\r\nFROM ${host}/team/base:1@${base}\r\nCOPY --from=build /out /app\r\n`,
    'deploy/app.yaml': `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: "${host}/team/node:22@${node}" # pinned\n        - name: sidecar\n          image: ${host}/team/base:1@${base}\n`,
    '.github/workflows/ci.yml': `jobs:\n  test:\n    runs-on: ubuntu-24.04\n    container: ${host}/team/node:22@${node}\n`,
    'README.md': '# api\n',
  };
}

const walk = () => scheduledWalk(app);

beforeAll(async () => {
  registry = await startRegistry({ auth: 'none' });
  digests.node1 = await moveNode('n1');
  digests.base = (await pushImage(registry, 'team/base', '1', { seed: 'b1' })).digest;
  digests.node2 = await moveNode('n2');
  app = await startApp();
  app.fake.createRepo({ owner: 'acme', repo: 'api', files: files(registry.host, digests.node1, digests.base) });
  app.fake.createRepo({ owner: 'acme', repo: 'web', files: { Dockerfile: `FROM ${registry.host}/team/node:22@${digests.node1}\n` } });
  app.fake.addInstallation({ id: 1, account: 'acme', repos: 'all' });
});

afterAll(async () => {
  await app?.stop();
  await registry?.stop();
});

const openPulls = (repo: string) => app.fake.listPulls('acme', repo, { state: 'open' });

describe('the GitHub App, end to end', () => {
  it('on install opens one PR whose files differ from the base only in the stale digests', async () => {
    await app.probot.receive(installationCreated(app.fake, 1) as never);
    await app.pinbot.queue.idle();

    const [pull, ...others] = openPulls('api');
    expect(others).toEqual([]);
    expect(pull).toMatchObject({
      headRef: 'pinbot/digests',
      baseRef: 'main',
      title: expect.stringMatching(/^chore\(deps\): update .*node:22 digest to [0-9a-f]{7}$/),
    });
    const expected = files(registry.host, digests.node2!, digests.base!);
    for (const path of ['Dockerfile', 'deploy/app.yaml']) {
      expect(Buffer.from(app.fake.readFile('acme', 'api', 'pinbot/digests', path)!).equals(Buffer.from(expected[path]!, 'utf8'))).toBe(
        true,
      );
    }
    // No workflows permission: the workflow stays as it is, and the PR says why.
    expect(app.fake.readText('acme', 'api', 'pinbot/digests', '.github/workflows/ci.yml')).toBe(
      files(registry.host, digests.node1!, digests.base!)['.github/workflows/ci.yml'],
    );
    expect(pull!.body).toContain('.github/workflows/ci.yml');
    expect([...pull!.labels].sort()).toEqual(['dependencies', 'docker']);
    const commit = app.fake.commit('acme', 'api', pull!.headSha)!;
    expect(commit).toMatchObject({ authorLogin: 'pinbot[bot]', verified: true });
    expect(app.fake.checkRuns('acme', 'api', { name: 'pinbot' })[0]?.output).toMatchObject({
      summary: expect.stringContaining('workflows'),
    });
    // acme/web got its own PR.
    expect(openPulls('web')).toHaveLength(1);
  });

  it('when the tag moves again, updates the same PR instead of opening another', async () => {
    const before = openPulls('api')[0]!;
    digests.node3 = await moveNode('n3');
    await walk();
    const [after, ...others] = openPulls('api');
    expect(others).toEqual([]);
    expect(after!.number).toBe(before.number);
    expect(app.fake.readText('acme', 'api', 'pinbot/digests', 'Dockerfile')).toContain(digests.node3);
    // Base unchanged: a fast-forward on top of the app's own commit.
    expect(app.fake.commit('acme', 'api', after!.headSha)!.parents).toEqual([before.headSha]);
  });

  it('a rescan with nothing changed writes nothing', async () => {
    app.fake.resetRequestLog();
    await walk();
    expect(writes(app.fake)).toEqual([]);
  });

  it('does the work of a redelivered webhook once', async () => {
    const change = app.fake.pushCommit({ owner: 'acme', repo: 'api', branch: 'main', files: { 'README.md': '# api\n\nNow with docs.\n' } });
    app.fake.resetRequestLog();
    const delivery = push(app.fake, { owner: 'acme', repo: 'api', branch: 'main', before: change.before, deliveryId: 'delivery-1' });
    await app.probot.receive(delivery as never);
    await app.probot.receive(delivery as never);
    await app.pinbot.queue.idle();
    const rebuilds = writes(app.fake).filter((write) => write.startsWith('POST /repos/{owner}/{repo}/git/commits'));
    expect(rebuilds).toHaveLength(1);
    // The base moved: the branch was rebuilt on it (compare-and-swap), still one PR.
    const [pull, ...others] = openPulls('api');
    expect(others).toEqual([]);
    expect(app.fake.commit('acme', 'api', pull!.headSha)!.parents).toEqual([change.sha]);
  });

  it('never touches a branch that carries a human commit, and says so once', async () => {
    const human = app.fake.pushCommit({ owner: 'acme', repo: 'api', branch: 'pinbot/digests', files: { 'NOTES.md': 'tweaked by hand\n' } });
    digests.node4 = await moveNode('n4');
    await walk();
    await walk();
    const pull = openPulls('api')[0]!;
    expect(app.fake.branchHead('acme', 'api', 'pinbot/digests')).toBe(human.sha);
    expect(app.fake.comments('acme', 'api', pull.number).filter((comment) => comment.body.includes('did not write'))).toHaveLength(1);
  });

  it('a closed PR is not reopened; a newer digest comes in a fresh PR built from the base', async () => {
    const pull = openPulls('web')[0]!;
    app.fake.closePull({ owner: 'acme', repo: 'web', number: pull.number });
    await app.probot.receive(pullRequest(app.fake, { owner: 'acme', repo: 'web', number: pull.number, action: 'closed' }) as never);
    await app.pinbot.queue.idle();
    expect(app.fake.branchHead('acme', 'web', 'pinbot/digests')).toBeUndefined();

    // web's PR proposed node4 (the walk above updated it); nothing newer exists yet.
    await walk();
    expect(openPulls('web')).toEqual([]);

    digests.node5 = await moveNode('n5');
    await walk();
    const [fresh] = openPulls('web');
    expect(fresh!.number).not.toBe(pull.number);
    expect(app.fake.readText('acme', 'web', 'pinbot/digests', 'Dockerfile')).toContain(digests.node5);
    const base = app.fake.branchHead('acme', 'web', 'main')!;
    expect(app.fake.commit('acme', 'web', fresh!.headSha)!.parents).toEqual([base]);
  });

  it('a registry outage makes no writes, and the next run succeeds', async () => {
    digests.node6 = await moveNode('n6');
    app.registryDown = true;
    app.fake.resetRequestLog();
    await walk();
    expect(writes(app.fake)).toEqual([]);
    app.registryDown = false;
    await walk();
    expect(app.fake.readText('acme', 'web', 'pinbot/digests', 'Dockerfile')).toContain(digests.node6);
  });

  it('reads .github/pinbot.yaml too, and reports workflow-only pins it may not write', async () => {
    const host = registry.host;
    app.fake.createRepo({
      owner: 'acme',
      repo: 'ops',
      files: {
        '.github/pinbot.yaml': 'labels: [deps]\n',
        '.github/workflows/build.yml': `jobs:\n  build:\n    runs-on: ubuntu-24.04\n    container: ${host}/team/node:22@${digests.node1}\n`,
        'images/Dockerfile': `FROM ${host}/team/base:1@${digests.base}\n`,
      },
    });
    app.fake.createRepo({
      owner: 'acme',
      repo: 'svc',
      files: { '.github/pinbot.yaml': 'labels: [deps]\n', Dockerfile: `FROM ${host}/team/node:22@${digests.node1}\n` },
    });
    await walk();
    expect(openPulls('ops')).toEqual([]);
    const head = app.fake.branchHead('acme', 'ops', 'main')!;
    expect(app.fake.checkRuns('acme', 'ops', { headSha: head, name: 'pinbot' })[0]).toMatchObject({
      conclusion: 'success',
      output: { summary: expect.stringContaining('.github/workflows/build.yml') },
    });
    expect(openPulls('svc')[0]!.labels).toEqual(['deps']);
  });

  it('a push to another branch is ignored without a single request', async () => {
    app.fake.resetRequestLog();
    const side = app.fake.pushCommit({ owner: 'acme', repo: 'web', branch: 'feature', files: { 'x.txt': 'x\n' } });
    await app.probot.receive(push(app.fake, { owner: 'acme', repo: 'web', branch: 'feature', before: side.before ?? ZERO_SHA }) as never);
    await app.pinbot.queue.idle();
    expect(app.fake.requestLog).toEqual([]);
  });
});
