import { describe, expect, it } from '@jest/globals';
import {
  installationCanWriteWorkflows,
  listInstallationRepos,
  listInstallations,
  rateLimitRemaining,
} from '../../src/github/installations.js';
import { github, testOctokit, useStrictNock } from './support.js';

useStrictNock();

function repository(owner: string, name: string, extra: Record<string, unknown> = {}) {
  return {
    id: name.length,
    node_id: `R_${owner}_${name}`,
    name,
    full_name: `${owner}/${name}`,
    owner: { login: owner, type: 'Organization' },
    private: false,
    default_branch: 'main',
    archived: false,
    disabled: false,
    fork: false,
    ...extra,
  };
}

describe('listInstallations', () => {
  it('pages through the installations and marks suspended ones', async () => {
    const page2 = 'https://api.github.com/app/installations?per_page=100&page=2';
    github()
      .get('/app/installations')
      .query({ per_page: '100' })
      .reply(200, [{ id: 1, account: { login: 'acme', type: 'Organization' }, suspended_at: null }], { link: `<${page2}>; rel="next"` })
      .get('/app/installations')
      .query({ per_page: '100', page: '2' })
      .reply(200, [{ id: 2, account: { login: 'octocat', type: 'User' }, suspended_at: '2025-01-01T00:00:00Z' }]);

    await expect(listInstallations(testOctokit())).resolves.toEqual([
      { id: 1, account: 'acme', suspended: false },
      { id: 2, account: 'octocat', suspended: true },
    ]);
  });

  it('throws on an error', async () => {
    github().get('/app/installations').query(true).reply(401, { message: 'A JSON web token could not be decoded' });
    await expect(listInstallations(testOctokit())).rejects.toThrow('GET /app/installations: 401 A JSON web token could not be decoded');
  });
});

describe('listInstallationRepos', () => {
  it('returns what the scheduler needs to pick repositories', async () => {
    github()
      .get('/installation/repositories')
      .query({ per_page: '100' })
      .reply(200, {
        total_count: 3,
        repositories: [
          repository('acme', 'api'),
          repository('acme', 'old', { archived: true, default_branch: 'master' }),
          repository('acme', 'fork-of-x', { fork: true }),
        ],
      });

    await expect(listInstallationRepos(testOctokit())).resolves.toEqual([
      { owner: 'acme', repo: 'api', defaultBranch: 'main', archived: false, disabled: false, fork: false, nodeId: 'R_acme_api' },
      { owner: 'acme', repo: 'old', defaultBranch: 'master', archived: true, disabled: false, fork: false, nodeId: 'R_acme_old' },
      { owner: 'acme', repo: 'fork-of-x', defaultBranch: 'main', archived: false, disabled: false, fork: true, nodeId: 'R_acme_fork-of-x' },
    ]);
  });

  it('throws on an error', async () => {
    github().get('/installation/repositories').query(true).reply(500, { message: 'Server Error' });
    await expect(listInstallationRepos(testOctokit())).rejects.toMatchObject({ status: 500, request: 'GET /installation/repositories' });
  });
});

describe('installationCanWriteWorkflows', () => {
  it.each([
    ['write', true],
    ['read', false],
    [undefined, false],
  ])('is %s → %s', async (workflows, expected) => {
    github()
      .get('/app/installations/77')
      .reply(200, {
        id: 77,
        account: { login: 'acme' },
        permissions: { contents: 'write', pull_requests: 'write', ...(workflows ? { workflows } : {}) },
      });
    await expect(installationCanWriteWorkflows(testOctokit(), 77)).resolves.toBe(expected);
  });

  it('throws for an unknown installation', async () => {
    github().get('/app/installations/77').reply(404, { message: 'Not Found' });
    await expect(installationCanWriteWorkflows(testOctokit(), 77)).rejects.toThrow('GET /app/installations/77: 404 Not Found');
  });
});

describe('rateLimitRemaining', () => {
  it.each([
    [{ 'x-ratelimit-remaining': '4999', 'x-ratelimit-limit': '5000' }, 4999],
    [{ 'x-ratelimit-remaining': '0' }, 0],
    [{ 'x-ratelimit-remaining': 12 }, 12],
    [{}, undefined],
    [{ 'x-ratelimit-remaining': '' }, undefined],
    [{ 'x-ratelimit-remaining': 'lots' }, undefined],
    [{ 'x-ratelimit-remaining': '-1' }, undefined],
  ])('reads %j as %s', (headers, expected) => {
    expect(rateLimitRemaining(headers)).toBe(expected);
  });
});
