import { describe, expect, it } from '@jest/globals';
import { CLOSED_COMMENT } from '../../src/lifecycle/apply-decisions.js';
import { parseMarker } from '../../src/pr/marker.js';
import { DEFAULT_PERMISSIONS, pullRequest, push } from '../helpers/github/index.js';
import { useAppWorld } from './support/app-world.js';

/**
 * What happens to the app's PRs when the repository changes around them: files deleted on the
 * base, a tag moving back, a PR merged, a body edited by hand, config chains, huge trees,
 * bursts of pushes. Each test has its own repository and images.
 */
const world = useAppWorld((fake) =>
  fake.addInstallation({ id: 2, account: 'wf', repos: 'all', permissions: { ...DEFAULT_PERMISSIONS, workflows: 'write' } }),
);
const { tag, from, scan, openPulls } = world;

describe('files and tags change under an open PR', () => {
  it('a file the PR edits is deleted on the base: rebuilt without it; the last one deleted: closed as current', async () => {
    const [p1, q1] = [await tag('p', 'p1'), await tag('q', 'q1')];
    const [p2, q2] = [await tag('p', 'p2'), await tag('q', 'q2')];
    world.app.fake.createRepo({ owner: 'acme', repo: 'del', files: { Dockerfile: from('p', p1), 'worker/Dockerfile': from('q', q1) } });
    await scan('del');
    const [opened] = openPulls('del');
    expect(world.app.fake.readText('acme', 'del', 'pinbot/digests', 'worker/Dockerfile')).toBe(from('q', q2));

    const gone = world.app.fake.pushCommit({ owner: 'acme', repo: 'del', branch: 'main', deletions: ['worker/Dockerfile'] });
    await scan('del');
    const [pull] = openPulls('del');
    expect(pull!.number).toBe(opened!.number);
    expect(world.app.fake.commit('acme', 'del', pull!.headSha)!.parents).toEqual([gone.sha]);
    expect(world.app.fake.listFiles('acme', 'del', 'pinbot/digests')).toEqual(['Dockerfile']);
    expect(world.app.fake.readText('acme', 'del', 'pinbot/digests', 'Dockerfile')).toBe(from('p', p2));

    world.app.fake.pushCommit({
      owner: 'acme',
      repo: 'del',
      branch: 'main',
      deletions: ['Dockerfile'],
      files: { 'README.md': '# no images\n' },
    });
    await scan('del');
    expect(openPulls('del')).toEqual([]);
    expect(world.app.fake.comments('acme', 'del', opened!.number).map((comment) => comment.body)).toEqual([CLOSED_COMMENT]);
    expect(world.app.fake.branchHead('acme', 'del', 'pinbot/digests')).toBeUndefined();
  });

  it('a tag that moved back to the pinned digest closes the PR as current; moving on later proposes it again', async () => {
    const r1 = await tag('r', 'r1');
    await tag('r', 'r2');
    world.app.fake.createRepo({ owner: 'acme', repo: 'back', files: { Dockerfile: from('r', r1) } });
    await scan('back');
    const [opened] = openPulls('back');

    expect(await tag('r', 'r1')).toBe(r1);
    await scan('back');
    expect(openPulls('back')).toEqual([]);
    expect(world.app.fake.comments('acme', 'back', opened!.number).map((comment) => comment.body)).toEqual([CLOSED_COMMENT]);

    // Closed by pinbot, not declined by a reviewer: r2 may be proposed again.
    const r2 = await tag('r', 'r2');
    await scan('back');
    const [fresh] = openPulls('back');
    expect(fresh!.number).not.toBe(opened!.number);
    expect(world.app.fake.readText('acme', 'back', 'pinbot/digests', 'Dockerfile')).toBe(from('r', r2));
  });

  it('a merged PR is not proposed again and its branch is tidied', async () => {
    const s1 = await tag('s', 's1');
    await tag('s', 's2');
    world.app.fake.createRepo({ owner: 'acme', repo: 'merged', files: { Dockerfile: from('s', s1) } });
    await scan('merged');
    const [opened] = openPulls('merged');
    world.app.fake.mergePull({ owner: 'acme', repo: 'merged', number: opened!.number, method: 'squash' });
    await world.app.probot.receive(
      pullRequest(world.app.fake, { owner: 'acme', repo: 'merged', number: opened!.number, action: 'closed' }) as never,
    );
    await world.app.pinbot.queue.idle();
    expect(world.app.fake.branchHead('acme', 'merged', 'pinbot/digests')).toBeUndefined();

    world.app.fake.resetRequestLog();
    await scan('merged');
    expect(openPulls('merged')).toEqual([]);
    expect(world.app.fake.requestLog.filter((request) => request.method !== 'GET' && !request.path.endsWith('/access_tokens'))).toEqual([]);
  });
});

describe('a PR body edited by hand', () => {
  async function editBody(repo: string, number: number, body: string): Promise<void> {
    // No token: the fake acts as the developer `human-dev`.
    const response = await fetch(`${world.app.fake.apiUrl}/repos/acme/${repo}/pulls/${number}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ body }),
    });
    expect(response.status).toBe(200);
  }

  it('marker intact: the PR is still the app’s and is updated', async () => {
    const u1 = await tag('u', 'u1');
    await tag('u', 'u2');
    world.app.fake.createRepo({ owner: 'acme', repo: 'edited', files: { Dockerfile: from('u', u1) } });
    await scan('edited');
    const [opened] = openPulls('edited');
    await editBody('edited', opened!.number, `Looks good to me, waiting for the release.\n\n${opened!.body}`);

    const u3 = await tag('u', 'u3');
    await scan('edited');
    const [pull, ...others] = openPulls('edited');
    expect(others).toEqual([]);
    expect(world.app.fake.readText('acme', 'edited', 'pinbot/digests', 'Dockerfile')).toBe(from('u', u3));
    expect(parseMarker(pull!.body)).toMatchObject({ ok: true, marker: { headSha: pull!.headSha } });
  });

  it('marker removed: the PR is left alone and no second PR is opened', async () => {
    const w1 = await tag('w', 'w1');
    await tag('w', 'w2');
    world.app.fake.createRepo({ owner: 'acme', repo: 'unmarked', files: { Dockerfile: from('w', w1) } });
    await scan('unmarked');
    const [opened] = openPulls('unmarked');
    await editBody('unmarked', opened!.number, 'Rewritten by hand; the hidden marker is gone.');

    await tag('w', 'w3');
    world.app.fake.resetRequestLog();
    expect(await scan('unmarked')).toBe('done');
    expect(openPulls('unmarked').map((pull) => pull.number)).toEqual([opened!.number]);
    expect(world.app.fake.branchHead('acme', 'unmarked', 'pinbot/digests')).toBe(opened!.headSha);
    expect(world.app.fake.requestLog.filter((request) => request.method !== 'GET' && !request.path.endsWith('/access_tokens'))).toEqual([]);
  });
});

describe('configuration', () => {
  it('follows an _extends chain within the owner, the nearer file winning and lists replacing', async () => {
    const x1 = await tag('x', 'x1');
    await tag('x', 'x2');
    world.app.fake.createRepo({ owner: 'acme', repo: 'config-b', files: { '.github/pinbot.yml': 'group: image\nlabels: [b, c]\n' } });
    world.app.fake.createRepo({ owner: 'acme', repo: 'config-a', files: { '.github/pinbot.yml': '_extends: config-b\nlabels: [a]\n' } });
    world.app.fake.createRepo({
      owner: 'acme',
      repo: 'chained',
      files: { '.github/pinbot.yml': '_extends: config-a\n', Dockerfile: from('x', x1) },
    });
    await scan('chained');
    const [pull, ...others] = openPulls('chained');
    expect(others).toEqual([]);
    expect(pull!.headRef).not.toBe('pinbot/digests');
    expect(pull!.labels).toEqual(['a']);
  });

  it('an _extends chain that reaches another owner is an invalid config: a failing check and no PR', async () => {
    const y1 = await tag('y', 'y1');
    await tag('y', 'y2');
    world.app.fake.createRepo({ owner: 'mallory', repo: 'cfg', private: false, files: { '.github/pinbot.yml': 'labels: [pwned]\n' } });
    world.app.fake.createRepo({ owner: 'acme', repo: 'hop', files: { '.github/pinbot.yml': '_extends: mallory/cfg\n' } });
    world.app.fake.createRepo({
      owner: 'acme',
      repo: 'foreign',
      files: { '.github/pinbot.yml': '_extends: hop\n', Dockerfile: from('y', y1) },
    });
    await scan('foreign');
    expect(openPulls('foreign')).toEqual([]);
    const head = world.app.fake.branchHead('acme', 'foreign', 'main')!;
    expect(world.app.fake.checkRuns('acme', 'foreign', { headSha: head, name: 'pinbot' })[0]).toMatchObject({
      conclusion: 'failure',
      output: { text: expect.stringContaining('mallory/cfg') },
    });
  });
});

describe('workflows, trees and bursts', () => {
  it('with the workflows permission, a stale pin in a workflow is updated', async () => {
    const z1 = await tag('z', 'z1');
    const z2 = await tag('z', 'z2');
    const workflow = (digest: string) =>
      `jobs:\n  build:\n    runs-on: ubuntu-24.04\n    container: ${world.registry.host}/t/z:1@${digest}\n`;
    world.app.fake.createRepo({ owner: 'wf', repo: 'ci', files: { '.github/workflows/build.yml': workflow(z1) } });
    expect(await scan('ci', 'wf', 2)).toBe('done');
    const [pull] = openPulls('ci', 'wf');
    expect(world.app.fake.readText('wf', 'ci', 'pinbot/digests', '.github/workflows/build.yml')).toBe(workflow(z2));
    expect(pull!.body).not.toContain('permission');
  });

  it('a tree GitHub lists truncated is walked directory by directory', async () => {
    const t1 = await tag('tr', 't1');
    const t2 = await tag('tr', 't2');
    const files: Record<string, string> = { 'services/api/Dockerfile': from('tr', t1) };
    for (let i = 0; i < 30; i++) files[`docs/page-${i}.md`] = `# page ${i}\n`;
    world.app.fake.createRepo({ owner: 'acme', repo: 'big', files });
    world.app.fake.setTreeEntryLimit('acme', 'big', 20);
    world.app.fake.resetRequestLog();
    await scan('big');
    const treeReads = world.app.fake.requestLog.filter((request) => request.route === 'GET /repos/{owner}/{repo}/git/trees/{tree_sha}');
    expect(treeReads.length).toBeGreaterThan(1);
    expect(openPulls('big')).toHaveLength(1);
    expect(world.app.fake.readText('acme', 'big', 'pinbot/digests', 'services/api/Dockerfile')).toBe(from('tr', t2));
  });

  it('a burst of pushes during a scan costs at most one more scan, and one PR', async () => {
    const b1 = await tag('burst', 'b1');
    await tag('burst', 'b2');
    world.app.fake.createRepo({ owner: 'acme', repo: 'burst', files: { Dockerfile: from('burst', b1), 'README.md': '# burst\n' } });
    world.app.fake.resetRequestLog();
    for (let i = 0; i < 8; i++) {
      const change = world.app.fake.pushCommit({ owner: 'acme', repo: 'burst', branch: 'main', files: { 'README.md': `# burst ${i}\n` } });
      await world.app.probot.receive(
        push(world.app.fake, { owner: 'acme', repo: 'burst', branch: 'main', before: change.before }) as never,
      );
    }
    await world.app.pinbot.queue.idle();
    const scans = world.app.fake.requestLog.filter(
      (request) => request.method === 'GET' && request.path.endsWith('/repos/acme/burst/git/ref/heads/main'),
    );
    // The first push starts a scan; the seven that arrive while it runs fold into one more.
    expect(scans).toHaveLength(2);
    const [pull, ...others] = openPulls('burst');
    expect(others).toEqual([]);
    expect(world.app.fake.commit('acme', 'burst', pull!.headSha)!.parents).toEqual([world.app.fake.branchHead('acme', 'burst', 'main')]);
  });
});
