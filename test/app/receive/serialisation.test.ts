import { describe, expect, it } from '@jest/globals';
import { sha } from '../../github/support.js';
import { BASE, mockBranchHead, mockOpenPulls, mockRepositoryRead } from './github-mocks.js';
import { appPullBody, HEAD, PR_HEAD, repoWithNode } from './fixtures.js';
import { pullRequest, push, type Delivery } from './payloads.js';
import { failures, mockInstallationToken, startApp, useStrictNock, type TestApp } from './support.js';
import { Writes } from './writes.js';

useStrictNock();

function closedAppPull(app: TestApp): Delivery {
  const body = appPullBody(app.registry.digest('node', 'v1'), app.registry.digest('node', 'v2'));
  return pullRequest({ action: 'closed', number: 12, branch: 'pinbot/digests', headSha: PR_HEAD, body, merged: true, author: 'app' });
}

describe('per-repository serialisation', () => {
  it.each([
    ['push, then the PR closes', ['push', 'closed']],
    ['the PR closes, then a push', ['closed', 'push']],
  ])('webhooks arriving during a scan all get done (%s)', async (_, order) => {
    const app = await startApp();
    const gate = app.registry.hold();
    mockInstallationToken();
    mockRepositoryRead(repoWithNode(app.registry.digest('node', 'v1')));
    mockOpenPulls([]);
    // The second scan reads the ref, config and PR list again; commit, tree and blobs are cached.
    mockRepositoryRead(repoWithNode(app.registry.digest('node', 'v1')), { cached: true });
    mockOpenPulls([]);
    mockBranchHead('pinbot/digests', PR_HEAD);
    const writes = new Writes().expect('DELETE', `${BASE}/git/refs/heads%2Fpinbot%2Fdigests`, 204);

    await app.deliver(push({ branch: 'main', before: sha('before'), after: HEAD }));
    await gate.reached;
    for (const event of order) {
      const delivery = event === 'push' ? push({ branch: 'main', before: HEAD, after: HEAD }) : closedAppPull(app);
      await app.deliver(delivery);
    }
    gate.release();
    await app.app.queue.idle();

    expect(failures(app)).toEqual([]);
    expect(app.outcomes.map((entry) => entry.outcome.kind)).toEqual(['scanned', 'scanned']);
    expect(writes.summary).toEqual([`DELETE ${BASE}/git/refs/heads%2Fpinbot%2Fdigests`]);
  });
});
