import { describe, expect, it } from '@jest/globals';
import { CLOSED_COMMENT } from '../../src/lifecycle/apply-decisions.js';
import { blobSha } from '../helpers/github/index.js';
import { writes } from '../helpers/app-under-test.js';
import { useAppWorld } from './support/app-world.js';

/**
 * The App's fail-closed guards, end to end: what it could not read must not be taken for
 * "nothing there". A tree GitHub lists only in part closes no PR; a candidate file it cannot
 * read means no writes at all this run; with `rebaseWhen: conflicted` a PR stays on its old
 * base until GitHub says it conflicts. Each test has its own repository and image.
 */
const world = useAppWorld();
const { tag, from, scan, openPulls } = world;

describe('a tree GitHub lists only in part', () => {
  it('closes no PR, though every pin it can see is current; listed whole, the same state closes it', async () => {
    const v1 = await tag('part', 'p1');
    const v2 = await tag('part', 'p2');
    world.app.fake.createRepo({ owner: 'acme', repo: 'part', files: { Dockerfile: from('part', v1), 'README.md': '# part\n' } });
    expect(await scan('part')).toBe('done');
    const [opened] = openPulls('part');
    // The pin is fixed by hand on the default branch: the PR has nothing left to propose...
    world.app.fake.pushCommit({ owner: 'acme', repo: 'part', branch: 'main', files: { Dockerfile: from('part', v2) } });
    // ...but GitHub cuts off every listing after one entry, so more files (and pins) may exist.
    world.app.fake.setTreeEntryLimit('acme', 'part', 1);

    expect(await scan('part')).toBe('done');
    expect(openPulls('part').map((pull) => pull.number)).toEqual([opened!.number]);
    expect(world.app.fake.comments('acme', 'part', opened!.number)).toEqual([]);

    world.app.fake.setTreeEntryLimit('acme', 'part', 100_000);
    expect(await scan('part')).toBe('done');
    expect(openPulls('part')).toEqual([]);
    expect(world.app.fake.comments('acme', 'part', opened!.number).map((comment) => comment.body)).toEqual([CLOSED_COMMENT]);
  });
});

describe('a candidate file it cannot read', () => {
  it('makes no writes this run, not even for the files it could read; the next run does them all', async () => {
    const u1 = await tag('unread', 'u1');
    const u2 = await tag('unread', 'u2');
    const worker = `# worker\n${from('unread', u1)}`;
    world.app.fake.createRepo({ owner: 'acme', repo: 'unread', files: { Dockerfile: from('unread', u1), 'worker/Dockerfile': worker } });
    world.app.fake.failNext('GET', new RegExp(`/repos/acme/unread/git/blobs/${blobSha(Buffer.from(worker))}$`), 500);
    world.app.fake.resetRequestLog();

    expect(await scan('unread')).toBe('done');
    expect(world.app.fake.requestLog.some((request) => request.status === 500)).toBe(true);
    expect(writes(world.app.fake)).toEqual([]);
    expect(openPulls('unread')).toEqual([]);

    expect(await scan('unread')).toBe('done');
    expect(openPulls('unread')).toHaveLength(1);
    expect(world.app.fake.readText('acme', 'unread', 'pinbot/digests', 'Dockerfile')).toBe(from('unread', u2));
    expect(world.app.fake.readText('acme', 'unread', 'pinbot/digests', 'worker/Dockerfile')).toBe(`# worker\n${from('unread', u2)}`);
  });
});

describe('rebaseWhen: conflicted', () => {
  it('leaves the PR on its old base while the base moves elsewhere, and rebuilds it once it conflicts', async () => {
    const c1 = await tag('conflicted', 'c1');
    const c2 = await tag('conflicted', 'c2');
    world.app.fake.createRepo({
      owner: 'acme',
      repo: 'conflicted',
      files: { Dockerfile: from('conflicted', c1), 'README.md': '# conflicted\n', '.github/pinbot.yml': 'rebaseWhen: conflicted\n' },
    });
    expect(await scan('conflicted')).toBe('done');
    const [opened] = openPulls('conflicted');

    // The base moves without touching the PR's files: no conflict, so no rebuild (base-moved would).
    world.app.fake.pushCommit({ owner: 'acme', repo: 'conflicted', branch: 'main', files: { 'README.md': '# conflicted\n\nmore\n' } });
    world.app.fake.resetRequestLog();
    expect(await scan('conflicted')).toBe('done');
    expect(writes(world.app.fake)).toEqual([]);
    expect(world.app.fake.branchHead('acme', 'conflicted', 'pinbot/digests')).toBe(opened!.headSha);

    // The base edits the Dockerfile too: GitHub reports the PR dirty, and it is rebuilt on the new base.
    const edited = `# the base image\n${from('conflicted', c1)}`;
    const conflicting = world.app.fake.pushCommit({ owner: 'acme', repo: 'conflicted', branch: 'main', files: { Dockerfile: edited } });
    expect(await scan('conflicted')).toBe('done');
    const [pull, ...others] = openPulls('conflicted');
    expect(others).toEqual([]);
    expect(pull!.number).toBe(opened!.number);
    expect(world.app.fake.commit('acme', 'conflicted', pull!.headSha)!.parents).toEqual([conflicting.sha]);
    expect(world.app.fake.readText('acme', 'conflicted', 'pinbot/digests', 'Dockerfile')).toBe(
      `# the base image\n${from('conflicted', c2)}`,
    );
  });
});

describe('a candidate file it cannot scan', () => {
  it('leaves a PR that changes the file exactly as it is, and names the file in the pinbot check; scanned again, the PR moves on', async () => {
    const s1 = await tag('unscanned', 's1');
    const s2 = await tag('unscanned', 's2');
    const compose = (digest: string) => `services:\n  web:\n    image: ${world.registry.host}/t/unscanned:1@${digest}\n`;
    world.app.fake.createRepo({
      owner: 'acme',
      repo: 'unscanned',
      files: { Dockerfile: from('unscanned', s1), 'compose.yaml': compose(s1) },
    });
    expect(await scan('unscanned')).toBe('done');
    const [opened] = openPulls('unscanned');
    expect(opened).toBeDefined();
    expect(world.app.fake.readText('acme', 'unscanned', opened!.headRef, 'compose.yaml')).toBe(compose(s2));

    // The base moves and compose.yaml breaks: its pin is still there, but no scanner can see it.
    const broken = `${compose(s1)}  db: [\n`;
    const moved = world.app.fake.pushCommit({ owner: 'acme', repo: 'unscanned', branch: 'main', files: { 'compose.yaml': broken } });
    expect(await scan('unscanned')).toBe('done');
    // Not rebuilt onto the new base without the compose change, not closed: left as it was.
    const [held] = openPulls('unscanned');
    expect(held).toMatchObject({ number: opened!.number, headSha: opened!.headSha });
    const [check] = world.app.fake.checkRuns('acme', 'unscanned', { headSha: moved.sha, name: 'pinbot' });
    expect(check?.output.summary).toContain('Not scanned: `compose.yaml`');

    world.app.fake.pushCommit({ owner: 'acme', repo: 'unscanned', branch: 'main', files: { 'compose.yaml': compose(s1) } });
    expect(await scan('unscanned')).toBe('done');
    const [rebuilt] = openPulls('unscanned');
    expect(rebuilt?.number).toBe(opened!.number);
    expect(rebuilt?.headSha).not.toBe(opened!.headSha);
    expect(world.app.fake.readText('acme', 'unscanned', rebuilt!.headRef, 'compose.yaml')).toBe(compose(s2));
  });
});
