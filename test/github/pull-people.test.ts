import { describe, expect, it } from '@jest/globals';
import { addAssignees, addLabels, requestReviewers } from '../../src/github/pulls.js';
import { github, githubError, REPO, testOctokit, useStrictNock } from './support.js';

useStrictNock();

const NOT_COLLABORATOR = githubError(
  'Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the acme/api repository.',
);

function label(name: string, color = 'd73a4a') {
  return { id: name.length, node_id: `LA_${name}`, name, color, default: false, description: null };
}

describe('addLabels', () => {
  // GitHub creates a label the repository lacks as it adds it: no listing, no create call (issue 13).
  it('adds all labels in one request, without listing or creating them first', async () => {
    github()
      .post('/repos/acme/api/issues/7/labels', { labels: ['dependencies', 'docker', 'base-images'] })
      .reply(200, [label('Dependencies'), label('docker', 'ededed'), label('base-images', 'ededed')]);

    await expect(addLabels(testOctokit(), REPO, 7, ['dependencies', 'docker', 'base-images'])).resolves.toBeUndefined();
  });

  it('throws a GitHubError naming the request when GitHub refuses', async () => {
    github()
      .post('/repos/acme/api/issues/7/labels')
      .reply(422, githubError('Validation Failed', [{ resource: 'Label', code: 'invalid', field: 'name' }]));

    await expect(addLabels(testOctokit(), REPO, 7, ['docker'])).rejects.toThrow(
      'POST /repos/acme/api/issues/7/labels: 422 Validation Failed: invalid (Label.name)',
    );
  });

  it('makes no request for an empty list', async () => {
    await expect(addLabels(testOctokit(), REPO, 7, [])).resolves.toBeUndefined();
  });
});

describe('requestReviewers', () => {
  it('requests users and teams in one call, dropping an owner/ prefix from team names', async () => {
    github()
      .post('/repos/acme/api/pulls/7/requested_reviewers', { reviewers: ['octocat'], team_reviewers: ['platform', 'sre'] })
      .reply(201, { number: 7 });

    await expect(
      requestReviewers(testOctokit(), REPO, 7, { reviewers: ['octocat'], teamReviewers: ['acme/platform', 'sre'] }),
    ).resolves.toEqual({ requested: ['octocat', 'team:platform', 'team:sre'], rejected: [] });
  });

  it('tolerates a 422 and finds out name by name who was refused', async () => {
    github()
      .post('/repos/acme/api/pulls/7/requested_reviewers', { reviewers: ['octocat', 'outsider'], team_reviewers: ['platform'] })
      .reply(422, NOT_COLLABORATOR)
      .post('/repos/acme/api/pulls/7/requested_reviewers', { reviewers: ['octocat'], team_reviewers: [] })
      .reply(201, { number: 7 })
      .post('/repos/acme/api/pulls/7/requested_reviewers', { reviewers: ['outsider'], team_reviewers: [] })
      .reply(422, NOT_COLLABORATOR)
      .post('/repos/acme/api/pulls/7/requested_reviewers', { reviewers: [], team_reviewers: ['platform'] })
      .reply(201, { number: 7 });

    await expect(
      requestReviewers(testOctokit(), REPO, 7, { reviewers: ['octocat', 'outsider'], teamReviewers: ['platform'] }),
    ).resolves.toEqual({
      requested: ['octocat', 'team:platform'],
      rejected: [{ name: 'outsider', reason: NOT_COLLABORATOR.message }],
    });
  });

  it('reports a single refused reviewer without asking again', async () => {
    github().post('/repos/acme/api/pulls/7/requested_reviewers').reply(422, NOT_COLLABORATOR);
    await expect(requestReviewers(testOctokit(), REPO, 7, { reviewers: ['outsider'], teamReviewers: [] })).resolves.toEqual({
      requested: [],
      rejected: [{ name: 'outsider', reason: NOT_COLLABORATOR.message }],
    });
  });

  it('throws on errors other than 422', async () => {
    github().post('/repos/acme/api/pulls/7/requested_reviewers').reply(500, { message: 'Server Error' });
    await expect(requestReviewers(testOctokit(), REPO, 7, { reviewers: ['octocat'], teamReviewers: [] })).rejects.toThrow(
      'POST /repos/acme/api/pulls/7/requested_reviewers: 500 Server Error',
    );
  });

  it('makes no request when nobody is configured', async () => {
    await expect(requestReviewers(testOctokit(), REPO, 7, { reviewers: [], teamReviewers: [] })).resolves.toEqual({
      requested: [],
      rejected: [],
    });
  });
});

describe('addAssignees', () => {
  it('assigns and reports the logins GitHub silently left out', async () => {
    github()
      .post('/repos/acme/api/issues/7/assignees', { assignees: ['Octocat', 'stranger'] })
      .reply(201, { number: 7, assignees: [{ login: 'octocat' }] });

    await expect(addAssignees(testOctokit(), REPO, 7, ['Octocat', 'stranger'])).resolves.toEqual({
      assigned: ['Octocat'],
      ignored: ['stranger'],
    });
  });

  it('throws on an error', async () => {
    github().post('/repos/acme/api/issues/7/assignees').reply(404, { message: 'Not Found' });
    await expect(addAssignees(testOctokit(), REPO, 7, ['octocat'])).rejects.toThrow(
      'POST /repos/acme/api/issues/7/assignees: 404 Not Found',
    );
  });

  it('makes no request for an empty list', async () => {
    await expect(addAssignees(testOctokit(), REPO, 7, [])).resolves.toEqual({ assigned: [], ignored: [] });
  });
});
