import { describe, expect, it } from '@jest/globals';
import { sha } from '../../github/support.js';
import { BASE, mockBranchHead, mockConfig, mockNoConfigAtBase } from './github-mocks.js';
import { appPullBody as nodePullBody, HUMAN_HEAD, PR_HEAD } from './fixtures.js';
import { PULL_BASE_SHA, pullRequest } from './payloads.js';
import { asInstallation, failures, mockInstallationToken, startApp, useStrictNock, type TestApp } from './support.js';
import { Writes } from './writes.js';

useStrictNock();

const REF = `${BASE}/git/refs/heads%2Fpinbot%2Fdigests`;

function appPullBody(app: TestApp): string {
  return nodePullBody(app.registry.digest('node', 'v1'), app.registry.digest('node', 'v2'));
}

function messages(app: TestApp): string[] {
  return app.logs
    .map((entry) => entry.message)
    .filter((message) => !message.startsWith('GitHub request') && message !== 'Webhook received');
}

describe('pull_request.closed', () => {
  it.each([
    ['merged', true, 'pull request merged'],
    ['declined', false, 'pull request declined'],
  ])('on an app PR (%s) deletes its branch while the head is the marker’s headSha', async (_, merged, message) => {
    const app = await startApp();
    mockInstallationToken();
    mockBranchHead('pinbot/digests', PR_HEAD);
    const writes = new Writes().expect('DELETE', REF, 204);

    await app.receive(
      pullRequest({
        action: 'closed',
        number: 12,
        branch: 'pinbot/digests',
        headSha: PR_HEAD,
        body: appPullBody(app),
        merged,
        author: 'app',
      }),
    );

    expect(writes.summary).toEqual([`DELETE ${REF}`]);
    expect(messages(app)).toContain(message);
    expect(failures(app)).toEqual([]);
  });

  it('on an app PR whose branch carries a human commit leaves the branch and makes no request', async () => {
    const app = await startApp();
    await app.receive(
      pullRequest({ action: 'closed', number: 12, branch: 'pinbot/digests', headSha: HUMAN_HEAD, body: appPullBody(app), author: 'app' }),
    );
    expect(messages(app)).toEqual(['pull request declined']);
  });

  it('on an app PR whose branch moved after the event does not delete it', async () => {
    const app = await startApp();
    mockInstallationToken();
    mockBranchHead('pinbot/digests', HUMAN_HEAD);
    await app.receive(
      pullRequest({ action: 'closed', number: 12, branch: 'pinbot/digests', headSha: PR_HEAD, body: appPullBody(app), author: 'app' }),
    );
    expect(failures(app)).toEqual([]);
  });

  it('on a PR that is not the app’s does nothing', async () => {
    const app = await startApp();
    await app.receive(
      pullRequest({
        action: 'closed',
        number: 13,
        branch: 'feature/healthz',
        headSha: sha('feature'),
        body: 'Adds /healthz',
        merged: true,
      }),
    );
    // A `pinbot/` branch from a fork, with a copied marker, is not the app's either.
    await app.receive(
      pullRequest({ action: 'closed', number: 14, branch: 'pinbot/digests', headSha: PR_HEAD, body: appPullBody(app), fromFork: true }),
    );
    expect(messages(app)).toEqual([]);
  });
});

const CONFIG_PR = { number: 31, branch: 'tune-pinbot', headSha: sha('tune pinbot config') };

function mockPullFiles(files: Array<{ filename: string; status: string }>): void {
  asInstallation()
    .get(`${BASE}/pulls/${CONFIG_PR.number}/files`)
    .query({ per_page: '100' })
    .reply(
      200,
      files.map((file) => ({ sha: sha(file.filename), additions: 2, deletions: 1, changes: 3, ...file })),
    );
}

describe('pull_request.opened', () => {
  it('editing .github/pinbot.yml with mistakes gets a failing pinbot check with path-qualified errors', async () => {
    const app = await startApp();
    mockInstallationToken();
    mockPullFiles([
      { filename: '.github/pinbot.yml', status: 'modified' },
      { filename: 'README.md', status: 'modified' },
    ]);
    mockConfig(['group: everything', 'labels: dependencies', 'openPullRequestsLimit: -1', ''].join('\n'), CONFIG_PR.headSha);
    mockNoConfigAtBase(PULL_BASE_SHA);
    const writes = new Writes().expect('POST', `${BASE}/check-runs`, 201, () => ({ id: 4001 }));

    await app.receive(pullRequest({ action: 'opened', ...CONFIG_PR, body: 'Group pinbot PRs differently' }));

    expect(failures(app)).toEqual([]);
    expect(writes.summary).toEqual([`POST ${BASE}/check-runs`]);
    const check = writes.body('POST', `${BASE}/check-runs`);
    expect(check).toMatchObject({ name: 'pinbot', head_sha: CONFIG_PR.headSha, status: 'completed', conclusion: 'failure' });
    const output = check.output as { title: string; text: string };
    expect(output.title).toBe('Invalid pinbot configuration (3 problems)');
    expect(output.text.split('\n')).toEqual([
      '- .github/pinbot.yml:1: group: expected "repository" or "image", got string "everything"',
      '- .github/pinbot.yml:2: labels: expected a list, got string "dependencies"',
      '- .github/pinbot.yml:3: openPullRequestsLimit: must be 0 or more (0 stops the GitHub App from opening pull requests)',
    ]);
  });

  it('editing .github/pinbot.yml validly gets a successful pinbot check', async () => {
    const app = await startApp();
    mockInstallationToken();
    mockPullFiles([{ filename: '.github/pinbot.yml', status: 'added' }]);
    mockConfig(['group: image', 'labels: [dependencies]', 'schedule: ["before 6am on monday"]', ''].join('\n'), CONFIG_PR.headSha);
    mockNoConfigAtBase(PULL_BASE_SHA);
    const writes = new Writes().expect('POST', `${BASE}/check-runs`, 201, () => ({ id: 4002 }));

    await app.receive(pullRequest({ action: 'opened', ...CONFIG_PR, body: null }));

    expect(failures(app)).toEqual([]);
    const check = writes.body('POST', `${BASE}/check-runs`);
    expect(check).toMatchObject({
      name: 'pinbot',
      head_sha: CONFIG_PR.headSha,
      status: 'completed',
      conclusion: 'success',
      output: { title: 'pinbot configuration is valid' },
    });
    expect(check.output).not.toHaveProperty('text');
  });

  it('not touching the config, in a repository without a policy, reads only the files and the base’s config', async () => {
    const app = await startApp();
    mockInstallationToken();
    mockPullFiles([
      { filename: 'src/server.ts', status: 'modified' },
      { filename: '.github/pinbot.yml.example', status: 'added' },
    ]);
    mockNoConfigAtBase(PULL_BASE_SHA);

    await app.receive(pullRequest({ action: 'opened', ...CONFIG_PR, body: 'Serve /healthz' }));

    expect(messages(app)).toEqual([]);
    expect(failures(app)).toEqual([]);
  });
});
