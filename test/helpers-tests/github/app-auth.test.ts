import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Probot } from 'probot';
import { startFakeGitHub, type FakeGitHub } from '../../helpers/github/index.js';
import { appJwt, call, installationToken, keyPair, octokitFor, TestOctokit, type TestOctokitInstance } from './setup.js';

const APP_ID = 321;
const keys = keyPair();
let fake: FakeGitHub;
let probot: Probot;

beforeAll(async () => {
  fake = await startFakeGitHub({ appId: APP_ID, appPublicKeyPem: keys.publicKey });
  fake.createRepo({ owner: 'acme', repo: 'web', files: { '.github/workflows/ci.yml': 'on: push\n', Dockerfile: 'FROM node:22\n' } });
  fake.createRepo({ owner: 'acme', repo: 'api', files: { Dockerfile: 'FROM node:22\n' } });
  fake.createRepo({ owner: 'acme', repo: 'secret', files: { Dockerfile: 'FROM node:22\n' } });
  fake.createRepo({ owner: 'acme', repo: 'old', files: { Dockerfile: 'FROM node:22\n' }, archived: true });
  fake.createRepo({ owner: 'globex', repo: 'site', files: { Dockerfile: 'FROM nginx\n' }, ownerType: 'User' });
  fake.addInstallation({ id: 100, account: 'acme', repos: ['web', 'api', 'old'] });
  fake.addInstallation({
    id: 200,
    account: 'globex',
    accountType: 'User',
    permissions: { metadata: 'read', contents: 'write', pull_requests: 'write', checks: 'write', workflows: 'write' },
  });
  probot = new Probot({ appId: APP_ID, privateKey: keys.privateKey, baseUrl: fake.apiUrl, Octokit: TestOctokit, logLevel: 'fatal' });
});
afterAll(async () => {
  await fake.stop();
});

describe('app and installation auth through Probot', () => {
  test('the app JWT lists installations and reads one with its permissions', async () => {
    const app = await probot.auth();
    const installations = await app.paginate(app.rest.apps.listInstallations, { per_page: 1 });
    expect(installations.map((i) => [i.id, i.account && 'login' in i.account ? i.account.login : null])).toEqual([
      [100, 'acme'],
      [200, 'globex'],
    ]);
    const one = (await app.rest.apps.getInstallation({ installation_id: 200 })).data;
    expect(one.permissions.workflows).toBe('write');
    expect(one.repository_selection).toBe('all');
    expect((await app.rest.apps.getRepoInstallation({ owner: 'acme', repo: 'web' })).data.id).toBe(100);
  });

  test('an installation token lists exactly the selected repositories', async () => {
    const installation = await probot.auth(100);
    const repos = await installation.paginate(installation.rest.apps.listReposAccessibleToInstallation, { per_page: 2 });
    expect(repos.map((r) => [r.full_name, r.archived, r.fork, typeof r.node_id])).toEqual([
      ['acme/web', false, false, 'string'],
      ['acme/api', false, false, 'string'],
      ['acme/old', true, false, 'string'],
    ]);
    const log = fake.requestLog.filter((entry) => entry.route === 'GET /installation/repositories');
    expect(log.map((entry) => entry.installationId)).toEqual([100, 100]);
  });

  test('a JWT signed with another key is refused', async () => {
    const stranger = keyPair();
    const response = await call(fake, 'GET', '/app/installations', {
      headers: { authorization: `Bearer ${appJwt(APP_ID, stranger.privateKey)}` },
    });
    expect(response.status).toBe(401);
    expect((await call(fake, 'GET', '/app/installations', { token: 'ghp_not_a_jwt' })).status).toBe(401);
  });
});

describe('installation token scope', () => {
  test('repositories outside the installation are 404', async () => {
    const installation = await probot.auth(100);
    await expect(installation.rest.repos.get({ owner: 'acme', repo: 'secret' })).rejects.toMatchObject({ status: 404 });
    await expect(installation.rest.repos.get({ owner: 'globex', repo: 'site' })).rejects.toMatchObject({ status: 404 });
    expect((await installation.rest.repos.get({ owner: 'acme', repo: 'api' })).data.default_branch).toBe('main');
  });

  test('a token narrowed to some repositories and permissions reaches only those', async () => {
    const token = await installationToken(fake, 100, { repositories: ['api'], permissions: { contents: 'read' } }, keys.privateKey);
    const narrow = octokitFor(fake, token);
    await expect(narrow.rest.repos.get({ owner: 'acme', repo: 'web' })).rejects.toMatchObject({ status: 404 });
    const head = fake.branchHead('acme', 'api', 'main') as string;
    await expect(narrow.rest.git.createRef({ owner: 'acme', repo: 'api', ref: 'refs/heads/x', sha: head })).rejects.toMatchObject({
      status: 403,
      response: { data: { message: 'Resource not accessible by integration' } },
    });
  });

  test('archived repositories are read-only', async () => {
    const installation = await probot.auth(100);
    const head = fake.branchHead('acme', 'old', 'main') as string;
    expect((await installation.rest.git.getRef({ owner: 'acme', repo: 'old', ref: 'heads/main' })).data.object.sha).toBe(head);
    await expect(installation.rest.git.createRef({ owner: 'acme', repo: 'old', ref: 'refs/heads/x', sha: head })).rejects.toMatchObject({
      status: 403,
    });
  });
});

describe('workflows permission', () => {
  async function workflowEdit(octokit: TestOctokitInstance, owner: string, repo: string): Promise<string> {
    const head = fake.branchHead(owner, repo, 'main') as string;
    const tree = await octokit.rest.git.createTree({
      owner,
      repo,
      base_tree: fake.commit(owner, repo, head)?.tree as string,
      tree: [{ path: '.github/workflows/ci.yml', mode: '100644', type: 'blob', content: 'on: [push, pull_request]\n' }],
    });
    return (await octokit.rest.git.createCommit({ owner, repo, message: 'edit workflow', tree: tree.data.sha, parents: [head] })).data.sha;
  }

  test('without it, a ref write that changes a workflow file is refused; other writes are fine', async () => {
    const installation = octokitFor(fake, await installationToken(fake, 100, {}, keys.privateKey));
    const sha = await workflowEdit(installation, 'acme', 'web');
    const attempt = installation.rest.git.createRef({ owner: 'acme', repo: 'web', ref: 'refs/heads/pinbot/digests', sha });
    await expect(attempt).rejects.toMatchObject({ status: 422, message: expect.stringContaining('without `workflows` permission') });
    const { nodeId } = fake.repoInfo('acme', 'web');
    const viaGraphql = installation.graphql('mutation($input: UpdateRefsInput!) { updateRefs(input: $input) { clientMutationId } }', {
      input: { repositoryId: nodeId, refUpdates: [{ name: 'refs/heads/main', afterOid: sha }] },
    });
    await expect(viaGraphql).rejects.toMatchObject({
      errors: [expect.objectContaining({ message: expect.stringContaining('.github/workflows/ci.yml') })],
    });
    const head = fake.branchHead('acme', 'web', 'main') as string;
    await installation.rest.git.createRef({ owner: 'acme', repo: 'web', ref: 'refs/heads/pinbot/other', sha: head });
    expect(fake.branches('acme', 'web')).toEqual(['main', 'pinbot/other']);
  });

  test('with it, the same write goes through', async () => {
    fake.createRepo({ owner: 'globex', repo: 'ci', files: { '.github/workflows/ci.yml': 'on: push\n' } });
    const installation = octokitFor(fake, await installationToken(fake, 200, {}, keys.privateKey));
    const sha = await workflowEdit(installation, 'globex', 'ci');
    await installation.rest.git.createRef({ owner: 'globex', repo: 'ci', ref: 'refs/heads/pinbot/digests', sha });
    expect(fake.readText('globex', 'ci', 'pinbot/digests', '.github/workflows/ci.yml')).toBe('on: [push, pull_request]\n');
  });
});
