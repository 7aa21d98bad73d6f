import { describe, expect, it } from '@jest/globals';
import { parseMarker } from '../../../src/pr/marker.js';
import { sha } from '../../github/support.js';
import { BASE, mockClosedPulls, mockOpenPulls, mockRepositoryRead } from './github-mocks.js';
import {
  compose,
  dockerfile,
  HEAD,
  marker,
  NEW_COMMIT,
  nodeUpdate,
  postgresUpdate,
  PR_HEAD,
  repoWithNode,
  TREE,
  UNSCANNED,
  workflow,
} from './fixtures.js';
import { push } from './payloads.js';
import {
  asInstallation,
  failures,
  mockInstallationPermissions,
  mockInstallationToken,
  outcomeOf,
  startApp,
  useStrictNock,
  type TestApp,
} from './support.js';
import { Writes } from './writes.js';

useStrictNock();

const CHECK_RUNS = `${BASE}/check-runs`;

function deliverPush(app: TestApp): Promise<void> {
  return app.receive(push({ branch: 'main', before: sha('before'), after: HEAD }));
}

function createsRef(writes: Writes): Writes {
  return writes.expect('POST', `${BASE}/git/refs`, 201, (body) => ({ ref: body.ref, object: { type: 'commit', sha: body.sha } }));
}

describe('guards against writing', () => {
  it('an invalid config: a failing pinbot check on the head commit, and no writes', async () => {
    const app = await startApp();
    app.registry.point('node', 'v2');
    mockInstallationToken();
    asInstallation()
      .get(`${BASE}/git/ref/heads%2Fmain`)
      .reply(200, { ref: 'refs/heads/main', object: { type: 'commit', sha: HEAD } });
    asInstallation()
      .get(`${BASE}/git/commits/${HEAD}`)
      .reply(200, { sha: HEAD, tree: { sha: TREE } });
    asInstallation()
      .get(`${BASE}/contents/.github%2Fpinbot.yml`)
      .reply(200, 'labels: [dependencies]\nlables: [docker]\n', { 'content-type': 'application/vnd.github.raw+json; charset=utf-8' });
    const writes = new Writes().expect('POST', CHECK_RUNS, 201, () => ({ id: 4003 }));

    await deliverPush(app);

    expect(failures(app)).toEqual([]);
    expect(writes.summary).toEqual([`POST ${CHECK_RUNS}`]);
    expect(writes.body('POST', CHECK_RUNS)).toMatchObject({
      name: 'pinbot',
      head_sha: HEAD,
      conclusion: 'failure',
      output: {
        title: 'Invalid pinbot configuration (1 problem)',
        text: '- .github/pinbot.yml:2: unknown key "lables" (did you mean "labels"?)',
      },
    });
    expect(outcomeOf(app)).toMatchObject({ kind: 'invalid-config' });
  });

  it('a registry outage: the open PR proposing that image is held as it is, and nothing is written', async () => {
    const app = await startApp();
    const [v1, v2] = [app.registry.digest('node', 'v1'), app.registry.digest('node', 'v2')];
    app.registry.outage('node');
    mockInstallationToken();
    mockRepositoryRead(repoWithNode(v1));
    mockOpenPulls([{ number: 12, branch: 'pinbot/digests', headSha: PR_HEAD, marker: marker([nodeUpdate(v1, v2)]) }]);

    await deliverPush(app);

    expect(failures(app)).toEqual([]);
    // Not closed as "everything current", not shrunk: held until the registry answers again.
    expect(outcomeOf(app)).toMatchObject({ kind: 'scanned', stale: 0, decisions: ['held'] });
  });

  it('logs a registry’s error text with its terminal escapes shown, not sent (issue 8, finding 11)', async () => {
    const app = await startApp();
    app.registry.outage('node', 'down\u001b]0;pwned\u0007\u001b[2J');
    mockInstallationToken();
    mockRepositoryRead(repoWithNode(app.registry.digest('node', 'v1')));
    mockOpenPulls([]);

    await deliverPush(app);

    const logged = app.logs.find((entry) => entry.message === 'some pins could not be resolved');
    expect(logged?.fields.failures).toEqual([
      expect.objectContaining({ error: expect.stringMatching(/answered 503 down\\u001b\]0;pwned\\u0007\\u001b\[2J$/) }),
    ]);
    // No field of any log line carries a raw control character.
    const strings = (value: unknown): string[] =>
      typeof value === 'string' ? [value] : typeof value === 'object' && value !== null ? Object.values(value).flatMap(strings) : [];
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(app.logs.flatMap((entry) => strings(entry.fields)).filter((text) => /[\u0000-\u001f\u007f-\u009f]/.test(text))).toEqual([]);
  });

  it('one registry down stops nothing else: the other image still gets its PR', async () => {
    const app = await startApp();
    const [p1, p2] = [app.registry.digest('postgres', 'v1'), app.registry.digest('postgres', 'v2')];
    app.registry.outage('node');
    app.registry.point('postgres', 'v2');
    mockInstallationToken();
    mockRepositoryRead(
      repoWithNode(app.registry.digest('node', 'v1'), {
        scanned: { Dockerfile: dockerfile(app.registry.digest('node', 'v1')), 'compose.yaml': compose(p1) },
      }),
    );
    mockOpenPulls([]);
    mockClosedPulls('pinbot/digests', []);
    // A decline is remembered on whichever branch it was made: the image's own branch too.
    mockClosedPulls('pinbot/postgres-16', []);
    const writes = createsRef(new Writes().commit({ commitSha: NEW_COMMIT })).openPull({
      number: 13,
    });

    await deliverPush(app);

    expect(failures(app)).toEqual([]);
    expect(writes.body('POST', `${BASE}/git/trees`).tree).toEqual([expect.objectContaining({ path: 'compose.yaml' })]);
    expect(parseMarker(String(writes.body('POST', `${BASE}/pulls`).body))).toMatchObject({
      ok: true,
      marker: { updates: [postgresUpdate(p1, p2)] },
    });
  });

  it('a PR list that cannot be read: the run stops, so no duplicate PR is opened', async () => {
    const app = await startApp();
    app.registry.point('node', 'v2');
    mockInstallationToken();
    mockRepositoryRead(repoWithNode(app.registry.digest('node', 'v1')));
    asInstallation().get(`${BASE}/pulls`).query({ state: 'open', per_page: '100' }).reply(502, { message: 'Server Error' });

    await deliverPush(app);

    expect(outcomeOf(app)).toEqual({ kind: 'failed', error: 'GET /repos/acme/api/pulls?state=open: 502 Server Error' });
  });

  it('a workflow file without the workflows permission: left out, said so in the PR body and the check', async () => {
    const app = await startApp();
    const [v1, v2] = [app.registry.digest('node', 'v1'), app.registry.digest('node', 'v2')];
    app.registry.point('node', 'v2');
    mockInstallationToken();
    mockRepositoryRead(repoWithNode(v1, { scanned: { Dockerfile: dockerfile(v1), '.github/workflows/ci.yml': workflow(v1) } }));
    mockOpenPulls([]);
    mockInstallationPermissions({ checks: 'write', contents: 'write', metadata: 'read', pull_requests: 'write' });
    mockClosedPulls('pinbot/digests', []);
    mockClosedPulls('pinbot/node-22-slim', []);
    const writes = createsRef(new Writes().commit({ commitSha: NEW_COMMIT }))
      .openPull({ number: 12 })
      .expect('POST', CHECK_RUNS, 201, () => ({ id: 4004 }));

    await deliverPush(app);

    expect(failures(app)).toEqual([]);
    expect(writes.body('POST', `${BASE}/git/trees`).tree).toEqual([expect.objectContaining({ path: 'Dockerfile' })]);
    const body = String(writes.body('POST', `${BASE}/pulls`).body);
    expect(body).toContain('.github/workflows/ci.yml');
    expect(body).toContain('`workflows` permission');
    expect(parseMarker(body)).toMatchObject({
      ok: true,
      marker: { updates: [nodeUpdate(v1, v2)], omittedWorkflowFiles: ['.github/workflows/ci.yml'] },
    });
    expect(writes.body('POST', CHECK_RUNS)).toMatchObject({
      head_sha: HEAD,
      conclusion: 'success',
      output: { summary: expect.stringContaining('- Left out for lack of the `workflows` permission: .github/workflows/ci.yml') },
    });
  });

  it('a workflow file with the workflows permission is updated with the rest', async () => {
    const app = await startApp();
    const v1 = app.registry.digest('node', 'v1');
    app.registry.point('node', 'v2');
    mockInstallationToken();
    mockRepositoryRead(repoWithNode(v1, { scanned: { Dockerfile: dockerfile(v1), '.github/workflows/ci.yml': workflow(v1) } }));
    mockOpenPulls([]);
    mockInstallationPermissions({ contents: 'write', pull_requests: 'write', workflows: 'write' });
    mockClosedPulls('pinbot/digests', []);
    mockClosedPulls('pinbot/node-22-slim', []);
    const writes = createsRef(new Writes().commit({ commitSha: NEW_COMMIT })).openPull({
      number: 12,
    });

    await deliverPush(app);

    expect(failures(app)).toEqual([]);
    expect((writes.body('POST', `${BASE}/git/trees`).tree as Array<{ path: string }>).map((entry) => entry.path)).toEqual([
      '.github/workflows/ci.yml',
      'Dockerfile',
    ]);
    expect(String(writes.body('POST', `${BASE}/pulls`).body)).not.toContain('permission');
  });

  it('the open PR limit: with one PR allowed, only the first group is opened', async () => {
    const app = await startApp();
    const [node, postgres] = [app.registry.digest('node', 'v1'), app.registry.digest('postgres', 'v1')];
    app.registry.point('node', 'v2');
    app.registry.point('postgres', 'v2');
    mockInstallationToken();
    mockRepositoryRead({
      headSha: HEAD,
      treeSha: TREE,
      scanned: { Dockerfile: dockerfile(node), 'compose.yaml': compose(postgres) },
      unscanned: UNSCANNED,
      config: 'group: image\nopenPullRequestsLimit: 1\n',
    });
    mockOpenPulls([]);
    mockClosedPulls('pinbot/node-22-slim', []);
    mockClosedPulls('pinbot/postgres-16', []);
    // Declines made while the repository was grouped in one PR count too (asked once for both).
    mockClosedPulls('pinbot/digests', []);
    const writes = createsRef(new Writes().commit({ commitSha: NEW_COMMIT })).openPull({
      number: 12,
    });

    await deliverPush(app);

    expect(failures(app)).toEqual([]);
    expect(writes.bodies('POST', `${BASE}/pulls`)).toEqual([expect.objectContaining({ head: 'pinbot/node-22-slim' })]);
    expect(outcomeOf(app)).toEqual({ kind: 'scanned', references: 2, stale: 2, decisions: ['create', 'deferred'] });
  });
});
