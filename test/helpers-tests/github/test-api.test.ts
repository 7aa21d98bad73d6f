import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startFakeGitHub, ZERO_SHA, type FakeGitHub } from '../../helpers/github/index.js';
import { call, installationToken } from './setup.js';

let fake: FakeGitHub;
beforeAll(async () => {
  fake = await startFakeGitHub({ now: () => new Date('2025-05-05T05:05:05.123Z') });
});
afterAll(async () => {
  await fake.stop();
});

describe('seeding repositories and pushes', () => {
  test('createRepo makes one initial commit by a person on the default branch', async () => {
    const info = fake.createRepo({
      owner: 'acme',
      repo: 'seed',
      defaultBranch: 'trunk',
      files: { 'a.txt': 'a\n', 'bin/run': { content: '#!/bin/sh\n', mode: '100755' }, logo: new Uint8Array([0, 255]) },
    });
    expect(info).toMatchObject({ owner: 'acme', repo: 'seed', fullName: 'acme/seed', defaultBranch: 'trunk' });
    expect(fake.branches('acme', 'seed')).toEqual(['trunk']);
    expect(fake.branchHead('acme', 'seed', 'trunk')).toBe(info.headSha);
    expect(fake.commit('acme', 'seed', info.headSha)).toMatchObject({
      parents: [],
      message: 'Initial commit',
      verified: false,
      authorLogin: 'human-dev',
      author: { date: '2025-05-05T05:05:05Z' },
    });
    expect(fake.readFile('acme', 'seed', 'trunk', 'logo')).toEqual(new Uint8Array([0, 255]));
    const tree = await call(fake, 'GET', '/repos/acme/seed/git/trees/trunk?recursive=1');
    expect(tree.json.tree.find((e: { path: string }) => e.path === 'bin/run').mode).toBe('100755');
    expect(() => fake.createRepo({ owner: 'ACME', repo: 'Seed' })).toThrow(/already exists/);
  });

  test('pushCommit adds, changes and deletes files; new branches start from the default branch or `from`', () => {
    const base = fake.branchHead('acme', 'seed', 'trunk') as string;
    const first = fake.pushCommit({
      owner: 'acme',
      repo: 'seed',
      branch: 'trunk',
      files: { 'a.txt': 'A\n', 'b/c.txt': 'c\n' },
      deletions: ['logo'],
      message: 'edit',
    });
    expect(first.before).toBe(base);
    expect(fake.listFiles('acme', 'seed', 'trunk')).toEqual(['a.txt', 'b/c.txt', 'bin/run']);
    expect(fake.readText('acme', 'seed', base, 'a.txt')).toBe('a\n');
    const side = fake.pushCommit({ owner: 'acme', repo: 'seed', branch: 'side', from: base, files: { 's.txt': 's' } });
    expect(side.before).toBe(ZERO_SHA);
    expect(fake.commit('acme', 'seed', side.sha)?.parents).toEqual([base]);
    expect(() => fake.pushCommit({ owner: 'acme', repo: 'seed', branch: 'trunk', deletions: ['nope'] })).toThrow(/no such file/);
    const app = fake.pushCommit({ owner: 'acme', repo: 'seed', branch: 'side', files: { 's.txt': 'app' }, author: 'app' });
    expect(fake.commit('acme', 'seed', app.sha)).toMatchObject({ verified: true, authorLogin: fake.botLogin });
  });

  test('setBranch force-moves or creates a branch; deleteBranch removes it', () => {
    const trunk = fake.branchHead('acme', 'seed', 'trunk') as string;
    fake.setBranch({ owner: 'acme', repo: 'seed', branch: 'side', sha: trunk });
    expect(fake.branchHead('acme', 'seed', 'side')).toBe(trunk);
    fake.deleteBranch({ owner: 'acme', repo: 'seed', branch: 'side' });
    expect(fake.branchHead('acme', 'seed', 'side')).toBeUndefined();
    expect(() => fake.setBranch({ owner: 'acme', repo: 'seed', branch: 'x', sha: 'f'.repeat(40) })).toThrow(/not a commit/);
  });

  test('repository flags show in the REST view', async () => {
    fake.setRepoFlags('acme', 'seed', { archived: true, fork: true });
    expect((await call(fake, 'GET', '/repos/acme/seed')).json).toMatchObject({ archived: true, fork: true, default_branch: 'trunk' });
    fake.setRepoFlags('acme', 'seed', { disabled: true });
    expect((await call(fake, 'GET', '/repos/acme/seed/git/ref/heads/trunk')).status).toBe(403);
    fake.setRepoFlags('acme', 'seed', { archived: false, fork: false, disabled: false });
  });
});

describe('pull requests from the test side', () => {
  test('createPull, squash merge and closePull with branch deletion', () => {
    fake.createRepo({ owner: 'acme', repo: 'prs', files: { 'x.txt': 'x\n' } });
    fake.pushCommit({ owner: 'acme', repo: 'prs', branch: 'feature', files: { 'y.txt': 'y\n' }, message: 'add y' });
    const number = fake.createPull({ owner: 'acme', repo: 'prs', head: 'feature', title: 'Add y' });
    expect(fake.pull('acme', 'prs', number)).toMatchObject({ state: 'open', user: 'human-dev', baseRef: 'main', headRef: 'feature' });
    expect(() => fake.createPull({ owner: 'acme', repo: 'prs', head: 'feature', title: 'again' })).toThrow(/already exists/);
    const sha = fake.mergePull({ owner: 'acme', repo: 'prs', number, method: 'squash' });
    expect(fake.commit('acme', 'prs', sha)).toMatchObject({ parents: [expect.any(String)], message: 'Add y (#1)\n\n* add y' });
    expect(fake.pull('acme', 'prs', number)).toMatchObject({ merged: true, mergeCommitSha: sha, state: 'closed' });
    expect(fake.readText('acme', 'prs', 'main', 'y.txt')).toBe('y\n');

    fake.pushCommit({ owner: 'acme', repo: 'prs', branch: 'other', files: { 'z.txt': 'z\n' } });
    const other = fake.createPull({ owner: 'acme', repo: 'prs', head: 'other', title: 'z', by: 'app' });
    fake.closePull({ owner: 'acme', repo: 'prs', number: other, deleteBranch: true });
    expect(fake.pull('acme', 'prs', other)).toMatchObject({ state: 'closed', merged: false, user: fake.botLogin });
    expect(fake.branches('acme', 'prs')).toEqual(['feature', 'main']); // merging leaves the head branch, as on GitHub
    expect(fake.listPulls('acme', 'prs', { state: 'open' })).toEqual([]);
    expect(fake.listPulls('acme', 'prs').map((p) => p.number)).toEqual([number, other]);
  });
});

describe('scale', () => {
  test('500 repositories seed in-process and page through /installation/repositories', async () => {
    const files = {
      Dockerfile: 'FROM node:22-slim@sha256:' + 'a'.repeat(64) + '\n',
      'compose.yaml': 'services:\n  web:\n    image: nginx:1.27@sha256:' + 'b'.repeat(64) + '\n',
    };
    fake.addInstallation({ id: 900, account: 'bulk' });
    for (let i = 0; i < 500; i += 1) fake.createRepo({ owner: 'bulk', repo: `repo-${i}`, files });
    const token = await installationToken(fake, 900);
    const page = await call(fake, 'GET', '/installation/repositories?per_page=100&page=5', { token });
    expect(page.json.total_count).toBe(500);
    expect(page.json.repositories).toHaveLength(100);
    // Only the asked page is shaped, and it is the right slice.
    expect(page.json.repositories.map((repo: { name: string }) => repo.name)).toEqual(
      Array.from({ length: 100 }, (_, i) => `repo-${400 + i}`),
    );
    expect(page.headers.get('link')).toContain('rel="prev"');
    expect(page.headers.get('link')).not.toContain('rel="next"');
  });
});
