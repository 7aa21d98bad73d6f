import { describe, expect, it } from '@jest/globals';
import { parseMarker } from '../../../src/pr/marker.js';
import { sha } from '../../github/support.js';
import { BASE, mockOpenPulls, mockClosedPulls, mockRepositoryRead } from './github-mocks.js';
import { dockerfile, HEAD, NEW_COMMIT, nodeUpdate, repoWithNode, TREE } from './fixtures.js';
import { push, ZERO_SHA } from './payloads.js';
import { failures, mockInstallationToken, outcomeOf, startApp, useStrictNock } from './support.js';
import { Writes } from './writes.js';

useStrictNock();

const BEFORE = sha('main before the push');

describe('push', () => {
  it('to the default branch scans it and opens a PR for a stale pin', async () => {
    const app = await startApp();
    const v1 = app.registry.digest('node', 'v1');
    const v2 = app.registry.digest('node', 'v2');
    app.registry.point('node', 'v2');
    mockInstallationToken();
    mockRepositoryRead(repoWithNode(v1));
    mockOpenPulls([]);
    mockClosedPulls('pinbot/digests', []);
    mockClosedPulls('pinbot/node-22-slim', []);
    const writes = new Writes()
      .commit({ commitSha: NEW_COMMIT })
      .expect('POST', `${BASE}/git/refs`, 201, (body) => ({ ref: body.ref, object: { type: 'commit', sha: body.sha } }))
      .openPull({ number: 12 });

    await app.receive(push({ branch: 'main', before: BEFORE, after: HEAD }));

    expect(failures(app)).toEqual([]);
    expect(writes.summary).toEqual([
      `POST ${BASE}/git/trees`,
      `POST ${BASE}/git/commits`,
      `POST ${BASE}/git/refs`,
      `POST ${BASE}/pulls`,
      `POST ${BASE}/issues/12/labels`,
    ]);
    // The content goes inline in the tree: GitHub writes the blob itself (issue 13).
    const tree = writes.body('POST', `${BASE}/git/trees`);
    expect(tree).toEqual({
      base_tree: TREE,
      tree: [{ path: 'Dockerfile', mode: '100644', type: 'blob', content: dockerfile(v2) }],
    });
    // No author or committer: GitHub then signs the commit as the app (verified).
    expect(writes.body('POST', `${BASE}/git/commits`)).toEqual({
      message: expect.stringMatching(/^chore\(deps\): update node:22-slim digest to [0-9a-f]{7}\n/),
      tree: Writes.treeOf(NEW_COMMIT),
      parents: [HEAD],
    });
    expect(writes.body('POST', `${BASE}/git/refs`)).toEqual({ ref: 'refs/heads/pinbot/digests', sha: NEW_COMMIT });
    const pull = writes.body('POST', `${BASE}/pulls`);
    expect(pull).toMatchObject({
      head: 'pinbot/digests',
      base: 'main',
      title: `chore(deps): update node:22-slim digest to ${v2.slice(7, 14)}`,
    });
    const recorded = parseMarker(String(pull.body));
    expect(recorded).toEqual({
      ok: true,
      marker: {
        version: 1,
        branch: 'pinbot/digests',
        baseSha: HEAD,
        headSha: NEW_COMMIT,
        updates: [nodeUpdate(v1, v2)],
        omittedWorkflowFiles: [],
        humanCommitNotified: null,
      },
    });
    expect(writes.body('POST', `${BASE}/issues/12/labels`)).toEqual({ labels: ['dependencies', 'docker'] });
    expect(outcomeOf(app)).toEqual({ kind: 'scanned', references: 1, stale: 1, decisions: ['create'] });
  });

  it('to another branch makes no request at all', async () => {
    const app = await startApp();
    await app.receive(push({ branch: 'feature/healthz', before: BEFORE, after: HEAD }));
    expect(app.outcomes).toEqual([]);
    expect(failures(app)).toEqual([]);
  });

  it('deleting the default branch makes no request at all', async () => {
    const app = await startApp();
    await app.receive(push({ branch: 'main', before: BEFORE, after: ZERO_SHA }));
    expect(app.outcomes).toEqual([]);
  });

  it('redelivered (same delivery id) does the work once', async () => {
    const app = await startApp();
    const v1 = app.registry.digest('node', 'v1');
    mockInstallationToken();
    mockRepositoryRead(repoWithNode(v1));
    mockOpenPulls([]);
    const delivery = push({ branch: 'main', before: BEFORE, after: HEAD });

    await app.receive(delivery);
    await app.receive(delivery);

    // Every mock answers once: a second scan would have been an unmatched request.
    expect(app.outcomes).toEqual([{ repository: 'acme/api', outcome: { kind: 'scanned', references: 1, stale: 0, decisions: [] } }]);
    expect(app.logs.some((entry) => entry.message === 'redelivered webhook ignored')).toBe(true);
    expect(failures(app)).toEqual([]);
  });
});
