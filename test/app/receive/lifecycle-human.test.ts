import { describe, expect, it } from '@jest/globals';
import { HUMAN_COMMIT_COMMENT } from '../../../src/lifecycle/apply-decisions.js';
import { parseMarker } from '../../../src/pr/marker.js';
import { sha } from '../../github/support.js';
import {
  BASE,
  listedPull,
  mockBranchHead,
  mockClosedPulls,
  mockCommitAuthorship,
  mockOpenPulls,
  mockRepositoryRead,
} from './github-mocks.js';
import { HEAD, HUMAN_HEAD, marker, MOVED_HEAD, MOVED_TREE, NEW_COMMIT, nodeUpdate, PR_HEAD, repoWithNode } from './fixtures.js';
import { push } from './payloads.js';
import { failures, mockInstallationToken, outcomeOf, startApp, useStrictNock, type TestApp } from './support.js';
import { Writes } from './writes.js';

useStrictNock();

const PULL = `${BASE}/pulls/12`;

function createsRef(writes: Writes): Writes {
  return writes.expect('POST', `${BASE}/git/refs`, 201, (body) => ({ ref: body.ref, object: { type: 'commit', sha: body.sha } }));
}

function deliverPush(app: TestApp): Promise<void> {
  return app.receive(push({ branch: 'main', before: sha('before'), after: HEAD }));
}

describe('a human commit on the app’s branch', () => {
  it('is never overwritten: one comment, the marker remembers it, the next run stays silent', async () => {
    const app = await startApp();
    const [v1, v2] = [app.registry.digest('node', 'v1'), app.registry.digest('node', 'v2')];
    // Even a newer digest does not make the app touch a branch someone else committed to.
    app.registry.point('node', 'v3');
    const state = repoWithNode(v1);
    const opened = marker([nodeUpdate(v1, v2)]);
    mockInstallationToken();
    mockRepositoryRead(state);
    mockOpenPulls([{ number: 12, branch: 'pinbot/digests', headSha: HUMAN_HEAD, marker: opened }]);
    // The head is not the marker's: GitHub is asked who wrote it (someone else, unsigned).
    mockCommitAuthorship(HUMAN_HEAD, 'human');
    mockCommitAuthorship(PR_HEAD, 'app');
    mockClosedPulls('pinbot/digests', []);
    mockClosedPulls('pinbot/node-22-slim', []);
    const writes = new Writes()
      .expect('POST', `${BASE}/issues/12/comments`, 201, (body) => ({ id: 78, ...body }))
      .expect('PATCH', PULL, 200, (body) => ({ number: 12, ...body }));

    await deliverPush(app);

    expect(failures(app)).toEqual([]);
    expect(writes.summary).toEqual([`POST ${BASE}/issues/12/comments`, `PATCH ${PULL}`]);
    expect(writes.body('POST', `${BASE}/issues/12/comments`)).toEqual({ body: HUMAN_COMMIT_COMMENT });
    const edited = writes.body('PATCH', PULL) as { title: string; body: string };
    const before = listedPull({ number: 12, branch: 'pinbot/digests', headSha: HUMAN_HEAD, marker: opened }) as {
      title: string;
      body: string;
    };
    expect(edited.title).toBe(before.title);
    expect(parseMarker(edited.body)).toEqual({ ok: true, marker: { ...opened, humanCommitNotified: HUMAN_HEAD } });
    // Only the marker changed: the text reviewers read is as it was.
    expect(edited.body.replace(/<!-- pinbot:marker [^ ]+ -->/, '')).toBe(before.body.replace(/<!-- pinbot:marker [^ ]+ -->/, ''));
    expect(outcomeOf(app)).toMatchObject({ decisions: ['human-owned'] });

    // The next push: the PR body now carries the notified marker, so nothing is written.
    mockRepositoryRead(state, { cached: true });
    // Already judged a human's commit: GitHub is not asked again.
    mockOpenPulls([{ ...before, body: edited.body }]);
    mockClosedPulls('pinbot/digests', []);
    mockClosedPulls('pinbot/node-22-slim', []);
    await deliverPush(app);

    expect(failures(app)).toEqual([]);
    expect(writes.summary).toHaveLength(2);
    expect(outcomeOf(app)).toMatchObject({ decisions: ['human-owned'] });
  });
});

describe('a PR closed without merging', () => {
  it('is not proposed again', async () => {
    const app = await startApp();
    const [v1, v2] = [app.registry.digest('node', 'v1'), app.registry.digest('node', 'v2')];
    app.registry.point('node', 'v2');
    mockInstallationToken();
    mockRepositoryRead(repoWithNode(v1));
    mockOpenPulls([]);
    mockClosedPulls('pinbot/digests', [
      { number: 12, branch: 'pinbot/digests', headSha: PR_HEAD, marker: marker([nodeUpdate(v1, v2)]), merged: false },
    ]);
    mockClosedPulls('pinbot/node-22-slim', []);

    await deliverPush(app);

    expect(failures(app)).toEqual([]);
    expect(outcomeOf(app)).toEqual({ kind: 'scanned', references: 1, stale: 1, decisions: [] });
  });

  it('does not stop a newer digest for the same tag: a fresh PR from the current base', async () => {
    const app = await startApp();
    const [v1, v2, v3] = [app.registry.digest('node', 'v1'), app.registry.digest('node', 'v2'), app.registry.digest('node', 'v3')];
    app.registry.point('node', 'v3');
    mockInstallationToken();
    mockRepositoryRead(repoWithNode(v1));
    mockOpenPulls([]);
    mockClosedPulls('pinbot/digests', [
      { number: 12, branch: 'pinbot/digests', headSha: PR_HEAD, marker: marker([nodeUpdate(v1, v2)]), merged: false },
    ]);
    mockClosedPulls('pinbot/node-22-slim', []);
    const writes = new Writes()
      .commit({ commitSha: NEW_COMMIT })
      .expect('POST', `${BASE}/git/refs`, 201, (body) => ({ ref: body.ref, object: { type: 'commit', sha: body.sha } }))
      .openPull({ number: 15 });

    await deliverPush(app);

    expect(failures(app)).toEqual([]);
    expect(writes.summary).toEqual([
      `POST ${BASE}/git/trees`,
      `POST ${BASE}/git/commits`,
      `POST ${BASE}/git/refs`,
      `POST ${BASE}/pulls`,
      `POST ${BASE}/issues/15/labels`,
    ]);
    expect(writes.body('POST', `${BASE}/git/commits`)).toMatchObject({ parents: [HEAD] });
    expect(parseMarker(String(writes.body('POST', `${BASE}/pulls`).body))).toEqual({
      ok: true,
      marker: marker([nodeUpdate(v1, v3)], { headSha: NEW_COMMIT }),
    });
  });

  it('leaves a branch of its name behind; the fresh PR takes it back only from the app’s own commit', async () => {
    const app = await startApp();
    const [v1, v2] = [app.registry.digest('node', 'v1'), app.registry.digest('node', 'v2')];
    app.registry.point('node', 'v3');
    const declined = { number: 12, branch: 'pinbot/digests', headSha: PR_HEAD, marker: marker([nodeUpdate(v1, v2)]), merged: false };
    mockInstallationToken();
    mockRepositoryRead(repoWithNode(v1));
    mockOpenPulls([]);
    mockClosedPulls('pinbot/digests', [declined]);
    mockClosedPulls('pinbot/node-22-slim', []);
    const writes = new Writes()
      .commit({ commitSha: NEW_COMMIT })
      .expect('POST', `${BASE}/git/refs`, 422, () => ({ message: 'Reference already exists', status: '422' }))
      .updateRefs()
      .openPull({ number: 15 });
    // The branch still points at the declined PR's commit: the app's own, so it may be moved.
    mockBranchHead('pinbot/digests', PR_HEAD);
    mockClosedPulls('pinbot/digests', [declined]);

    await deliverPush(app);

    expect(failures(app)).toEqual([]);
    expect(writes.summary).toEqual([
      `POST ${BASE}/git/trees`,
      `POST ${BASE}/git/commits`,
      `POST ${BASE}/git/refs`,
      'POST /graphql',
      `POST ${BASE}/pulls`,
      `POST ${BASE}/issues/15/labels`,
    ]);
    expect(writes.body('POST', '/graphql')).toMatchObject({
      variables: { input: { refUpdates: [{ beforeOid: PR_HEAD, afterOid: NEW_COMMIT }] } },
    });
  });

  it('is no decline when pinbot closed it itself: the same digest is proposed again if the old pin returns', async () => {
    const app = await startApp();
    const [v1, v2] = [app.registry.digest('node', 'v1'), app.registry.digest('node', 'v2')];
    app.registry.point('node', 'v2');
    const opened = { number: 12, branch: 'pinbot/digests', headSha: PR_HEAD, marker: marker([nodeUpdate(v1, v2)]) };
    // Run 1: someone pinned v2 by hand, so pinbot closes its PR.
    mockInstallationToken();
    mockRepositoryRead({ ...repoWithNode(v2), headSha: MOVED_HEAD, treeSha: MOVED_TREE });
    mockOpenPulls([opened]);
    const closing = new Writes()
      .expect('PATCH', PULL, 200, (body) => ({ number: 12, ...body }))
      .expect('POST', `${BASE}/issues/12/comments`, 201, () => ({ id: 79 }))
      .expect('PATCH', PULL, 200, () => ({ number: 12, state: 'closed' }))
      .updateRefs();
    await app.receive(push({ branch: 'main', before: HEAD, after: MOVED_HEAD }));
    expect(outcomeOf(app)).toMatchObject({ decisions: ['close'] });
    // The closed PR as pinbot left it: the last body it wrote, else the body it opened with.
    const listed = listedPull({ ...opened, state: 'closed' });
    const edited = closing.bodies('PATCH', PULL).filter((patch) => typeof patch.body === 'string');
    const closedPull = { ...listed, body: edited.at(-1)?.body ?? listed.body };

    // Run 2: the hand edit is reverted (v1 again); the tag still points at v2.
    const revert = { headSha: sha('revert the hand edit'), treeSha: sha('tree of the revert') };
    mockRepositoryRead({ ...repoWithNode(v1), ...revert });
    mockOpenPulls([]);
    mockClosedPulls('pinbot/digests', [closedPull]);
    mockClosedPulls('pinbot/node-22-slim', []);
    const reopening = createsRef(new Writes().commit({ commitSha: NEW_COMMIT })).openPull({
      number: 16,
    });
    // The closed PR's branch was deleted when pinbot closed it.
    await app.receive(push({ branch: 'main', before: MOVED_HEAD, after: revert.headSha }));

    expect(failures(app)).toEqual([]);
    expect(parseMarker(String(reopening.body('POST', `${BASE}/pulls`).body))).toEqual({
      ok: true,
      marker: marker([nodeUpdate(v1, v2)], { baseSha: revert.headSha, headSha: NEW_COMMIT }),
    });
  });
});
