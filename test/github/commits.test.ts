import { describe, expect, it } from '@jest/globals';
import { createCommit, gitBlobSha } from '../../src/github/commits.js';
import { GitHubError } from '../../src/github/errors.js';
import { github, REPO, sha, testOctokit, useStrictNock } from './support.js';

useStrictNock();

const PARENT = sha('parent');
const BASE_TREE = sha('base-tree');
const NEW_TREE = sha('new-tree');
const COMMIT = sha('new-commit');

// A Dockerfile with a BOM and CRLF line ends, and a workflow with a Latin-1 byte: none of it may change.
const DOCKERFILE = Buffer.concat([
  Buffer.from([0xef, 0xbb, 0xbf]),
  Buffer.from(`FROM node:22-slim@sha256:${'b'.repeat(64)}\r\nRUN npm ci\r\n`),
]);
const WORKFLOW = Buffer.concat([
  Buffer.from('# caf'),
  Buffer.from([0xe9]),
  Buffer.from(`\njobs:\n  a:\n    container: redis:7@sha256:${'c'.repeat(64)}\n`),
]);

/** A one-file commit on PARENT, for the tests about how a write fails. */
const commitOne = (path: string, content: Buffer) =>
  createCommit(testOctokit(), REPO, {
    parentSha: PARENT,
    baseTreeSha: BASE_TREE,
    message: 'm',
    files: [{ path, content, mode: '100644' }],
  });

describe('createCommit', () => {
  it('sends UTF-8 contents inline (BOM and CRLF kept) in one tree on the base tree, then a commit without author or committer', async () => {
    let treeBody: unknown;
    let commitBody: unknown;
    const text = DOCKERFILE.toString('utf8');
    github()
      .post('/repos/acme/api/git/trees', (body) => {
        treeBody = body;
        return true;
      })
      .reply(201, { sha: NEW_TREE, tree: [{ path: 'docker', type: 'tree', sha: sha('docker-dir') }], truncated: false })
      // A nested path is checked in one recursive listing of the new tree.
      .get(`/repos/acme/api/git/trees/${NEW_TREE}`)
      .query({ recursive: '1' })
      .reply(200, { sha: NEW_TREE, tree: [{ path: 'docker/Dockerfile', type: 'blob', sha: gitBlobSha(DOCKERFILE) }], truncated: false })
      .post('/repos/acme/api/git/commits', (body) => {
        commitBody = body;
        return true;
      })
      .reply(201, { sha: COMMIT, tree: { sha: NEW_TREE }, parents: [{ sha: PARENT }], verification: { verified: true } });

    const created = await createCommit(testOctokit(), REPO, {
      parentSha: PARENT,
      baseTreeSha: BASE_TREE,
      message: 'chore(deps): update 1 pinned image digest',
      files: [{ path: 'docker/Dockerfile', content: DOCKERFILE, mode: '100644' }],
    });

    expect(created).toBe(COMMIT);
    expect(treeBody).toEqual({
      base_tree: BASE_TREE,
      tree: [{ path: 'docker/Dockerfile', mode: '100644', type: 'blob', content: text }],
    });
    expect(Buffer.from(text, 'utf8').equals(DOCKERFILE)).toBe(true);
    // No author/committer: GitHub then records the app and marks the commit verified.
    expect(commitBody).toEqual({ message: 'chore(deps): update 1 pinned image digest', tree: NEW_TREE, parents: [PARENT] });
  });

  it('writes bytes that are not UTF-8 as a base64 blob, once per distinct content', async () => {
    const blobs: Buffer[] = [];
    let treeBody: { tree: unknown[] } | undefined;
    github()
      .post('/repos/acme/api/git/blobs', (body: { content: string; encoding: string }) => {
        blobs.push(Buffer.from(body.content, 'base64'));
        return body.encoding === 'base64';
      })
      .once()
      .reply(201, { sha: gitBlobSha(WORKFLOW) })
      .post('/repos/acme/api/git/trees', (body: { tree: unknown[] }) => {
        treeBody = body;
        return true;
      })
      .reply(201, {
        sha: NEW_TREE,
        tree: [
          { path: 'a.yml', type: 'blob', sha: gitBlobSha(WORKFLOW) },
          { path: 'b.yml', type: 'blob', sha: gitBlobSha(WORKFLOW) },
        ],
      })
      .post('/repos/acme/api/git/commits')
      .reply(201, { sha: COMMIT });

    await expect(
      createCommit(testOctokit(), REPO, {
        parentSha: PARENT,
        baseTreeSha: BASE_TREE,
        message: 'm',
        files: [
          { path: 'a.yml', content: WORKFLOW, mode: '100644' },
          { path: 'b.yml', content: WORKFLOW, mode: '100755' },
        ],
      }),
    ).resolves.toBe(COMMIT);
    expect(blobs).toHaveLength(1);
    expect(blobs[0]?.equals(WORKFLOW)).toBe(true);
    expect(treeBody?.tree).toEqual([
      { path: 'a.yml', mode: '100644', type: 'blob', sha: gitBlobSha(WORKFLOW) },
      { path: 'b.yml', mode: '100755', type: 'blob', sha: gitBlobSha(WORKFLOW) },
    ]);
  });

  it('refuses a tree in which a file does not hold the bytes sent, before any commit', async () => {
    github()
      .post('/repos/acme/api/git/trees')
      .reply(201, { sha: NEW_TREE, tree: [{ path: 'Dockerfile', type: 'blob', sha: sha('something-else') }] });

    await expect(commitOne('Dockerfile', DOCKERFILE)).rejects.toThrow(
      `POST /repos/acme/api/git/trees: 201 Dockerfile was written as ${sha('something-else')}, not the content sent (${gitBlobSha(DOCKERFILE)})`,
    );
  });

  it('finds a nested file directory by directory when the recursive listing is cut off', async () => {
    const dir = sha('dir');
    github()
      .post('/repos/acme/api/git/trees')
      .reply(201, { sha: NEW_TREE, tree: [{ path: 'deploy', type: 'tree', sha: dir }] })
      .get(`/repos/acme/api/git/trees/${NEW_TREE}`)
      .query({ recursive: '1' })
      .reply(200, { sha: NEW_TREE, tree: [], truncated: true })
      .get(`/repos/acme/api/git/trees/${NEW_TREE}`)
      .reply(200, { sha: NEW_TREE, tree: [{ path: 'deploy', type: 'tree', sha: dir }] })
      .get(`/repos/acme/api/git/trees/${dir}`)
      .reply(200, { sha: dir, tree: [{ path: 'Dockerfile', type: 'blob', sha: gitBlobSha(DOCKERFILE) }] })
      .post('/repos/acme/api/git/commits')
      .reply(201, { sha: COMMIT });

    await expect(commitOne('deploy/Dockerfile', DOCKERFILE)).resolves.toBe(COMMIT);
  });

  it('matches git: the blob sha is sha1 of "blob <size>\\0" and the bytes', () => {
    // `printf 'hello\n' | git hash-object --stdin`
    expect(gitBlobSha(Buffer.from('hello\n'))).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
    // `git hash-object /dev/null`
    expect(gitBlobSha(new Uint8Array())).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
  });

  it('throws a GitHubError naming the request when the tree is refused', async () => {
    github()
      .post('/repos/acme/api/git/trees')
      .reply(422, { message: 'Invalid tree info', documentation_url: 'https://docs.github.com/rest/git/trees' });

    const failure = commitOne('Dockerfile', DOCKERFILE);
    await expect(failure).rejects.toBeInstanceOf(GitHubError);
    await expect(failure).rejects.toThrow('POST /repos/acme/api/git/trees: 422 Invalid tree info');
  });

  it('throws on a server error while writing the commit', async () => {
    github()
      .post('/repos/acme/api/git/trees')
      .reply(201, { sha: NEW_TREE, tree: [{ path: 'Dockerfile', type: 'blob', sha: gitBlobSha(DOCKERFILE) }] })
      .post('/repos/acme/api/git/commits')
      .reply(503, { message: 'Service Unavailable' });

    await expect(commitOne('Dockerfile', DOCKERFILE)).rejects.toMatchObject({
      status: 503,
      message: 'POST /repos/acme/api/git/commits: 503 Service Unavailable',
    });
  });

  it('refuses a blob GitHub stored under another sha than the bytes sent', async () => {
    github()
      .post('/repos/acme/api/git/blobs')
      .reply(201, { sha: sha('something-else') });

    await expect(commitOne('ci.yml', WORKFLOW)).rejects.toThrow(
      `POST /repos/acme/api/git/blobs (ci.yml): 201 blob sha ${sha('something-else')} does not match the content sent (${gitBlobSha(WORKFLOW)})`,
    );
  });

  it('throws when the repository refuses the blob', async () => {
    github().post('/repos/acme/api/git/blobs').reply(409, { message: 'Git Repository is empty.' });

    await expect(commitOne('ci.yml', WORKFLOW)).rejects.toMatchObject({
      status: 409,
      message: 'POST /repos/acme/api/git/blobs (ci.yml): 409 Git Repository is empty.',
    });
  });

  it('rejects a commit that changes nothing', async () => {
    await expect(createCommit(testOctokit(), REPO, { parentSha: PARENT, baseTreeSha: BASE_TREE, message: 'm', files: [] })).rejects.toThrow(
      RangeError,
    );
  });
});
