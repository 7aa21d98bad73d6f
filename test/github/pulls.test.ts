import { describe, expect, it } from '@jest/globals';
import { GitHubError } from '../../src/github/errors.js';
import {
  closePull,
  commentOnPull,
  createPull,
  getPullMergeability,
  listClosedPullsForBranch,
  listOpenAppPulls,
  listPullFiles,
  updatePull,
} from '../../src/github/pulls.js';
import { renderMarker } from '../../src/pr/marker.js';
import type { PrMarker } from '../../src/pr/types.js';
import { github, githubError, REPO, sha, testOctokit, useStrictNock } from './support.js';

useStrictNock();

const APP = 'pinbot[bot]';

function marker(branch: string, overrides: Partial<PrMarker> = {}): PrMarker {
  return {
    version: 1,
    branch,
    baseSha: sha(`${branch}-base`),
    headSha: sha(`${branch}-head`),
    updates: [
      {
        file: 'docker/Dockerfile',
        line: 1,
        image: 'docker.io/library/node',
        displayName: 'node',
        tag: '22-slim',
        from: `sha256:${'1'.repeat(64)}`,
        to: `sha256:${'2'.repeat(64)}`,
        platform: null,
      },
    ],
    omittedWorkflowFiles: [],
    humanCommitNotified: null,
    ...overrides,
  };
}

interface PullOptions {
  readonly number: number;
  readonly branch: string;
  readonly body?: string | null;
  readonly author?: string;
  readonly headRepo?: string | null;
  readonly mergedAt?: string | null;
  readonly state?: 'open' | 'closed';
}

/** The parts of a `GET /repos/{o}/{r}/pulls` item the edge reads, shaped like GitHub's. */
function pull(options: PullOptions) {
  const headRepo = options.headRepo === undefined ? 'acme/api' : options.headRepo;
  return {
    url: `https://api.github.com/repos/acme/api/pulls/${options.number}`,
    id: 1000 + options.number,
    node_id: `PR_kwDO${options.number}`,
    number: options.number,
    state: options.state ?? 'open',
    title: `chore(deps): update node:22-slim digest to 2222222`,
    user: { login: options.author ?? APP, type: 'Bot' },
    body: options.body === undefined ? `Updates pins.\n\n${renderMarker(marker(options.branch))}` : options.body,
    merged_at: options.mergedAt ?? null,
    head: {
      label: `acme:${options.branch}`,
      ref: options.branch,
      sha: sha(`${options.branch}-head`),
      repo: headRepo === null ? null : { full_name: headRepo, name: headRepo.split('/')[1] },
    },
    base: { label: 'acme:main', ref: 'main', sha: sha('main'), repo: { full_name: 'acme/api', name: 'api' } },
  };
}

describe('listOpenAppPulls', () => {
  it('pages through open PRs and keeps only the app’s own, reporting broken markers', async () => {
    const page2 = 'https://api.github.com/repos/acme/api/pulls?state=open&per_page=100&page=2';
    github()
      .get('/repos/acme/api/pulls')
      .query({ state: 'open', per_page: '100' })
      .reply(
        200,
        [
          pull({ number: 7, branch: 'pinbot/digests' }),
          pull({ number: 8, branch: 'feature/login', author: 'octocat' }),
          // Same branch name from a fork: not ours.
          pull({ number: 9, branch: 'pinbot/node-22-slim', headRepo: 'mallory/api' }),
          // A head repository that was deleted.
          pull({ number: 10, branch: 'pinbot/redis-7', headRepo: null }),
        ],
        { link: `<${page2}>; rel="next", <${page2}>; rel="last"` },
      )
      .get('/repos/acme/api/pulls')
      .query({ state: 'open', per_page: '100', page: '2' })
      .reply(200, [
        // A human opened a PR from a pinbot-looking branch.
        pull({ number: 11, branch: 'pinbot/postgres-16', author: 'octocat' }),
        pull({ number: 12, branch: 'pinbot/node-22-slim', body: 'I edited the description and removed the marker.' }),
        // The marker was copied from another PR.
        pull({ number: 13, branch: 'pinbot/redis-7', body: renderMarker(marker('pinbot/digests')) }),
      ]);

    const result = await listOpenAppPulls(testOctokit(), REPO, APP);
    expect(result.pulls).toEqual([
      {
        number: 7,
        branch: 'pinbot/digests',
        headSha: sha('pinbot/digests-head'),
        baseRef: 'main',
        title: 'chore(deps): update node:22-slim digest to 2222222',
        body: `Updates pins.\n\n${renderMarker(marker('pinbot/digests'))}`,
        marker: marker('pinbot/digests'),
      },
    ]);
    expect(result.unreadable).toEqual([
      { number: 12, branch: 'pinbot/node-22-slim', reason: 'the body has no pinbot marker' },
      { number: 13, branch: 'pinbot/redis-7', reason: 'the pinbot marker names branch pinbot/digests, not pinbot/redis-7' },
    ]);
  });

  it('accepts any author when the app login is not known', async () => {
    github()
      .get('/repos/acme/api/pulls')
      .query(true)
      .reply(200, [pull({ number: 11, branch: 'pinbot/postgres-16', author: 'someone' })]);
    const result = await listOpenAppPulls(testOctokit(), REPO);
    expect(result.pulls.map((found) => found.number)).toEqual([11]);
  });

  it('fails closed when the list cannot be read', async () => {
    github().get('/repos/acme/api/pulls').query(true).reply(503, { message: 'Service Unavailable' });
    const failure = listOpenAppPulls(testOctokit(), REPO, APP);
    await expect(failure).rejects.toBeInstanceOf(GitHubError);
    await expect(failure).rejects.toThrow('GET /repos/acme/api/pulls?state=open: 503 Service Unavailable');
  });
});

describe('listClosedPullsForBranch', () => {
  it('asks for closed PRs of owner:branch and tells merged from declined', async () => {
    github()
      .get('/repos/acme/api/pulls')
      .query({ state: 'closed', head: 'acme:pinbot/digests', per_page: '100' })
      .reply(200, [
        pull({ number: 3, branch: 'pinbot/digests', state: 'closed', mergedAt: '2025-05-02T10:00:00Z' }),
        pull({ number: 5, branch: 'pinbot/digests', state: 'closed' }),
        pull({ number: 6, branch: 'pinbot/digests', state: 'closed', body: null }),
      ]);

    await expect(listClosedPullsForBranch(testOctokit(), REPO, 'pinbot/digests', APP)).resolves.toEqual([
      { number: 3, merged: true, headSha: sha('pinbot/digests-head'), marker: marker('pinbot/digests') },
      { number: 5, merged: false, headSha: sha('pinbot/digests-head'), marker: marker('pinbot/digests') },
    ]);
  });

  it('throws on an error', async () => {
    github().get('/repos/acme/api/pulls').query(true).reply(500, { message: 'Server Error' });
    await expect(listClosedPullsForBranch(testOctokit(), REPO, 'pinbot/digests')).rejects.toMatchObject({ status: 500 });
  });
});

describe('getPullMergeability', () => {
  it('reads mergeable and mergeable_state', async () => {
    github()
      .get('/repos/acme/api/pulls/7')
      .reply(200, { ...pull({ number: 7, branch: 'pinbot/digests' }), merged: false, mergeable: false, mergeable_state: 'dirty' });
    await expect(getPullMergeability(testOctokit(), REPO, 7)).resolves.toEqual({
      state: 'open',
      merged: false,
      headSha: sha('pinbot/digests-head'),
      mergeable: false,
      mergeableState: 'dirty',
    });
  });

  it('throws for a PR that does not exist', async () => {
    github().get('/repos/acme/api/pulls/99').reply(404, { message: 'Not Found' });
    await expect(getPullMergeability(testOctokit(), REPO, 99)).rejects.toThrow('GET /repos/acme/api/pulls/99: 404 Not Found');
  });
});

describe('createPull', () => {
  const content = { branch: 'pinbot/digests', base: 'main', title: 'chore(deps): update 3 pinned image digests', body: 'body' };

  it('opens a PR from the branch into the base', async () => {
    github()
      .post('/repos/acme/api/pulls', { head: 'pinbot/digests', base: 'main', title: content.title, body: 'body' })
      .reply(201, pull({ number: 21, branch: 'pinbot/digests' }));
    await expect(createPull(testOctokit(), REPO, content)).resolves.toEqual({ kind: 'created', number: 21, nodeId: 'PR_kwDO21' });
  });

  it('reports that a PR for the branch exists already', async () => {
    github()
      .post('/repos/acme/api/pulls')
      .reply(
        422,
        githubError('Validation Failed', [
          { resource: 'PullRequest', code: 'custom', message: 'A pull request already exists for acme:pinbot/digests.' },
        ]),
      );
    await expect(createPull(testOctokit(), REPO, content)).resolves.toEqual({ kind: 'exists' });
  });

  it('throws on any other validation failure, quoting GitHub', async () => {
    github()
      .post('/repos/acme/api/pulls')
      .reply(
        422,
        githubError('Validation Failed', [
          { resource: 'PullRequest', code: 'custom', message: 'No commits between main and pinbot/digests' },
        ]),
      );
    await expect(createPull(testOctokit(), REPO, content)).rejects.toThrow(
      'POST /repos/acme/api/pulls (pinbot/digests): 422 Validation Failed: No commits between main and pinbot/digests (PullRequest)',
    );
  });
});

describe('updatePull, commentOnPull and closePull', () => {
  it('replaces title and body', async () => {
    github()
      .patch('/repos/acme/api/pulls/7', { title: 'new title', body: 'new body' })
      .reply(200, pull({ number: 7, branch: 'pinbot/digests' }));
    await expect(updatePull(testOctokit(), REPO, 7, { title: 'new title', body: 'new body' })).resolves.toEqual({ state: 'open' });
  });

  it('retargets the PR when given a base, and says when GitHub answers that it is closed', async () => {
    github()
      .patch('/repos/acme/api/pulls/7', { title: 't', body: 'b', base: 'trunk' })
      .reply(200, pull({ number: 7, branch: 'pinbot/digests', state: 'closed' }));
    await expect(updatePull(testOctokit(), REPO, 7, { title: 't', body: 'b', base: 'trunk' })).resolves.toEqual({ state: 'closed' });
  });

  it('throws when the update is refused', async () => {
    github().patch('/repos/acme/api/pulls/7').reply(403, { message: 'Resource not accessible by integration' });
    await expect(updatePull(testOctokit(), REPO, 7, { title: 't', body: 'b' })).rejects.toThrow(
      'PATCH /repos/acme/api/pulls/7: 403 Resource not accessible by integration',
    );
  });

  it('comments on the PR', async () => {
    github().post('/repos/acme/api/issues/7/comments', { body: 'hello' }).reply(201, { id: 1, body: 'hello' });
    await commentOnPull(testOctokit(), REPO, 7, 'hello');
  });

  it('throws when the comment is refused', async () => {
    github().post('/repos/acme/api/issues/7/comments').reply(404, { message: 'Not Found' });
    await expect(commentOnPull(testOctokit(), REPO, 7, 'hello')).rejects.toThrow('POST /repos/acme/api/issues/7/comments: 404 Not Found');
  });

  it('comments first, then closes', async () => {
    const order: string[] = [];
    github()
      .post('/repos/acme/api/issues/7/comments', { body: 'All pins are current again.' })
      .reply(201, () => {
        order.push('comment');
        return { id: 1 };
      })
      .patch('/repos/acme/api/pulls/7', { state: 'closed' })
      .reply(200, () => {
        order.push('close');
        return pull({ number: 7, branch: 'pinbot/digests', state: 'closed' });
      });
    await closePull(testOctokit(), REPO, 7, 'All pins are current again.');
    expect(order).toEqual(['comment', 'close']);
  });

  it('does not close when the comment fails', async () => {
    github().post('/repos/acme/api/issues/7/comments').reply(500, { message: 'Server Error' });
    await expect(closePull(testOctokit(), REPO, 7, 'bye')).rejects.toMatchObject({ status: 500 });
  });

  it('closes without a comment', async () => {
    github()
      .patch('/repos/acme/api/pulls/7', { state: 'closed' })
      .reply(200, pull({ number: 7, branch: 'pinbot/digests', state: 'closed' }));
    await closePull(testOctokit(), REPO, 7);
  });
});

describe('listPullFiles', () => {
  it('lists the paths a PR changes, with the old path of a rename', async () => {
    github()
      .get('/repos/acme/api/pulls/7/files')
      .query({ per_page: '100' })
      .reply(200, [
        { sha: sha('f1'), filename: 'docker/Dockerfile', status: 'modified', additions: 1, deletions: 1, changes: 2 },
        {
          sha: sha('f2'),
          filename: 'deploy/app.yaml',
          previous_filename: 'k8s/app.yaml',
          status: 'renamed',
          additions: 0,
          deletions: 0,
          changes: 0,
        },
      ]);
    await expect(listPullFiles(testOctokit(), REPO, 7)).resolves.toEqual([
      { path: 'docker/Dockerfile', status: 'modified' },
      { path: 'deploy/app.yaml', status: 'renamed', previousPath: 'k8s/app.yaml' },
    ]);
  });

  it('throws on an error', async () => {
    github().get('/repos/acme/api/pulls/7/files').query(true).reply(502, 'Bad Gateway', { 'content-type': 'text/plain' });
    await expect(listPullFiles(testOctokit(), REPO, 7)).rejects.toThrow('GET /repos/acme/api/pulls/7/files: 502 Bad Gateway');
  });
});
