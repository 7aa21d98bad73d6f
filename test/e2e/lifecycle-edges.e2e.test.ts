import { describe, expect, it } from '@jest/globals';
import { HUMAN_COMMIT_COMMENT, SUPERSEDED_COMMENT } from '../../src/lifecycle/apply-decisions.js';
import { parseMarker } from '../../src/pr/marker.js';
import { pullRequest } from '../helpers/github/index.js';
import { useAppWorld } from './support/app-world.js';

/**
 * Edges of the PR lifecycle, end to end: GitHub failing halfway through a run, a reviewer
 * closing a PR a human had taken over, the grouping or the default branch changing under an
 * open PR, and a config change in the `.yaml` spelling. Each test has its own repository and
 * its own image, so tags moved in one never reach another.
 */
const world = useAppWorld();
const { tag, scan, openPulls } = world;
const dockerfile = world.from;

function markerOf(body: string | null) {
  const parsed = parseMarker(body);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.marker;
}

describe('GitHub failing halfway through a run', () => {
  it('the PR body failing to update after the branch moved: the next run resumes, no human-commit comment', async () => {
    const v1 = await tag('a', 'a1');
    await tag('a', 'a2');
    world.app.fake.createRepo({ owner: 'acme', repo: 'a', files: { Dockerfile: dockerfile('a', v1) } });
    expect(await scan('a')).toBe('done');
    const [opened] = openPulls('a');

    const v3 = await tag('a', 'a3');
    world.app.fake.failNext('PATCH', /\/repos\/acme\/a\/pulls\/\d+$/, 500);
    expect(await scan('a')).toBe('failed');
    // The branch carries the app's new commit; the PR body still names the old one.
    expect(world.app.fake.branchHead('acme', 'a', 'pinbot/digests')).not.toBe(opened!.headSha);

    expect(await scan('a')).toBe('done');
    const [pull, ...others] = openPulls('a');
    expect(others).toEqual([]);
    expect(pull!.number).toBe(opened!.number);
    expect(world.app.fake.comments('acme', 'a', pull!.number).map((comment) => comment.body)).not.toContain(HUMAN_COMMIT_COMMENT);
    expect(markerOf(pull!.body).headSha).toBe(world.app.fake.branchHead('acme', 'a', 'pinbot/digests'));
    expect(markerOf(pull!.body).updates.map((update) => update.to)).toEqual([v3]);
    expect(world.app.fake.readText('acme', 'a', 'pinbot/digests', 'Dockerfile')).toBe(dockerfile('a', v3));
  });

  it('opening the PR failing after its branch was created: the next run opens it', async () => {
    const v1 = await tag('b', 'b1');
    const v2 = await tag('b', 'b2');
    world.app.fake.createRepo({ owner: 'acme', repo: 'b', files: { Dockerfile: dockerfile('b', v1) } });
    world.app.fake.failNext('POST', /\/repos\/acme\/b\/pulls$/, 500);
    expect(await scan('b')).toBe('failed');
    expect(world.app.fake.branchHead('acme', 'b', 'pinbot/digests')).toBeDefined();
    expect(openPulls('b')).toEqual([]);

    expect(await scan('b')).toBe('done');
    const [pull, ...others] = openPulls('b');
    expect(others).toEqual([]);
    expect(pull!.headRef).toBe('pinbot/digests');
    expect(world.app.fake.readText('acme', 'b', 'pinbot/digests', 'Dockerfile')).toBe(dockerfile('b', v2));
    expect(world.app.fake.commit('acme', 'b', pull!.headSha)!.parents).toEqual([world.app.fake.branchHead('acme', 'b', 'main')]);
  });

  it('the ref swap failing after the commit was made: nothing visible changed, and the next run finishes the job', async () => {
    const v1 = await tag('c', 'c1');
    await tag('c', 'c2');
    world.app.fake.createRepo({ owner: 'acme', repo: 'c', files: { Dockerfile: dockerfile('c', v1), 'README.md': '# c\n' } });
    expect(await scan('c')).toBe('done');
    const [opened] = openPulls('c');
    const base = world.app.fake.pushCommit({ owner: 'acme', repo: 'c', branch: 'main', files: { 'README.md': '# c\n\nmore\n' } });
    world.app.fake.failNext('POST', /graphql$/, 502);
    expect(await scan('c')).toBe('failed');
    expect(world.app.fake.branchHead('acme', 'c', 'pinbot/digests')).toBe(opened!.headSha);

    expect(await scan('c')).toBe('done');
    const [pull] = openPulls('c');
    expect(world.app.fake.commit('acme', 'c', pull!.headSha)!.parents).toEqual([base.sha]);
    expect(markerOf(pull!.body).headSha).toBe(pull!.headSha);
  });
});

describe('a human on the app’s branch', () => {
  it('resumes once the branch is reset to the app’s commit', async () => {
    const v1 = await tag('d', 'd1');
    await tag('d', 'd2');
    world.app.fake.createRepo({ owner: 'acme', repo: 'd', files: { Dockerfile: dockerfile('d', v1) } });
    await scan('d');
    const [opened] = openPulls('d');
    world.app.fake.pushCommit({ owner: 'acme', repo: 'd', branch: 'pinbot/digests', files: { 'NOTES.md': 'by hand\n' } });
    const v3 = await tag('d', 'd3');
    await scan('d');
    expect(world.app.fake.readText('acme', 'd', 'pinbot/digests', 'Dockerfile')).not.toContain(v3);

    world.app.fake.setBranch({ owner: 'acme', repo: 'd', branch: 'pinbot/digests', sha: opened!.headSha });
    await scan('d');
    expect(world.app.fake.readText('acme', 'd', 'pinbot/digests', 'Dockerfile')).toBe(dockerfile('d', v3));
    expect(world.app.fake.commit('acme', 'd', world.app.fake.branchHead('acme', 'd', 'pinbot/digests')!)!.parents).toEqual([
      opened!.headSha,
    ]);
  });

  it('once the PR is closed, a newer digest comes in a fresh PR; the human commit stays in the closed PR', async () => {
    const v1 = await tag('e', 'e1');
    await tag('e', 'e2');
    world.app.fake.createRepo({ owner: 'acme', repo: 'e', files: { Dockerfile: dockerfile('e', v1) } });
    await scan('e');
    const [opened] = openPulls('e');
    const human = world.app.fake.pushCommit({ owner: 'acme', repo: 'e', branch: 'pinbot/digests', files: { 'NOTES.md': 'by hand\n' } });
    await scan('e');
    world.app.fake.closePull({ owner: 'acme', repo: 'e', number: opened!.number });
    await world.app.probot.receive(
      pullRequest(world.app.fake, { owner: 'acme', repo: 'e', number: opened!.number, action: 'closed' }) as never,
    );
    await world.app.pinbot.queue.idle();

    const v3 = await tag('e', 'e3');
    await scan('e');
    const [fresh, ...others] = openPulls('e');
    expect(others).toEqual([]);
    expect(fresh!.number).not.toBe(opened!.number);
    expect(world.app.fake.readText('acme', 'e', 'pinbot/digests', 'Dockerfile')).toBe(dockerfile('e', v3));
    expect(world.app.fake.readText('acme', 'e', 'pinbot/digests', 'NOTES.md')).toBeUndefined();
    // GitHub keeps the closed PR's head: the human's commit is not lost.
    expect(world.app.fake.pull('acme', 'e', opened!.number).headSha).toBe(human.sha);
  });

  it('after a PR is closed, a branch a human pushed to since is never taken', async () => {
    const v1 = await tag('f', 'f1');
    await tag('f', 'f2');
    world.app.fake.createRepo({ owner: 'acme', repo: 'f', files: { Dockerfile: dockerfile('f', v1) } });
    await scan('f');
    const [opened] = openPulls('f');
    world.app.fake.closePull({ owner: 'acme', repo: 'f', number: opened!.number });
    const human = world.app.fake.pushCommit({
      owner: 'acme',
      repo: 'f',
      branch: 'pinbot/digests',
      files: { 'NOTES.md': 'after the close\n' },
    });

    await tag('f', 'f3');
    await scan('f');
    expect(openPulls('f')).toEqual([]);
    expect(world.app.fake.branchHead('acme', 'f', 'pinbot/digests')).toBe(human.sha);
  });
});

describe('the grouping changes under an open or declined PR', () => {
  it('a digest declined in repository mode is not proposed again in image mode', async () => {
    const v1 = await tag('g', 'g1');
    await tag('g', 'g2');
    world.app.fake.createRepo({ owner: 'acme', repo: 'g', files: { Dockerfile: dockerfile('g', v1) } });
    await scan('g');
    const [opened] = openPulls('g');
    world.app.fake.closePull({ owner: 'acme', repo: 'g', number: opened!.number });
    await world.app.probot.receive(
      pullRequest(world.app.fake, { owner: 'acme', repo: 'g', number: opened!.number, action: 'closed' }) as never,
    );
    await world.app.pinbot.queue.idle();

    world.app.fake.pushCommit({ owner: 'acme', repo: 'g', branch: 'main', files: { '.github/pinbot.yml': 'group: image\n' } });
    expect(await scan('g')).toBe('done');
    expect(openPulls('g')).toEqual([]);
  });

  it('an open repository PR split into image PRs is closed as superseded, not as current', async () => {
    const [h1, i1] = [await tag('h', 'h1'), await tag('i', 'i1')];
    await tag('h', 'h2');
    await tag('i', 'i2');
    world.app.fake.createRepo({
      owner: 'acme',
      repo: 'h',
      files: { Dockerfile: dockerfile('h', h1), 'Dockerfile.worker': dockerfile('i', i1) },
    });
    await scan('h');
    const [opened] = openPulls('h');

    world.app.fake.pushCommit({ owner: 'acme', repo: 'h', branch: 'main', files: { '.github/pinbot.yml': 'group: image\n' } });
    await scan('h');
    expect(
      openPulls('h')
        .map((pull) => pull.headRef)
        .sort(),
    ).toHaveLength(2);
    const closing = world.app.fake.comments('acme', 'h', opened!.number).map((comment) => comment.body);
    expect(closing).toHaveLength(1);
    expect(closing[0]).not.toMatch(/current/);
    expect(closing[0]).toBe(SUPERSEDED_COMMENT);
  });
});

describe('the default branch changes', () => {
  it('the open PR is rebuilt on the new default branch and retargeted to it', async () => {
    const v1 = await tag('j', 'j1');
    const v2 = await tag('j', 'j2');
    world.app.fake.createRepo({ owner: 'acme', repo: 'j', files: { Dockerfile: dockerfile('j', v1), 'README.md': '# j\n' } });
    await scan('j');
    const [opened] = openPulls('j');
    const trunk = world.app.fake.pushCommit({
      owner: 'acme',
      repo: 'j',
      branch: 'trunk',
      from: 'main',
      files: { 'README.md': '# j on trunk\n' },
    });
    world.app.fake.setRepoFlags('acme', 'j', { defaultBranch: 'trunk' });

    expect(await scan('j')).toBe('done');
    const [pull, ...others] = openPulls('j');
    expect(others).toEqual([]);
    expect(pull!.number).toBe(opened!.number);
    expect(pull!.baseRef).toBe('trunk');
    expect(world.app.fake.commit('acme', 'j', pull!.headSha)!.parents).toEqual([trunk.sha]);
    expect(world.app.fake.readText('acme', 'j', 'pinbot/digests', 'Dockerfile')).toBe(dockerfile('j', v2));
    expect(world.app.fake.readText('acme', 'j', 'pinbot/digests', 'README.md')).toBe('# j on trunk\n');
  });
});

describe('a pull request that edits the config', () => {
  it('in the .yaml spelling gets the pinbot check for that file', async () => {
    world.app.fake.createRepo({ owner: 'acme', repo: 'k', files: { '.github/pinbot.yaml': 'labels: [deps]\n' } });
    const change = world.app.fake.pushCommit({
      owner: 'acme',
      repo: 'k',
      branch: 'config',
      from: 'main',
      files: { '.github/pinbot.yaml': 'group: everything\n' },
    });
    const number = world.app.fake.createPull({ owner: 'acme', repo: 'k', head: 'config', title: 'Change pinbot config' });
    await world.app.probot.receive(pullRequest(world.app.fake, { owner: 'acme', repo: 'k', number, action: 'opened' }) as never);
    await world.app.pinbot.queue.idle();

    const [check, ...others] = world.app.fake.checkRuns('acme', 'k', { headSha: change.sha, name: 'pinbot' });
    expect(others).toEqual([]);
    expect(check).toMatchObject({ conclusion: 'failure', output: { text: expect.stringContaining('.github/pinbot.yaml') } });
  });
});
