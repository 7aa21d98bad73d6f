import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pino from 'pino';
import { PIN_CLOSED_COMMENT, PIN_DISABLED_COMMENT } from '../../src/lifecycle/apply-decisions.js';
import { parseMarker } from '../../src/pr/marker.js';
import { pullRequest } from '../helpers/github/index.js';
import { pushImage, startRegistry, type LocalRegistry } from '../helpers/registry/index.js';
import { startApp, writes, type AppUnderTest } from '../helpers/app-under-test.js';

/**
 * The App's pinning pull request (issue 10), end to end on the fake GitHub with a real registry:
 * off by default, turned on per repository or for the whole owner through its `.github`
 * repository, kept current as tag-only images appear, never editing a line an update PR edits,
 * declines remembered per reference, closed when nothing is left to pin.
 */
let registry: LocalRegistry;
let app: AppUnderTest;
let host: string;
const digests: Record<string, string> = {};
const silent = pino({ level: 'silent' });
const AMD64 = { os: 'linux', architecture: 'amd64' };
const ARM64 = { os: 'linux', architecture: 'arm64', variant: 'v8' };

async function scan(repo: string): Promise<'done' | 'failed'> {
  return app.pinbot.scan(await app.probot.auth(1), 1, { owner: 'acme', repo }, silent);
}

const openPulls = (repo: string) => app.fake.listPulls('acme', repo, { state: 'open' });
const pinPull = (repo: string) => openPulls(repo).find((pull) => pull.headRef === 'pinbot/pin');
const pinned = (name: string, tag: string) => `${host}/team/${name}:${tag}@${digests[name]}`;

function markerOf(body: string | null) {
  const parsed = parseMarker(body);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.marker;
}

async function closeWithoutMerging(repo: string, number: number): Promise<void> {
  app.fake.closePull({ owner: 'acme', repo, number });
  await app.probot.receive(pullRequest(app.fake, { owner: 'acme', repo, number, action: 'closed' }) as never);
  await app.pinbot.queue.idle();
}

beforeAll(async () => {
  registry = await startRegistry({ auth: 'none' });
  host = registry.host;
  digests.node = (await pushImage(registry, 'team/node', '22', { platforms: [AMD64, ARM64], seed: 'node' })).digest;
  digests.tool = (await pushImage(registry, 'team/tool', '1', { platforms: [AMD64], seed: 'tool' })).digest;
  digests.redis = (await pushImage(registry, 'team/redis', 'latest', { platforms: [AMD64, ARM64], seed: 'redis' })).digest;
  digests.baseOld = (await pushImage(registry, 'team/base', '1', { seed: 'base-1' })).digest;
  digests.base = (await pushImage(registry, 'team/base', '1', { seed: 'base-2' })).digest;
  app = await startApp();
  app.fake.addInstallation({ id: 1, account: 'acme', repos: 'all' });
});

afterAll(async () => {
  await app?.stop();
  await registry?.stop();
});

describe('the pinning pull request', () => {
  const dockerfile = () =>
    `\uFEFFFROM ${host}/team/node:22 AS build\r\n` +
    // One line with a tag-only image and a stale pin: the update PR edits it, so the pin waits.
    `RUN --mount=type=bind,from=${host}/team/tool:1,target=/t --mount=type=bind,from=${host}/team/base:1@${digests.baseOld},target=/b make\r\n` +
    `FROM ${host}/team/base:1@${digests.baseOld}\r\n` +
    `COPY --from=build /out /app\r\n`;

  it('is off by default: a repository without `pin` gets update PRs only', async () => {
    app.fake.createRepo({ owner: 'acme', repo: 'quiet', files: { Dockerfile: dockerfile() } });
    expect(await scan('quiet')).toBe('done');
    expect(openPulls('quiet').map((pull) => pull.headRef)).toEqual(['pinbot/digests']);
  });

  it('with `pin: true`, opens one PR that pins every tag-only reference, byte for byte, beside the update PR', async () => {
    app.fake.createRepo({
      owner: 'acme',
      repo: 'api',
      files: {
        Dockerfile: dockerfile(),
        'compose.yaml': `services:\n  cache:\n    image: "${host}/team/redis" # no tag\n`,
        '.github/pinbot.yml': 'pin: true\n',
      },
    });
    expect(await scan('api')).toBe('done');
    const pull = pinPull('api');
    expect(pull).toMatchObject({ baseRef: 'main', title: 'chore(deps): pin 2 images to digests' });
    expect(
      openPulls('api')
        .map((p) => p.headRef)
        .sort(),
    ).toEqual(['pinbot/digests', 'pinbot/pin']);

    // Only the insertions differ from the base; the shared line and the stale pin are the update PR's.
    expect(app.fake.readText('acme', 'api', 'pinbot/pin', 'Dockerfile')).toBe(
      dockerfile().replace(`node:22 AS`, `node:22@${digests.node} AS`),
    );
    expect(app.fake.readText('acme', 'api', 'pinbot/pin', 'compose.yaml')).toBe(
      `services:\n  cache:\n    image: "${host}/team/redis:latest@${digests.redis}" # no tag\n`,
    );
    expect(app.fake.readText('acme', 'api', 'pinbot/digests', 'Dockerfile')).toBe(dockerfile().replaceAll(digests.baseOld!, digests.base!));

    expect(pull!.body).toContain('| File | Image | Tag | Digest |');
    expect(pull!.body).toContain('`latest` (written out)');
    expect(pull!.body).toContain('**Why pin?**');
    expect(pull!.body).toContain(digests.node);
    expect(markerOf(pull!.body).updates.map((u) => [u.file, u.line, u.tag, u.from, u.to])).toEqual([
      ['Dockerfile', 1, '22', null, digests.node],
      ['compose.yaml', 3, 'latest', null, digests.redis],
    ]);
    expect([...pull!.labels].sort()).toEqual(['dependencies', 'docker']);
    expect(app.fake.commit('acme', 'api', pull!.headSha)).toMatchObject({ authorLogin: 'pinbot[bot]', verified: true });
  });

  it('a rescan with nothing changed writes nothing', async () => {
    app.fake.resetRequestLog();
    expect(await scan('api')).toBe('done');
    expect(writes(app.fake)).toEqual([]);
  });

  it('pins the shared line once the update PR is merged, in the same pinning PR', async () => {
    const before = pinPull('api')!;
    const update = openPulls('api').find((pull) => pull.headRef === 'pinbot/digests')!;
    app.fake.mergePull({ owner: 'acme', repo: 'api', number: update.number, method: 'squash' });
    expect(await scan('api')).toBe('done');
    const after = pinPull('api')!;
    expect(after.number).toBe(before.number);
    expect(after.title).toBe('chore(deps): pin 3 images to digests');
    expect(app.fake.readText('acme', 'api', 'pinbot/pin', 'Dockerfile')).toBe(
      dockerfile()
        .replaceAll(digests.baseOld!, digests.base!)
        .replace(`node:22 AS`, `node:22@${digests.node} AS`)
        .replace(`tool:1,`, `tool:1@${digests.tool},`),
    );
    // Rebuilt on the new base (compare-and-swap), not stacked on the old branch.
    expect(app.fake.commit('acme', 'api', after.headSha)!.parents).toEqual([app.fake.branchHead('acme', 'api', 'main')]);
  });

  it('keeps the PR current as new tag-only references appear', async () => {
    const before = pinPull('api')!;
    app.fake.pushCommit({ owner: 'acme', repo: 'api', branch: 'main', files: { 'deploy/job.yaml': job(`${host}/team/tool:1`) } });
    expect(await scan('api')).toBe('done');
    const after = pinPull('api')!;
    expect(after.number).toBe(before.number);
    expect(markerOf(after.body).updates.map((u) => `${u.file}:${u.line}`)).toEqual([
      'Dockerfile:1',
      'Dockerfile:2',
      'compose.yaml:3',
      'deploy/job.yaml:8',
    ]);
    expect(app.fake.readText('acme', 'api', 'pinbot/pin', 'deploy/job.yaml')).toBe(job(pinned('tool', '1')));
  });

  it('closes the PR, with a comment, once a human pinned everything on the default branch', async () => {
    const open = pinPull('api')!;
    app.fake.pushCommit({
      owner: 'acme',
      repo: 'api',
      branch: 'main',
      files: {
        Dockerfile: dockerfile()
          .replaceAll(digests.baseOld!, digests.base!)
          .replace(`node:22 AS`, `node:22@${digests.node} AS`)
          .replace(`tool:1,`, `tool:1@${digests.tool},`),
        'compose.yaml': `services:\n  cache:\n    image: "${host}/team/redis:latest@${digests.redis}"\n`,
        'deploy/job.yaml': job(pinned('tool', '1')),
      },
    });
    expect(await scan('api')).toBe('done');
    expect(pinPull('api')).toBeUndefined();
    expect(app.fake.pull('acme', 'api', open.number).state).toBe('closed');
    expect(app.fake.comments('acme', 'api', open.number).map((comment) => comment.body)).toEqual([PIN_CLOSED_COMMENT]);
    expect(app.fake.branchHead('acme', 'api', 'pinbot/pin')).toBeUndefined();
    // Closed as done, not declined: the marker no longer lists the pins.
    expect(markerOf(app.fake.pull('acme', 'api', open.number).body).updates).toEqual([]);
  });
});

describe('declines and enablement', () => {
  it('remembers a decline per reference: closed without merging, those references are never proposed again', async () => {
    app.fake.createRepo({
      owner: 'acme',
      repo: 'web',
      files: { Dockerfile: `FROM ${host}/team/node:22\n`, '.github/pinbot.yml': 'pin: {}\n' },
    });
    await scan('web');
    const declined = pinPull('web')!;
    await closeWithoutMerging('web', declined.number);
    expect(await scan('web')).toBe('done');
    expect(openPulls('web')).toEqual([]);

    // The tag moves on: still declined, because the decline is about the reference, not the digest.
    digests.node = (await pushImage(registry, 'team/node', '22', { platforms: [AMD64, ARM64], seed: 'node-2' })).digest;
    expect(await scan('web')).toBe('done');
    expect(openPulls('web')).toEqual([]);

    // A new reference is proposed, alone.
    app.fake.pushCommit({
      owner: 'acme',
      repo: 'web',
      branch: 'main',
      files: { 'compose.yaml': `services:\n  t:\n    image: ${host}/team/tool:1\n` },
    });
    expect(await scan('web')).toBe('done');
    const fresh = pinPull('web')!;
    expect(fresh.number).not.toBe(declined.number);
    expect(markerOf(fresh.body).updates.map((u) => u.file)).toEqual(['compose.yaml']);
    expect(fresh.title).toBe(`chore(deps): pin ${host}/team/tool:1 to digest ${digests.tool!.slice(7, 14)}`);
  });

  it('is turned on for every repository of an owner by its `.github` repository, and honours pin.ignore', async () => {
    app.fake.createRepo({
      owner: 'acme',
      repo: '.github',
      files: { '.github/pinbot.yml': `pin:\n  ignore: ["${host}/team/redis"]\n` },
    });
    app.fake.createRepo({
      owner: 'acme',
      repo: 'svc',
      files: { 'compose.yaml': `services:\n  a:\n    image: ${host}/team/tool:1\n  b:\n    image: ${host}/team/redis\n` },
    });
    expect(await scan('svc')).toBe('done');
    const pull = pinPull('svc')!;
    expect(markerOf(pull.body).updates.map((u) => u.image)).toEqual([`${host}/team/tool`]);
    expect(app.fake.readText('acme', 'svc', 'pinbot/pin', 'compose.yaml')).toBe(
      `services:\n  a:\n    image: ${pinned('tool', '1')}\n  b:\n    image: ${host}/team/redis\n`,
    );
  });

  it('closes an open pinning PR when pinning is turned off', async () => {
    const open = pinPull('svc')!;
    app.fake.pushCommit({ owner: 'acme', repo: 'svc', branch: 'main', files: { '.github/pinbot.yml': 'pin: false\n' } });
    expect(await scan('svc')).toBe('done');
    expect(pinPull('svc')).toBeUndefined();
    expect(app.fake.comments('acme', 'svc', open.number).map((comment) => comment.body)).toEqual([PIN_DISABLED_COMMENT]);
  });

  it('holds the pinning PR as it is while its registry is down, never shrinking or closing it', async () => {
    app.fake.createRepo({
      owner: 'acme',
      repo: 'down',
      files: { Dockerfile: `FROM ${host}/team/tool:1\n`, '.github/pinbot.yml': 'pin: true\n' },
    });
    await scan('down');
    const before = pinPull('down')!;
    app.registryDown = true;
    try {
      app.fake.resetRequestLog();
      expect(await scan('down')).toBe('done');
      expect(writes(app.fake)).toEqual([]);
      expect(pinPull('down')).toMatchObject({ number: before.number, headSha: before.headSha });
    } finally {
      app.registryDown = false;
    }
  });
});

describe('a human on the pinning branch', () => {
  it('never overwrites their commit, says so once, and leaves the PR to them', async () => {
    app.fake.createRepo({
      owner: 'acme',
      repo: 'human',
      files: { Dockerfile: `FROM ${host}/team/tool:1\n`, '.github/pinbot.yml': 'pin: true\n' },
    });
    await scan('human');
    const opened = pinPull('human')!;
    const human = app.fake.pushCommit({ owner: 'acme', repo: 'human', branch: 'pinbot/pin', files: { 'NOTES.md': 'reviewed\n' } });
    app.fake.pushCommit({ owner: 'acme', repo: 'human', branch: 'main', files: { Containerfile: `FROM ${host}/team/node:22\n` } });
    await scan('human');
    await scan('human');
    expect(app.fake.branchHead('acme', 'human', 'pinbot/pin')).toBe(human.sha);
    expect(app.fake.comments('acme', 'human', opened.number)).toHaveLength(1);
    expect(openPulls('human').map((pull) => pull.number)).toEqual([opened.number]);
  });
});

function job(image: string): string {
  return `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  template:\n    spec:\n      containers: [{name: m, image: ${image}}]\n`;
}
