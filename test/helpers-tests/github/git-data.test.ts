import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { blobSha, startFakeGitHub, type FakeGitHub } from '../../helpers/github/index.js';
import { installationToken, octokitFor, type TestOctokitInstance } from './setup.js';

let fake: FakeGitHub;
let octokit: TestOctokitInstance;
const repo = { owner: 'acme', repo: 'app' };

beforeAll(async () => {
  fake = await startFakeGitHub();
  fake.createRepo({ ...repo, files: { Dockerfile: 'FROM node:22\n', 'src/index.ts': 'export {};\n', 'docs/readme.md': '# app\n' } });
  fake.addInstallation({ id: 7, account: 'acme' });
  octokit = octokitFor(fake, await installationToken(fake, 7));
});
afterAll(async () => {
  await fake.stop();
});

/** Blob, tree on a base, commit without author, as the app writes. */
async function commitOnMain(files: Record<string, Buffer>, removals: string[] = []): Promise<{ sha: string; parent: string }> {
  const parent = (await octokit.rest.git.getRef({ ...repo, ref: 'heads/main' })).data.object.sha;
  const base = (await octokit.rest.git.getCommit({ ...repo, commit_sha: parent })).data.tree.sha;
  const tree = [];
  for (const [path, bytes] of Object.entries(files)) {
    const blob = await octokit.rest.git.createBlob({ ...repo, content: bytes.toString('base64'), encoding: 'base64' });
    tree.push({ path, mode: '100644' as const, type: 'blob' as const, sha: blob.data.sha });
  }
  for (const path of removals) tree.push({ path, mode: '100644' as const, type: 'blob' as const, sha: null });
  const newTree = await octokit.rest.git.createTree({ ...repo, base_tree: base, tree });
  const commit = await octokit.rest.git.createCommit({
    ...repo,
    message: 'chore(deps): update node:22 digest to 1a2b3c4',
    tree: newTree.data.sha,
    parents: [parent],
  });
  return { sha: commit.data.sha, parent };
}

describe('Git Data API through Octokit', () => {
  test('blob → tree with base_tree → commit → ref keeps bytes exact and other files in place', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('FROM node:22@sha256:bbbb\r\n')]);
    const { sha, parent } = await commitOnMain({ Dockerfile: bytes, 'k8s/new/pod.yaml': Buffer.from('kind: Pod\n') }, ['docs/readme.md']);
    await octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/pinbot/digests', sha });
    expect(Buffer.from(fake.readFile('acme', 'app', 'pinbot/digests', 'Dockerfile') ?? [])).toEqual(bytes);
    expect(fake.listFiles('acme', 'app', 'pinbot/digests')).toEqual(['Dockerfile', 'k8s/new/pod.yaml', 'src/index.ts']);
    const got = await octokit.rest.git.getBlob({ ...repo, file_sha: blobSha(bytes) });
    expect(Buffer.from(got.data.content, 'base64')).toEqual(bytes);
    const commit = (await octokit.rest.git.getCommit({ ...repo, commit_sha: sha })).data;
    expect(commit.parents.map((p) => p.sha)).toEqual([parent]);
    expect(commit.verification).toMatchObject({ verified: true, reason: 'valid' });
    expect(commit.author.name).toBe(fake.botLogin);
    const view = (await octokit.rest.repos.getCommit({ ...repo, ref: sha })).data;
    expect(view.author?.login).toBe(fake.botLogin);
    expect(view.author?.type).toBe('Bot');
    expect(view.files?.map((f) => `${f.status} ${f.filename}`)).toEqual([
      'modified Dockerfile',
      'removed docs/readme.md',
      'added k8s/new/pod.yaml',
    ]);
  });

  test('tree items replace a directory with a file and a file with a directory', async () => {
    const head = fake.branchHead('acme', 'app', 'main') as string;
    const base = fake.commit('acme', 'app', head)?.tree as string;
    const tree = await octokit.rest.git.createTree({
      ...repo,
      base_tree: base,
      tree: [
        { path: 'src', mode: '100644', type: 'blob', content: 'now a file\n' },
        { path: 'Dockerfile/inner.txt', mode: '100644', type: 'blob', content: 'now a directory\n' },
      ],
    });
    const listed = (await octokit.rest.git.getTree({ ...repo, tree_sha: tree.data.sha, recursive: 'false' })).data.tree.map(
      (e) => `${e.type} ${e.path}`,
    );
    expect(listed).toEqual(expect.arrayContaining(['blob src', 'tree Dockerfile', 'blob Dockerfile/inner.txt']));
    expect(listed).not.toContain('blob src/index.ts');
    expect(listed).not.toContain('blob Dockerfile');
  });

  test('a commit with a custom author is not verified', async () => {
    const head = fake.branchHead('acme', 'app', 'main') as string;
    const tree = fake.commit('acme', 'app', head)?.tree as string;
    const commit = await octokit.rest.git.createCommit({
      ...repo,
      message: 'x',
      tree,
      parents: [head],
      author: { name: 'Someone', email: 's@example.com' },
    });
    expect(commit.data.verification?.verified).toBe(false);
  });

  test('PATCH refs is fast-forward only unless forced', async () => {
    const first = await commitOnMain({ 'a.txt': Buffer.from('1') });
    await octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/ff', sha: first.sha });
    const sibling = await commitOnMain({ 'b.txt': Buffer.from('2') });
    const refused = octokit.rest.git.updateRef({ ...repo, ref: 'heads/ff', sha: sibling.sha, force: false });
    await expect(refused).rejects.toMatchObject({ status: 422, response: { data: { message: 'Update is not a fast forward' } } });
    expect(fake.branchHead('acme', 'app', 'ff')).toBe(first.sha);
    await octokit.rest.git.updateRef({ ...repo, ref: 'heads/ff', sha: sibling.sha, force: true });
    expect(fake.branchHead('acme', 'app', 'ff')).toBe(sibling.sha);
    await expect(octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/ff', sha: first.sha })).rejects.toMatchObject({ status: 422 });
    await octokit.rest.git.deleteRef({ ...repo, ref: 'heads/ff' });
    await expect(octokit.rest.git.getRef({ ...repo, ref: 'heads/ff' })).rejects.toMatchObject({ status: 404 });
  });

  test('compare reports ahead/behind and the files the head changed since the merge base', async () => {
    const { sha } = await commitOnMain({ 'c.txt': Buffer.from('c\n') });
    await octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/topic', sha });
    fake.pushCommit({ ...repo, branch: 'main', files: { 'main.txt': 'moved on\n' } });
    const data = (await octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: 'main...topic' })).data;
    expect(data).toMatchObject({ status: 'diverged', ahead_by: 1, behind_by: 1, total_commits: 1 });
    expect(data.files?.map((f) => f.filename)).toEqual(['c.txt']);
    expect(data.merge_base_commit.sha).not.toBe(sha);
  });

  test('octokit.paginate walks a commit list page by page', async () => {
    for (let i = 0; i < 4; i += 1) fake.pushCommit({ ...repo, branch: 'many', files: { 'n.txt': String(i) }, message: `c${i}` });
    const commits = await octokit.paginate(octokit.rest.repos.listCommits, { ...repo, sha: 'many', per_page: 2 });
    expect(commits.slice(0, 4).map((c) => c.commit.message)).toEqual(['c3', 'c2', 'c1', 'c0']);
    expect(fake.requestCounts()['GET /repos/{owner}/{repo}/commits']).toBeGreaterThanOrEqual(3);
  });
});

describe('GraphQL updateRefs', () => {
  const mutation = 'mutation($input: UpdateRefsInput!) { updateRefs(input: $input) { clientMutationId } }';

  test('moves a branch only while it is still at beforeOid', async () => {
    const one = await commitOnMain({ 'g.txt': Buffer.from('1') });
    const two = await commitOnMain({ 'g.txt': Buffer.from('2') });
    await octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/cas', sha: one.sha });
    const { nodeId } = fake.repoInfo('acme', 'app');
    const update = (before: string, after: string) =>
      octokit.graphql(mutation, {
        input: {
          repositoryId: nodeId,
          clientMutationId: 'm1',
          refUpdates: [{ name: 'refs/heads/cas', beforeOid: before, afterOid: after, force: true }],
        },
      });
    await expect(update(one.sha, two.sha)).resolves.toEqual({ updateRefs: { clientMutationId: 'm1' } });
    expect(fake.branchHead('acme', 'app', 'cas')).toBe(two.sha);
    await expect(update(one.sha, one.sha)).rejects.toMatchObject({
      errors: [expect.objectContaining({ message: expect.stringContaining('expected to point to') })],
    });
    expect(fake.branchHead('acme', 'app', 'cas')).toBe(two.sha);
  });

  test('applies all updates or none, and accepts inline input objects', async () => {
    const head = fake.branchHead('acme', 'app', 'main') as string;
    const { nodeId } = fake.repoInfo('acme', 'app');
    const query = `mutation($id: ID!, $head: GitObjectID!) { moved: updateRefs(input: { repositoryId: $id, refUpdates: [
      { name: "refs/heads/atomic-a", afterOid: $head, beforeOid: "0000000000000000000000000000000000000000" },
      { name: "refs/heads/atomic-b", afterOid: "${'f'.repeat(40)}" } ] }) { clientMutationId } }`;
    await expect(octokit.graphql(query, { id: nodeId, head })).rejects.toMatchObject({
      errors: [expect.objectContaining({ type: 'UNPROCESSABLE' })],
    });
    expect(fake.branchHead('acme', 'app', 'atomic-a')).toBeUndefined();
    const ok = query.replace('f'.repeat(40), head);
    await expect(octokit.graphql(ok, { id: nodeId, head })).resolves.toEqual({ moved: { clientMutationId: null } });
    expect(fake.branches('acme', 'app')).toEqual(expect.arrayContaining(['atomic-a', 'atomic-b']));
  });

  test("other operations, and updateRefs on an older server, get GitHub's undefinedField errors", async () => {
    await expect(octokit.graphql('{ viewer { login } }')).rejects.toMatchObject({
      errors: [expect.objectContaining({ message: "Field 'viewer' doesn't exist on type 'Query'" })],
    });
    fake.setUpdateRefsSupported(false);
    try {
      const error = await octokit.graphql(mutation, { input: { repositoryId: 'x', refUpdates: [] } }).catch((e: unknown) => e);
      expect(error).toMatchObject({
        errors: [
          {
            message: "Field 'updateRefs' doesn't exist on type 'Mutation'",
            extensions: { code: 'undefinedField', fieldName: 'updateRefs' },
          },
        ],
      });
    } finally {
      fake.setUpdateRefsSupported(true);
    }
  });
});
