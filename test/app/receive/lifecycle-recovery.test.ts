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
import { HEAD, HUMAN_HEAD, marker, NEW_COMMIT, nodeUpdate, PR_HEAD, repoWithNode } from './fixtures.js';
import { push, REPO_NODE_ID } from './payloads.js';
import { asInstallation, failures, mockInstallationToken, outcomeOf, startApp, useStrictNock, type TestApp } from './support.js';
import { Writes } from './writes.js';

/**
 * Runs that stopped halfway (GitHub answered 5xx after the branch moved but before the PR said
 * so) leave the app's own commit where the marker names another. The next run must recognise
 * its own signed commit and finish the job, not mistake it for a human's and give up.
 */
useStrictNock();

const PULL = `${BASE}/pulls/12`;
/** The commit the failed run wrote: on the branch, but not in the marker. */
const ORPHAN = sha('pinbot commit written by a run that failed');

function deliverPush(app: TestApp): Promise<void> {
  return app.receive(push({ branch: 'main', before: sha('before'), after: HEAD }));
}

describe('a run that stopped halfway', () => {
  it('after moving the branch: the app’s signed commit is recognised, the PR rebuilt from it, no human-commit comment', async () => {
    const app = await startApp();
    const [v1, v2, v3] = [app.registry.digest('node', 'v1'), app.registry.digest('node', 'v2'), app.registry.digest('node', 'v3')];
    app.registry.point('node', 'v3');
    mockInstallationToken();
    mockRepositoryRead(repoWithNode(v1));
    mockOpenPulls([{ number: 12, branch: 'pinbot/digests', headSha: ORPHAN, marker: marker([nodeUpdate(v1, v2)]) }]);
    mockCommitAuthorship(ORPHAN, 'app');
    mockCommitAuthorship(PR_HEAD, 'app');
    mockClosedPulls('pinbot/digests', []);
    mockClosedPulls('pinbot/node-22-slim', []);
    const writes = new Writes()
      .commit({ commitSha: NEW_COMMIT })
      .updateRefs()
      .expect('PATCH', PULL, 200, (body) => ({ number: 12, ...body }));

    await deliverPush(app);

    expect(failures(app)).toEqual([]);
    expect(writes.summary).toEqual([`POST ${BASE}/git/trees`, `POST ${BASE}/git/commits`, 'POST /graphql', `PATCH ${PULL}`]);
    expect(writes.body('POST', `${BASE}/git/commits`)).toMatchObject({ parents: [HEAD] });
    // Swapped only from the head it found, which the app wrote.
    expect(writes.body('POST', '/graphql')).toMatchObject({
      variables: {
        input: {
          repositoryId: REPO_NODE_ID,
          refUpdates: [{ name: 'refs/heads/pinbot/digests', beforeOid: ORPHAN, afterOid: NEW_COMMIT, force: true }],
        },
      },
    });
    expect(parseMarker(String(writes.body('PATCH', PULL).body))).toEqual({
      ok: true,
      marker: marker([nodeUpdate(v1, v3)], { headSha: NEW_COMMIT }),
    });
    expect(outcomeOf(app)).toMatchObject({ decisions: ['rebuild'] });
  });

  it('a commit that only borrows the bot’s name, unsigned, is a human’s', async () => {
    const app = await startApp();
    const [v1, v2] = [app.registry.digest('node', 'v1'), app.registry.digest('node', 'v2')];
    app.registry.point('node', 'v2');
    mockInstallationToken();
    mockRepositoryRead(repoWithNode(v1));
    mockOpenPulls([{ number: 12, branch: 'pinbot/digests', headSha: HUMAN_HEAD, marker: marker([nodeUpdate(v1, v2)]) }]);
    mockCommitAuthorship(PR_HEAD, 'app');
    asInstallation()
      .get(`${BASE}/git/commits/${HUMAN_HEAD}`)
      .reply(200, {
        sha: HUMAN_HEAD,
        author: { name: 'pinbot[bot]', email: '41898282+pinbot[bot]@users.noreply.github.com', date: '2025-06-02T09:30:00Z' },
        committer: { name: 'GitHub', email: 'noreply@github.com', date: '2025-06-02T09:30:00Z' },
        message: 'fixup',
        tree: { sha: sha('tree') },
        parents: [],
        verification: { verified: false, reason: 'unsigned', signature: null, payload: null },
      });
    const writes = new Writes()
      .expect('POST', `${BASE}/issues/12/comments`, 201, (body) => ({ id: 78, ...body }))
      .expect('PATCH', PULL, 200, (body) => ({ number: 12, ...body }));

    await deliverPush(app);

    expect(failures(app)).toEqual([]);
    expect(writes.body('POST', `${BASE}/issues/12/comments`)).toEqual({ body: HUMAN_COMMIT_COMMENT });
    expect(outcomeOf(app)).toMatchObject({ decisions: ['human-owned'] });
  });

  it('after creating the branch but before opening the PR: the branch is taken back and the PR opened', async () => {
    const app = await startApp();
    const [v1, v2] = [app.registry.digest('node', 'v1'), app.registry.digest('node', 'v2')];
    app.registry.point('node', 'v2');
    mockInstallationToken();
    mockRepositoryRead(repoWithNode(v1));
    mockOpenPulls([]);
    mockClosedPulls('pinbot/digests', []);
    mockClosedPulls('pinbot/node-22-slim', []);
    const writes = new Writes()
      .commit({ commitSha: NEW_COMMIT })
      .expect('POST', `${BASE}/git/refs`, 422, () => ({ message: 'Reference already exists', status: '422' }))
      .updateRefs()
      .openPull({ number: 15 });
    // The branch holds the failed run's commit; no PR, open or closed, names it.
    mockBranchHead('pinbot/digests', ORPHAN);
    mockClosedPulls('pinbot/digests', []);
    mockCommitAuthorship(ORPHAN, 'app');
    mockCommitAuthorship(NEW_COMMIT, 'app');

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
      variables: { input: { refUpdates: [{ beforeOid: ORPHAN, afterOid: NEW_COMMIT }] } },
    });
    expect(parseMarker(String(writes.body('POST', `${BASE}/pulls`).body))).toEqual({
      ok: true,
      marker: marker([nodeUpdate(v1, v2)], { headSha: NEW_COMMIT }),
    });
  });

  it('a branch of that name holding a human’s commit and no PR is never taken', async () => {
    const app = await startApp();
    const [v1] = [app.registry.digest('node', 'v1')];
    app.registry.point('node', 'v2');
    mockInstallationToken();
    mockRepositoryRead(repoWithNode(v1));
    mockOpenPulls([]);
    mockClosedPulls('pinbot/digests', []);
    mockClosedPulls('pinbot/node-22-slim', []);
    const writes = new Writes()
      .commit({ commitSha: NEW_COMMIT })
      .expect('POST', `${BASE}/git/refs`, 422, () => ({ message: 'Reference already exists', status: '422' }));
    mockBranchHead('pinbot/digests', HUMAN_HEAD);
    mockClosedPulls('pinbot/digests', []);
    mockCommitAuthorship(HUMAN_HEAD, 'human');
    mockCommitAuthorship(NEW_COMMIT, 'app');

    await deliverPush(app);

    expect(failures(app)).toEqual([]);
    expect(writes.summary).toEqual([`POST ${BASE}/git/trees`, `POST ${BASE}/git/commits`, `POST ${BASE}/git/refs`]);
  });

  it('a PR closed by a reviewer while the run rebuilt it keeps the text the reviewer declined', async () => {
    const app = await startApp();
    const [v1, v2] = [app.registry.digest('node', 'v1'), app.registry.digest('node', 'v2')];
    app.registry.point('node', 'v3');
    const opened = { number: 12, branch: 'pinbot/digests', headSha: PR_HEAD, marker: marker([nodeUpdate(v1, v2)]) };
    mockInstallationToken();
    mockRepositoryRead(repoWithNode(v1));
    mockOpenPulls([opened]);
    mockClosedPulls('pinbot/digests', []);
    mockClosedPulls('pinbot/node-22-slim', []);
    // GitHub's answer to the body edit says the PR is closed: the reviewer was faster.
    const writes = new Writes()
      .commit({ commitSha: NEW_COMMIT })
      .expect('PATCH', `${BASE}/git/refs/heads%2Fpinbot%2Fdigests`, 200, () => ({
        ref: 'refs/heads/pinbot/digests',
        object: { type: 'commit', sha: NEW_COMMIT },
      }))
      .expect('PATCH', PULL, 200, (body) => ({ number: 12, state: 'closed', ...body }))
      .expect('PATCH', PULL, 200, (body) => ({ number: 12, state: 'closed', ...body }));

    await deliverPush(app);

    expect(failures(app)).toEqual([]);
    const [, restored] = writes.bodies('PATCH', PULL);
    const before = listedPull(opened) as { title: string; body: string };
    expect(restored).toEqual({ title: before.title, body: before.body });
    expect(parseMarker(String(restored?.body))).toEqual({ ok: true, marker: marker([nodeUpdate(v1, v2)]) });
  });
});
