import { describe, expect, it } from '@jest/globals';
import { CLOSED_COMMENT } from '../../../src/lifecycle/apply-decisions.js';
import { parseMarker } from '../../../src/pr/marker.js';
import { sha } from '../../github/support.js';
import { BASE, mockClosedPulls, mockOpenPulls, mockRepositoryRead } from './github-mocks.js';
import {
  dockerfile,
  HEAD,
  marker,
  MOVED_HEAD,
  MOVED_TREE,
  NEW_COMMIT,
  nodeUpdate,
  PR_HEAD,
  repoWithNode,
  TREE,
  UNSCANNED,
} from './fixtures.js';
import { push, REPO_NODE_ID, ZERO_SHA } from './payloads.js';
import { failures, mockInstallationToken, outcomeOf, startApp, useStrictNock, type TestApp } from './support.js';
import { Writes } from './writes.js';

useStrictNock();

const PULL = `${BASE}/pulls/12`;
const REF = `${BASE}/git/refs/heads%2Fpinbot%2Fdigests`;

/** An app with the default branch pinning node v1 (at `head`) and PR #12 proposing v1 → v2 built on HEAD. */
async function withOpenPull(options: { tagAt: 'v2' | 'v3'; head?: string; tree?: string; pinned?: 'v1' | 'v2' }): Promise<TestApp> {
  const app = await startApp();
  const v1 = app.registry.digest('node', 'v1');
  const v2 = app.registry.digest('node', 'v2');
  app.registry.point('node', options.tagAt);
  mockInstallationToken();
  const pinned = app.registry.digest('node', options.pinned ?? 'v1');
  mockRepositoryRead({
    headSha: options.head ?? HEAD,
    treeSha: options.tree ?? TREE,
    scanned: { Dockerfile: dockerfile(pinned) },
    unscanned: UNSCANNED,
  });
  mockOpenPulls([{ number: 12, branch: 'pinbot/digests', headSha: PR_HEAD, marker: marker([nodeUpdate(v1, v2)]) }]);
  return app;
}

function deliverPush(app: TestApp, after = HEAD): Promise<void> {
  return app.receive(push({ branch: 'main', before: sha('before'), after }));
}

function refreshedMarker(writes: Writes): unknown {
  return parseMarker(String(writes.body('PATCH', PULL).body));
}

describe('lifecycle of an open app PR, driven by a push', () => {
  it('keeps a PR that proposes exactly what is stale: nothing written', async () => {
    const app = await withOpenPull({ tagAt: 'v2' });
    await deliverPush(app);
    expect(failures(app)).toEqual([]);
    expect(outcomeOf(app)).toEqual({ kind: 'scanned', references: 1, stale: 1, decisions: ['keep'] });
  });

  it('fast-forwards the branch to a newer digest while the base has not moved', async () => {
    const app = await withOpenPull({ tagAt: 'v3' });
    const [v1, v3] = [app.registry.digest('node', 'v1'), app.registry.digest('node', 'v3')];
    mockClosedPulls('pinbot/digests', []);
    mockClosedPulls('pinbot/node-22-slim', []);
    const writes = new Writes()
      .commit({ commitSha: NEW_COMMIT })
      .expect('PATCH', REF, 200, (body) => ({ ref: 'refs/heads/pinbot/digests', object: { type: 'commit', sha: body.sha } }))
      .expect('PATCH', PULL, 200, (body) => ({ number: 12, ...body }));

    await deliverPush(app);

    expect(failures(app)).toEqual([]);
    expect(writes.summary).toEqual([`POST ${BASE}/git/trees`, `POST ${BASE}/git/commits`, `PATCH ${REF}`, `PATCH ${PULL}`]);
    expect(writes.body('POST', `${BASE}/git/commits`)).toMatchObject({ parents: [PR_HEAD] });
    expect(writes.body('POST', `${BASE}/git/trees`)).toMatchObject({ base_tree: TREE });
    expect(writes.body('PATCH', REF)).toEqual({ sha: NEW_COMMIT, force: false });
    expect(writes.body('PATCH', PULL).title).toBe(`chore(deps): update node:22-slim digest to ${v3.slice(7, 14)}`);
    expect(refreshedMarker(writes)).toEqual({ ok: true, marker: marker([nodeUpdate(v1, v3)], { headSha: NEW_COMMIT }) });
    expect(outcomeOf(app)).toMatchObject({ decisions: ['fast-forward'] });
  });

  it('rebuilds the branch on a moved base, swapping the ref only from the head the app wrote', async () => {
    const app = await withOpenPull({ tagAt: 'v2', head: MOVED_HEAD, tree: MOVED_TREE });
    const [v1, v2] = [app.registry.digest('node', 'v1'), app.registry.digest('node', 'v2')];
    const writes = new Writes()
      .commit({ commitSha: NEW_COMMIT })
      .updateRefs()
      .expect('PATCH', PULL, 200, (body) => ({ number: 12, ...body }));

    await deliverPush(app, MOVED_HEAD);

    expect(failures(app)).toEqual([]);
    expect(writes.summary).toEqual([`POST ${BASE}/git/trees`, `POST ${BASE}/git/commits`, 'POST /graphql', `PATCH ${PULL}`]);
    expect(writes.body('POST', `${BASE}/git/commits`)).toMatchObject({ parents: [MOVED_HEAD] });
    expect(writes.body('POST', `${BASE}/git/trees`)).toMatchObject({ base_tree: MOVED_TREE });
    expect(writes.body('POST', '/graphql')).toEqual({
      query: expect.stringContaining('updateRefs(input: $input)'),
      variables: {
        input: {
          repositoryId: REPO_NODE_ID,
          refUpdates: [{ name: 'refs/heads/pinbot/digests', beforeOid: PR_HEAD, afterOid: NEW_COMMIT, force: true }],
        },
      },
    });
    expect(refreshedMarker(writes)).toEqual({
      ok: true,
      marker: marker([nodeUpdate(v1, v2)], { baseSha: MOVED_HEAD, headSha: NEW_COMMIT }),
    });
    expect(outcomeOf(app)).toMatchObject({ decisions: ['rebuild'] });
  });

  it('closes the PR with a comment and deletes its branch once everything is current', async () => {
    // Someone updated the Dockerfile by hand: the default branch pins v2 now.
    const app = await withOpenPull({ tagAt: 'v2', head: MOVED_HEAD, tree: MOVED_TREE, pinned: 'v2' });
    const writes = new Writes()
      .expect('PATCH', PULL, 200, (body) => ({ number: 12, ...body }))
      .expect('POST', `${BASE}/issues/12/comments`, 201, (body) => ({ id: 77, ...body }))
      .expect('PATCH', PULL, 200, () => ({ number: 12, state: 'closed' }))
      .updateRefs();

    await deliverPush(app, MOVED_HEAD);

    expect(failures(app)).toEqual([]);
    expect(writes.summary).toEqual([`PATCH ${PULL}`, `POST ${BASE}/issues/12/comments`, `PATCH ${PULL}`, 'POST /graphql']);
    const [edit, close] = writes.bodies('PATCH', PULL);
    // Closed as current, not declined: the marker no longer lists digests to withhold.
    expect(parseMarker(String(edit?.body))).toEqual({ ok: true, marker: marker([]) });
    expect(writes.body('POST', `${BASE}/issues/12/comments`)).toEqual({ body: CLOSED_COMMENT });
    expect(close).toEqual({ state: 'closed' });
    expect(writes.body('POST', '/graphql')).toMatchObject({
      variables: {
        input: {
          repositoryId: REPO_NODE_ID,
          refUpdates: [{ name: 'refs/heads/pinbot/digests', beforeOid: PR_HEAD, afterOid: ZERO_SHA, force: true }],
        },
      },
    });
    expect(outcomeOf(app)).toEqual({ kind: 'scanned', references: 1, stale: 0, decisions: ['close'] });
  });
});

describe('a repository without app PRs', () => {
  it('with every pin current writes nothing', async () => {
    const app = await startApp();
    mockInstallationToken();
    mockRepositoryRead(repoWithNode(app.registry.digest('node', 'v1')));
    mockOpenPulls([]);
    await deliverPush(app);
    expect(outcomeOf(app)).toEqual({ kind: 'scanned', references: 1, stale: 0, decisions: [] });
  });
});
