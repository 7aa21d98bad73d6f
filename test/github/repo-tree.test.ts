import { Readable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { gitBlobSha } from '../../src/github/commits.js';
import { BlobTooLargeError, GitHubError } from '../../src/github/errors.js';
import { readBlob, readDefaultBranch, readTree } from '../../src/github/repo-tree.js';
import { freshCache, github, REPO, sha, testOctokit, useStrictNock } from './support.js';

useStrictNock();

const HEAD = sha('main-head');
const TREE = sha('root-tree');

function blob(path: string, content: string, mode = '100644') {
  const bytes = Buffer.from(content);
  return {
    path,
    mode,
    type: 'blob',
    sha: gitBlobSha(bytes),
    size: bytes.byteLength,
    url: `https://api.github.com/repos/acme/api/git/blobs/${gitBlobSha(bytes)}`,
  };
}

function dir(path: string, treeSha: string) {
  return { path, mode: '040000', type: 'tree', sha: treeSha, url: `https://api.github.com/repos/acme/api/git/trees/${treeSha}` };
}

describe('readDefaultBranch', () => {
  it('asks for the default branch, its exact ref and the commit tree', async () => {
    github()
      .get('/repos/acme/api')
      .reply(200, { id: 1, name: 'api', full_name: 'acme/api', default_branch: 'trunk', node_id: 'R_kgDOabc' })
      .get('/repos/acme/api/git/ref/heads%2Ftrunk')
      .reply(200, { ref: 'refs/heads/trunk', node_id: 'REF_1', object: { type: 'commit', sha: HEAD } })
      .get(`/repos/acme/api/git/commits/${HEAD}`)
      .reply(200, { sha: HEAD, tree: { sha: TREE }, parents: [], message: 'initial' });

    await expect(readDefaultBranch(testOctokit(), REPO, { cache: freshCache() })).resolves.toEqual({
      branch: 'trunk',
      headSha: HEAD,
      treeSha: TREE,
    });
  });

  it('skips the repository lookup when the branch is known and the commit tree is cached', async () => {
    const cache = freshCache();
    github()
      .get('/repos/acme/api/git/ref/heads%2Fmain')
      .times(2)
      .reply(200, { ref: 'refs/heads/main', object: { type: 'commit', sha: HEAD } })
      .get(`/repos/acme/api/git/commits/${HEAD}`)
      .once()
      .reply(200, { sha: HEAD, tree: { sha: TREE }, parents: [] });

    const first = await readDefaultBranch(testOctokit(), REPO, { branch: 'main', cache });
    const second = await readDefaultBranch(testOctokit(), REPO, { branch: 'main', cache });
    expect(second).toEqual(first);
    expect(first).toEqual({ branch: 'main', headSha: HEAD, treeSha: TREE });
  });

  it('fails closed with the request and status when the ref cannot be read', async () => {
    github().get('/repos/acme/api/git/ref/heads%2Fmain').reply(502, 'Bad Gateway', { 'content-type': 'text/html' });

    const failure = readDefaultBranch(testOctokit(), REPO, { branch: 'main', cache: freshCache() });
    await expect(failure).rejects.toBeInstanceOf(GitHubError);
    await expect(failure).rejects.toMatchObject({
      status: 502,
      message: 'GET /repos/acme/api/git/ref/heads/main: 502 Bad Gateway',
    });
  });

  it('reports a missing repository as a 404 GitHubError', async () => {
    github().get('/repos/acme/api').reply(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });

    await expect(readDefaultBranch(testOctokit(), REPO, { cache: freshCache() })).rejects.toMatchObject({
      name: 'GitHubError',
      status: 404,
      message: 'GET /repos/acme/api: 404 Not Found',
    });
  });

  it('fails with 409 for an empty repository, which has no branch yet', async () => {
    github().get('/repos/acme/api/git/ref/heads%2Fmain').reply(409, { message: 'Git Repository is empty.' });

    await expect(readDefaultBranch(testOctokit(), REPO, { branch: 'main', cache: freshCache() })).rejects.toMatchObject({
      status: 409,
      message: 'GET /repos/acme/api/git/ref/heads/main: 409 Git Repository is empty.',
    });
  });

  it('refuses a branch that points at a tag object', async () => {
    github()
      .get('/repos/acme/api/git/ref/heads%2Fmain')
      .reply(200, { ref: 'refs/heads/main', object: { type: 'tag', sha: HEAD } });

    await expect(readDefaultBranch(testOctokit(), REPO, { branch: 'main', cache: freshCache() })).rejects.toThrow(
      'GET /repos/acme/api/git/ref/heads/main: 200 the branch points to a tag, not a commit',
    );
  });
});

describe('readTree', () => {
  it('lists regular files and skips symlinks, submodules and ignored directories', async () => {
    github()
      .get(`/repos/acme/api/git/trees/${TREE}`)
      .query({ recursive: '1' })
      .reply(200, {
        sha: TREE,
        truncated: false,
        tree: [
          blob('Dockerfile', 'FROM node:22@sha256:' + 'a'.repeat(64) + '\n'),
          dir('deploy', sha('deploy')),
          blob('deploy/app.yaml', 'kind: Deployment\n'),
          blob('scripts/run.sh', '#!/bin/sh\n', '100755'),
          { path: 'current', mode: '120000', type: 'blob', sha: sha('link'), size: 6 },
          { path: 'vendor/lib', mode: '160000', type: 'commit', sha: sha('submodule') },
          blob('web/node_modules/x/Dockerfile', 'FROM scratch\n'),
          blob('.git/config', '[core]\n'),
        ],
      });

    const listing = await readTree(testOctokit(), REPO, TREE, { cache: freshCache() });
    expect(listing.complete).toBe(true);
    expect(listing.entries.map(({ path, mode }) => [path, mode])).toEqual([
      ['Dockerfile', '100644'],
      ['deploy/app.yaml', '100644'],
      ['scripts/run.sh', '100755'],
    ]);
    expect(listing.entries[0]).toEqual({
      path: 'Dockerfile',
      sha: gitBlobSha(Buffer.from('FROM node:22@sha256:' + 'a'.repeat(64) + '\n')),
      size: 85,
      mode: '100644',
    });
  });

  it('answers a second read of the same tree from the cache', async () => {
    const cache = freshCache();
    github()
      .get(`/repos/acme/api/git/trees/${TREE}`)
      .query({ recursive: '1' })
      .once()
      .reply(200, { sha: TREE, truncated: false, tree: [blob('Dockerfile', 'FROM a\n')] });

    const first = await readTree(testOctokit(), REPO, TREE, { cache });
    expect(await readTree(testOctokit(), REPO, TREE, { cache })).toBe(first);
  });

  it('walks directory by directory when the recursive answer is truncated', async () => {
    const services = sha('services');
    const big = sha('services/big');
    github()
      // The recursive answer is cut off: nothing from it is trusted.
      .get(`/repos/acme/api/git/trees/${TREE}`)
      .query({ recursive: '1' })
      .reply(200, { sha: TREE, truncated: true, tree: [blob('Dockerfile', 'FROM a\n')] })
      .get(`/repos/acme/api/git/trees/${TREE}`)
      .reply(200, {
        sha: TREE,
        truncated: false,
        tree: [blob('Dockerfile', 'FROM a\n'), dir('node_modules', sha('nm')), dir('services', services)],
      })
      // A subdirectory small enough comes back whole; one still too big is split again.
      .get(`/repos/acme/api/git/trees/${services}`)
      .query({ recursive: '1' })
      .reply(200, { sha: services, truncated: true, tree: [] })
      .get(`/repos/acme/api/git/trees/${services}`)
      .reply(200, { sha: services, truncated: false, tree: [blob('compose.yaml', 'services: {}\n'), dir('big', big)] })
      .get(`/repos/acme/api/git/trees/${big}`)
      .query({ recursive: '1' })
      .reply(200, {
        sha: big,
        truncated: false,
        tree: [dir('k8s', sha('k8s')), blob('k8s/deploy.yaml', 'kind: Deployment\n'), blob('node_modules/a/Dockerfile', 'FROM b\n')],
      });

    const listing = await readTree(testOctokit(), REPO, TREE, { cache: freshCache() });
    expect(listing).toEqual({
      complete: true,
      entries: [
        expect.objectContaining({ path: 'Dockerfile' }),
        expect.objectContaining({ path: 'services/big/k8s/deploy.yaml' }),
        expect.objectContaining({ path: 'services/compose.yaml' }),
      ],
    });
  });

  it('stops at the request budget, says the listing is incomplete and does not cache it', async () => {
    const cache = freshCache();
    const one = sha('one');
    const two = sha('two');
    github()
      .get(`/repos/acme/api/git/trees/${TREE}`)
      .query({ recursive: '1' })
      .reply(200, { sha: TREE, truncated: true, tree: [] })
      .get(`/repos/acme/api/git/trees/${TREE}`)
      .reply(200, { sha: TREE, truncated: false, tree: [blob('Dockerfile', 'FROM a\n'), dir('one', one), dir('two', two)] })
      .get(`/repos/acme/api/git/trees/${two}`)
      .query({ recursive: '1' })
      .reply(200, { sha: two, truncated: false, tree: [blob('Containerfile', 'FROM c\n')] });

    const listing = await readTree(testOctokit(), REPO, TREE, { cache, maxRequests: 3 });
    expect(listing.complete).toBe(false);
    expect(listing.entries.map((entry) => entry.path)).toEqual(['Dockerfile', 'two/Containerfile']);
    expect(cache.trees.get(TREE)).toBeUndefined();
  });

  it('says the listing is incomplete when one directory alone is too big to list', async () => {
    const cache = freshCache();
    const docs = sha('docs');
    github()
      .get(`/repos/acme/api/git/trees/${TREE}`)
      .query({ recursive: '1' })
      .reply(200, { sha: TREE, truncated: true, tree: [] })
      .get(`/repos/acme/api/git/trees/${TREE}`)
      .reply(200, { sha: TREE, truncated: false, tree: [blob('Dockerfile', 'FROM a\n'), dir('docs', docs)] })
      .get(`/repos/acme/api/git/trees/${docs}`)
      .query({ recursive: '1' })
      .reply(200, { sha: docs, truncated: true, tree: [] })
      // Even one level is cut off: what came back is kept, but more files may exist.
      .get(`/repos/acme/api/git/trees/${docs}`)
      .reply(200, { sha: docs, truncated: true, tree: [blob('Containerfile', 'FROM c\n')] });

    const listing = await readTree(testOctokit(), REPO, TREE, { cache });
    expect(listing).toEqual({
      complete: false,
      entries: [expect.objectContaining({ path: 'Dockerfile' }), expect.objectContaining({ path: 'docs/Containerfile' })],
    });
    expect(cache.trees.get(TREE)).toBeUndefined();
  });

  it('fails closed when a directory of a truncated tree cannot be read', async () => {
    const one = sha('one');
    github()
      .get(`/repos/acme/api/git/trees/${TREE}`)
      .query({ recursive: '1' })
      .reply(200, { sha: TREE, truncated: true, tree: [] })
      .get(`/repos/acme/api/git/trees/${TREE}`)
      .reply(200, { sha: TREE, truncated: false, tree: [dir('one', one)] })
      .get(`/repos/acme/api/git/trees/${one}`)
      .query({ recursive: '1' })
      .reply(500, { message: 'Server Error' });

    await expect(readTree(testOctokit(), REPO, TREE, { cache: freshCache() })).rejects.toThrow(
      `GET /repos/acme/api/git/trees/${one}?recursive=1: 500 Server Error`,
    );
  });

  it('reports a tree that does not exist', async () => {
    github().get(`/repos/acme/api/git/trees/${TREE}`).query({ recursive: '1' }).reply(404, { message: 'Not Found' });
    await expect(readTree(testOctokit(), REPO, TREE, { cache: freshCache() })).rejects.toMatchObject({ status: 404 });
  });
});

describe('readBlob', () => {
  // A BOM, CRLF line ends and a byte that is not UTF-8 must all survive the base64 round trip.
  const bytes = Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from('FROM node:22\r\nLABEL x="caf'),
    Buffer.from([0xe9]),
    Buffer.from('"\r\n'),
  ]);
  const blobSha = gitBlobSha(bytes);

  const RAW = { 'content-type': 'application/vnd.github.raw' };
  const rawBlob = () => github().get(`/repos/acme/api/git/blobs/${blobSha}`).matchHeader('accept', 'application/vnd.github.raw');

  it('reads the raw media type and returns the exact bytes, BOM and CRLF included, and caches them', async () => {
    const cache = freshCache();
    rawBlob().once().reply(200, bytes, RAW);

    const first = await readBlob(testOctokit(), REPO, blobSha, { cache });
    expect(Buffer.from(first).equals(bytes)).toBe(true);
    first[0] = 0; // a caller scribbling on its copy must not change what the next caller reads
    const second = await readBlob(testOctokit(), REPO, blobSha, { cache });
    expect(Buffer.from(second).equals(bytes)).toBe(true);
  });

  it('rejects a blob over the size limit as announced, without reading it', async () => {
    rawBlob().reply(200, Buffer.alloc(2 * 1024 * 1024), { ...RAW, 'content-length': String(2 * 1024 * 1024) });

    const failure = readBlob(testOctokit(), REPO, blobSha, { cache: freshCache() });
    await expect(failure).rejects.toBeInstanceOf(BlobTooLargeError);
    await expect(failure).rejects.toThrow(`GET /repos/acme/api/git/blobs/${blobSha}: blob is 2097152 bytes, over the 1048576-byte limit`);
  });

  it('stops reading a blob that grows past the limit when no length was announced', async () => {
    rawBlob().reply(200, () => Readable.from([Buffer.alloc(600_000), Buffer.alloc(600_000)]), RAW);

    await expect(readBlob(testOctokit(), REPO, blobSha, { cache: freshCache() })).rejects.toBeInstanceOf(BlobTooLargeError);
  });

  it('refuses an answer that is not the blob asked for (cut off or altered)', async () => {
    rawBlob().reply(200, bytes.subarray(0, 10), RAW);

    await expect(readBlob(testOctokit(), REPO, blobSha, { cache: freshCache() })).rejects.toThrow(
      `the 10 bytes received hash to blob ${gitBlobSha(bytes.subarray(0, 10))}, not the blob asked for`,
    );
  });

  it('fails closed on a missing blob', async () => {
    github().get(`/repos/acme/api/git/blobs/${blobSha}`).reply(404, { message: 'Not Found' });
    await expect(readBlob(testOctokit(), REPO, blobSha, { cache: freshCache() })).rejects.toMatchObject({
      name: 'GitHubError',
      status: 404,
      message: `GET /repos/acme/api/git/blobs/${blobSha}: 404 Not Found`,
    });
  });
});
