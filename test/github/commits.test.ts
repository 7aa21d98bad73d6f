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

describe('createCommit', () => {
  it('posts byte-exact base64 blobs, one tree on the base tree and a commit without author or committer', async () => {
    const blobs: Buffer[] = [];
    let treeBody: unknown;
    let commitBody: unknown;
    github()
      .post('/repos/acme/api/git/blobs', (body: { content: string; encoding: string }) => {
        if (body.encoding !== 'base64') return false;
        blobs.push(Buffer.from(body.content, 'base64'));
        return true;
      })
      .times(2)
      .reply(201, (_uri, body) => ({ sha: gitBlobSha(Buffer.from((body as { content: string }).content, 'base64')), url: '' }))
      .post('/repos/acme/api/git/trees', (body) => {
        treeBody = body;
        return true;
      })
      .reply(201, { sha: NEW_TREE, tree: [], truncated: false })
      .post('/repos/acme/api/git/commits', (body) => {
        commitBody = body;
        return true;
      })
      .reply(201, { sha: COMMIT, tree: { sha: NEW_TREE }, parents: [{ sha: PARENT }], verification: { verified: true } });

    const created = await createCommit(testOctokit(), REPO, {
      parentSha: PARENT,
      baseTreeSha: BASE_TREE,
      message: 'chore(deps): update 2 pinned image digests',
      files: [
        { path: 'docker/Dockerfile', content: DOCKERFILE, mode: '100644' },
        { path: '.github/workflows/ci.yml', content: WORKFLOW, mode: '100755' },
      ],
    });

    expect(created).toBe(COMMIT);
    expect(blobs).toHaveLength(2);
    expect(blobs[0]?.equals(DOCKERFILE)).toBe(true);
    expect(blobs[1]?.equals(WORKFLOW)).toBe(true);
    expect(treeBody).toEqual({
      base_tree: BASE_TREE,
      tree: [
        { path: 'docker/Dockerfile', mode: '100644', type: 'blob', sha: gitBlobSha(DOCKERFILE) },
        { path: '.github/workflows/ci.yml', mode: '100755', type: 'blob', sha: gitBlobSha(WORKFLOW) },
      ],
    });
    // No author/committer: GitHub then records the app and marks the commit verified.
    expect(commitBody).toEqual({ message: 'chore(deps): update 2 pinned image digests', tree: NEW_TREE, parents: [PARENT] });
  });

  it('posts identical contents once', async () => {
    github()
      .post('/repos/acme/api/git/blobs')
      .once()
      .reply(201, { sha: gitBlobSha(DOCKERFILE) })
      .post('/repos/acme/api/git/trees', (body: { tree: { sha: string }[] }) =>
        body.tree.every((entry) => entry.sha === gitBlobSha(DOCKERFILE)),
      )
      .reply(201, { sha: NEW_TREE })
      .post('/repos/acme/api/git/commits')
      .reply(201, { sha: COMMIT });

    await expect(
      createCommit(testOctokit(), REPO, {
        parentSha: PARENT,
        baseTreeSha: BASE_TREE,
        message: 'm',
        files: [
          { path: 'a/Dockerfile', content: DOCKERFILE, mode: '100644' },
          { path: 'b/Dockerfile', content: DOCKERFILE, mode: '100644' },
        ],
      }),
    ).resolves.toBe(COMMIT);
  });

  it('matches git: the blob sha is sha1 of "blob <size>\\0" and the bytes', () => {
    // `printf 'hello\n' | git hash-object --stdin`
    expect(gitBlobSha(Buffer.from('hello\n'))).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
    // `git hash-object /dev/null`
    expect(gitBlobSha(new Uint8Array())).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
  });

  it('refuses a blob GitHub stored under another sha than the bytes sent', async () => {
    github()
      .post('/repos/acme/api/git/blobs')
      .reply(201, { sha: sha('something-else') });

    await expect(
      createCommit(testOctokit(), REPO, {
        parentSha: PARENT,
        baseTreeSha: BASE_TREE,
        message: 'm',
        files: [{ path: 'Dockerfile', content: DOCKERFILE, mode: '100644' }],
      }),
    ).rejects.toThrow(
      `POST /repos/acme/api/git/blobs (Dockerfile): 201 blob sha ${sha('something-else')} does not match the content sent (${gitBlobSha(DOCKERFILE)})`,
    );
  });

  it('throws a GitHubError naming the request when the tree is refused', async () => {
    github()
      .post('/repos/acme/api/git/blobs')
      .reply(201, { sha: gitBlobSha(DOCKERFILE) })
      .post('/repos/acme/api/git/trees')
      .reply(422, { message: 'Invalid tree info', documentation_url: 'https://docs.github.com/rest/git/trees' });

    const failure = createCommit(testOctokit(), REPO, {
      parentSha: PARENT,
      baseTreeSha: BASE_TREE,
      message: 'm',
      files: [{ path: 'Dockerfile', content: DOCKERFILE, mode: '100644' }],
    });
    await expect(failure).rejects.toBeInstanceOf(GitHubError);
    await expect(failure).rejects.toThrow('POST /repos/acme/api/git/trees: 422 Invalid tree info');
  });

  it('throws on a server error while writing the commit', async () => {
    github()
      .post('/repos/acme/api/git/blobs')
      .reply(201, { sha: gitBlobSha(DOCKERFILE) })
      .post('/repos/acme/api/git/trees')
      .reply(201, { sha: NEW_TREE })
      .post('/repos/acme/api/git/commits')
      .reply(503, { message: 'Service Unavailable' });

    await expect(
      createCommit(testOctokit(), REPO, {
        parentSha: PARENT,
        baseTreeSha: BASE_TREE,
        message: 'm',
        files: [{ path: 'Dockerfile', content: DOCKERFILE, mode: '100644' }],
      }),
    ).rejects.toMatchObject({ status: 503, message: 'POST /repos/acme/api/git/commits: 503 Service Unavailable' });
  });

  it('throws when the repository refuses the blob', async () => {
    github().post('/repos/acme/api/git/blobs').reply(409, { message: 'Git Repository is empty.' });

    await expect(
      createCommit(testOctokit(), REPO, {
        parentSha: PARENT,
        baseTreeSha: BASE_TREE,
        message: 'm',
        files: [{ path: 'Dockerfile', content: DOCKERFILE, mode: '100644' }],
      }),
    ).rejects.toMatchObject({ status: 409, message: 'POST /repos/acme/api/git/blobs (Dockerfile): 409 Git Repository is empty.' });
  });

  it('rejects a commit that changes nothing', async () => {
    await expect(createCommit(testOctokit(), REPO, { parentSha: PARENT, baseTreeSha: BASE_TREE, message: 'm', files: [] })).rejects.toThrow(
      RangeError,
    );
  });
});
