import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startFakeGitHub, type FakeGitHub } from '../../helpers/github/index.js';
import { installationToken, octokitFor, type TestOctokitInstance } from './setup.js';

let fake: FakeGitHub;
let octokit: TestOctokitInstance;
const repo = { owner: 'acme', repo: 'svc' };

beforeAll(async () => {
  fake = await startFakeGitHub();
  fake.createRepo({
    ...repo,
    files: { Dockerfile: 'FROM node:22@sha256:aaaa\n', 'compose.yaml': 'services: {}\n' },
    collaborators: ['alice', 'bob'],
    teams: ['platform'],
  });
  fake.addInstallation({ id: 11, account: 'acme' });
  octokit = octokitFor(fake, await installationToken(fake, 11));
});
afterAll(async () => {
  await fake.stop();
});

function branchWith(branch: string, files: Record<string, string>): string {
  return fake.pushCommit({ ...repo, branch, files, from: 'main', author: 'app' }).sha;
}

describe('pull requests', () => {
  test('create, get and list with the fields code reads', async () => {
    const head = branchWith('pinbot/digests', { Dockerfile: 'FROM node:22@sha256:bbbb\n' });
    const created = await octokit.rest.pulls.create({
      ...repo,
      head: 'pinbot/digests',
      base: 'main',
      title: 'chore(deps): update node:22 digest to bbbb',
      body: 'body <!-- pinbot:marker x -->',
    });
    expect(created.status).toBe(201);
    const got = (await octokit.rest.pulls.get({ ...repo, pull_number: created.data.number })).data;
    expect(got).toMatchObject({
      state: 'open',
      merged: false,
      merged_at: null,
      mergeable: true,
      mergeable_state: 'clean',
      changed_files: 1,
      additions: 1,
      deletions: 1,
      commits: 1,
    });
    expect(got.head).toMatchObject({ ref: 'pinbot/digests', sha: head, label: 'acme:pinbot/digests' });
    expect(got.head.repo?.full_name).toBe('acme/svc');
    expect(got.base).toMatchObject({ ref: 'main', sha: fake.branchHead('acme', 'svc', 'main') });
    expect(got.user?.login).toBe(fake.botLogin);
    const files = (await octokit.rest.pulls.listFiles({ ...repo, pull_number: got.number })).data;
    expect(files.map((f) => [f.filename, f.status])).toEqual([['Dockerfile', 'modified']]);
    const listed = (await octokit.rest.pulls.list({ ...repo, state: 'open' })).data;
    expect(listed.map((p) => p.number)).toContain(got.number);
    expect(listed[0]).not.toHaveProperty('mergeable_state');
  });

  test('a second open PR for the same head is refused', async () => {
    const attempt = octokit.rest.pulls.create({ ...repo, head: 'pinbot/digests', base: 'main', title: 'again' });
    await expect(attempt).rejects.toMatchObject({
      status: 422,
      response: { data: { errors: [expect.objectContaining({ message: 'A pull request already exists for acme:pinbot/digests.' })] } },
    });
  });

  test('list filters by owner:branch head (a bare branch is ignored, as on GitHub) and paginates', async () => {
    for (const n of [1, 2, 3, 4]) {
      branchWith(`pinbot/img-${n}`, { [`f${n}.txt`]: `${n}\n` });
      await octokit.rest.pulls.create({ ...repo, head: `pinbot/img-${n}`, base: 'main', title: `t${n}` });
    }
    const one = (await octokit.rest.pulls.list({ ...repo, state: 'all', head: 'acme:pinbot/img-2' })).data;
    expect(one.map((p) => p.head.ref)).toEqual(['pinbot/img-2']);
    const bare = (await octokit.rest.pulls.list({ ...repo, head: 'pinbot/img-2' })).data;
    expect(bare.length).toBe(5);
    fake.resetRequestLog();
    const all = await octokit.paginate(octokit.rest.pulls.list, { ...repo, state: 'open', per_page: 2 });
    expect(all.map((p) => p.title)).toEqual(['t4', 't3', 't2', 't1', 'chore(deps): update node:22 digest to bbbb']);
    expect(fake.requestCounts()['GET /repos/{owner}/{repo}/pulls']).toBe(3);
  });

  test('the PR head follows branch pushes; a conflicting base makes it dirty; deleting the branch closes it', async () => {
    const [pull] = fake.listPulls('acme', 'svc', { state: 'open' }).filter((p) => p.headRef === 'pinbot/img-1');
    if (!pull) throw new Error('expected the PR');
    const pushed = fake.pushCommit({ ...repo, branch: 'pinbot/img-1', files: { 'f1.txt': 'human\n' } });
    expect(fake.pull('acme', 'svc', pull.number).headSha).toBe(pushed.sha);
    fake.pushCommit({ ...repo, branch: 'main', files: { 'f1.txt': 'base edit\n' } });
    const dirty = (await octokit.rest.pulls.get({ ...repo, pull_number: pull.number })).data;
    expect(dirty).toMatchObject({ mergeable: false, mergeable_state: 'dirty' });
    await expect(octokit.rest.pulls.merge({ ...repo, pull_number: pull.number })).rejects.toMatchObject({ status: 405 });
    await octokit.rest.git.deleteRef({ ...repo, ref: 'heads/pinbot/img-1' });
    expect(fake.pull('acme', 'svc', pull.number)).toMatchObject({ state: 'closed', merged: false, headSha: pushed.sha });
  });

  test('update title/body, close, and merge set state and merged_at', async () => {
    const [two, three] = ['pinbot/img-2', 'pinbot/img-3'].map(
      (ref) => fake.listPulls('acme', 'svc').find((p) => p.headRef === ref)?.number as number,
    );
    await octokit.rest.pulls.update({ ...repo, pull_number: two as number, title: 'new title', body: 'new body' });
    expect(fake.pull('acme', 'svc', two as number)).toMatchObject({ title: 'new title', body: 'new body' });
    await octokit.rest.pulls.update({ ...repo, pull_number: two as number, state: 'closed' });
    expect((await octokit.rest.pulls.get({ ...repo, pull_number: two as number })).data).toMatchObject({
      state: 'closed',
      merged_at: null,
      merged: false,
    });
    const merged = fake.mergePull({ ...repo, number: three as number });
    const data = (await octokit.rest.pulls.get({ ...repo, pull_number: three as number })).data;
    expect(data).toMatchObject({ state: 'closed', merged: true, merge_commit_sha: merged });
    expect(data.merged_at).not.toBeNull();
    expect(fake.commit('acme', 'svc', merged)?.parents).toHaveLength(2);
    expect(fake.readText('acme', 'svc', 'main', 'f3.txt')).toBe('3\n');
    const closedForBranch = (await octokit.rest.pulls.list({ ...repo, state: 'closed', head: 'acme:pinbot/img-3' })).data;
    expect(closedForBranch.map((p) => p.merged_at !== null)).toEqual([true]);
  });
});

describe('labels, assignees, reviewers, comments', () => {
  test('labels: 422 already_exists on create; adding unknown labels creates them', async () => {
    await octokit.rest.issues.createLabel({ ...repo, name: 'dependencies', color: '0366d6' });
    await expect(octokit.rest.issues.createLabel({ ...repo, name: 'docker', color: '#0db7ed' })).rejects.toMatchObject({
      status: 422,
      response: { data: { errors: [{ field: 'color', code: 'invalid' }] } },
    });
    const again = octokit.rest.issues.createLabel({ ...repo, name: 'Dependencies', color: '0366d6' });
    await expect(again).rejects.toMatchObject({
      status: 422,
      response: { data: { errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }] } },
    });
    const number = fake.listPulls('acme', 'svc', { state: 'open' })[0]?.number as number;
    const added = await octokit.rest.issues.addLabels({ ...repo, issue_number: number, labels: ['dependencies', 'docker'] });
    expect(added.data.map((l) => l.name)).toEqual(['dependencies', 'docker']);
    expect(fake.labels('acme', 'svc')).toEqual([
      { name: 'dependencies', color: '0366d6', description: null },
      { name: 'docker', color: 'ededed', description: null },
    ]);
    const all = await octokit.paginate(octokit.rest.issues.listLabelsForRepo, { ...repo });
    expect(all.map((l) => l.name)).toEqual(['dependencies', 'docker']);
  });

  test('reviewers must be collaborators; assignees who are not are silently dropped', async () => {
    const number = fake.listPulls('acme', 'svc', { state: 'open' })[0]?.number as number;
    await octokit.rest.pulls.requestReviewers({ ...repo, pull_number: number, reviewers: ['alice'], team_reviewers: ['platform'] });
    const outsider = octokit.rest.pulls.requestReviewers({ ...repo, pull_number: number, reviewers: ['mallory'] });
    await expect(outsider).rejects.toMatchObject({ status: 422, message: expect.stringContaining('collaborators') });
    await octokit.rest.issues.addAssignees({ ...repo, issue_number: number, assignees: ['bob', 'mallory'] });
    expect(fake.pull('acme', 'svc', number)).toMatchObject({
      requestedReviewers: ['alice'],
      requestedTeams: ['platform'],
      assignees: ['bob'],
    });
    const got = (await octokit.rest.pulls.get({ ...repo, pull_number: number })).data;
    expect(got.requested_reviewers?.map((u) => u.login)).toEqual(['alice']);
    expect(got.labels.map((l) => l.name)).toEqual(['dependencies', 'docker']);
  });

  test('comments are created as the app and listed', async () => {
    const number = fake.listPulls('acme', 'svc', { state: 'open' })[0]?.number as number;
    const made = await octokit.rest.issues.createComment({
      ...repo,
      issue_number: number,
      body: 'A commit not made by pinbot was pushed.',
    });
    expect(made.data.user?.login).toBe(fake.botLogin);
    const listed = (await octokit.rest.issues.listComments({ ...repo, issue_number: number })).data;
    expect(listed.map((c) => c.body)).toEqual(['A commit not made by pinbot was pushed.']);
    expect(fake.comments('acme', 'svc', number)).toEqual([expect.objectContaining({ user: fake.botLogin })]);
  });
});

describe('check runs', () => {
  test('created by the app on a commit and listed for the ref (latest per name)', async () => {
    const head = fake.branchHead('acme', 'svc', 'main') as string;
    await octokit.rest.checks.create({
      ...repo,
      name: 'pinbot',
      head_sha: head,
      status: 'completed',
      conclusion: 'success',
      output: { title: 'ok', summary: 'fine' },
    });
    await octokit.rest.checks.create({
      ...repo,
      name: 'pinbot',
      head_sha: head,
      conclusion: 'failure',
      output: { title: 'Invalid config', summary: 's', text: '.github/pinbot.yml: group: invalid' },
    });
    const listed = (await octokit.rest.checks.listForRef({ ...repo, ref: 'main', check_name: 'pinbot' })).data;
    expect(listed.total_count).toBe(1);
    expect(listed.check_runs[0]).toMatchObject({ name: 'pinbot', status: 'completed', conclusion: 'failure', head_sha: head });
    expect(fake.checkRuns('acme', 'svc', { headSha: head }).map((r) => r.conclusion)).toEqual(['success', 'failure']);
    await expect(octokit.rest.checks.create({ ...repo, name: 'x', head_sha: 'f'.repeat(40) })).rejects.toMatchObject({ status: 422 });
  });

  test('only a GitHub App may create them', async () => {
    const head = fake.branchHead('acme', 'svc', 'main') as string;
    const asUser = octokitFor(fake, 'ghp_user');
    await expect(asUser.rest.checks.create({ ...repo, name: 'pinbot', head_sha: head })).rejects.toMatchObject({ status: 403 });
  });

  test('annotations: at most 50 per request, appended by each update, counted and listed', async () => {
    const head = fake.branchHead('acme', 'svc', 'main') as string;
    const note = (line: number) => ({
      path: 'Dockerfile',
      start_line: line,
      end_line: line,
      annotation_level: 'failure' as const,
      message: `m${line}`,
    });
    const many = Array.from({ length: 51 }, (_, i) => note(i + 1));
    await expect(
      octokit.rest.checks.create({ ...repo, name: 'policy', head_sha: head, output: { title: 't', summary: 's', annotations: many } }),
    ).rejects.toMatchObject({ status: 422, message: expect.stringContaining('No more than 50 items are allowed; 51 were supplied.') });

    const { data: run } = await octokit.rest.checks.create({
      ...repo,
      name: 'policy',
      head_sha: head,
      conclusion: 'failure',
      output: { title: 't', summary: 's', annotations: many.slice(0, 50) },
    });
    expect(run.output.annotations_count).toBe(50);
    const { data: updated } = await octokit.rest.checks.update({
      ...repo,
      check_run_id: run.id,
      output: { title: 't2', summary: 's2', annotations: many.slice(50) },
    });
    expect(updated).toMatchObject({ conclusion: 'failure', output: { title: 't2', summary: 's2', annotations_count: 51 } });
    const listed = await octokit.paginate(octokit.rest.checks.listAnnotations, { ...repo, check_run_id: run.id, per_page: 100 });
    expect(listed.map((annotation) => annotation.start_line)).toEqual(many.map((annotation) => annotation.start_line));
    expect(listed[0]).toMatchObject({ path: 'Dockerfile', end_line: 1, annotation_level: 'failure', message: 'm1', title: null });

    // A rejected update changes nothing: columns only within one line, levels from the docs.
    const bad = [{ ...note(2), end_line: 3, start_column: 1, end_column: 4 }];
    await expect(
      octokit.rest.checks.update({ ...repo, check_run_id: run.id, output: { title: 'x', summary: 'x', annotations: bad } }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(
      octokit.rest.checks.update({
        ...repo,
        check_run_id: run.id,
        output: { title: 'x', summary: 'x', annotations: [{ ...note(2), annotation_level: 'error' as 'failure' }] },
      }),
    ).rejects.toMatchObject({ status: 422 });
    const [view] = fake.checkRuns('acme', 'svc', { name: 'policy' });
    expect([view?.output.title, view?.annotations.length]).toEqual(['t2', 51]);
  });
});
