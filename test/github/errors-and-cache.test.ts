import { gitBlobSha } from '../../src/github/commits.js';
import { describe, expect, it } from '@jest/globals';
import { createGitObjectCache, ObservedLru } from '../../src/github/cache.js';
import { describeBody, GitHubError, requestLine, toGitHubError } from '../../src/github/errors.js';
import { readBlob } from '../../src/github/repo-tree.js';
import { getBranchHead } from '../../src/github/refs.js';
import { github, REPO, testOctokit, useStrictNock } from './support.js';

useStrictNock();

describe('GitHubError', () => {
  const TOKEN = 'ghs_16C7e42F292c6912E7710c838347Ae178B4a';

  it('names the request and says there was no response on a network failure, without the token', async () => {
    github().get('/repos/acme/api/git/ref/heads%2Fmain').replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });

    const error = await getBranchHead(testOctokit(TOKEN), REPO, 'main').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GitHubError);
    expect(error).toMatchObject({ status: undefined, request: 'GET /repos/acme/api/git/ref/heads/main' });
    expect((error as Error).message).toMatch(/^GET \/repos\/acme\/api\/git\/ref\/heads\/main: no response /);
    expect(JSON.stringify({ message: (error as Error).message, detail: (error as GitHubError).detail })).not.toContain(TOKEN);
  });

  it('keeps the token out of the message when GitHub refuses the credentials', async () => {
    github().get('/repos/acme/api/git/ref/heads%2Fmain').reply(401, { message: 'Bad credentials' });

    const error = await getBranchHead(testOctokit(TOKEN), REPO, 'main').catch((caught: unknown) => caught);
    expect((error as Error).message).toBe('GET /repos/acme/api/git/ref/heads/main: 401 Bad credentials');
  });

  it("names the request from Octokit's own request, not from the caller", async () => {
    github().get('/repos/acme/api/pulls').query({ state: 'open', per_page: '100' }).reply(502, { message: 'Server Error' });

    const error = await testOctokit()
      .paginate(testOctokit().rest.pulls.list, { owner: 'acme', repo: 'api', state: 'open', per_page: 100 })
      .catch((caught: unknown) => toGitHubError(caught, 'open pulls'));
    // Paging parameters are left out; the filter that says which listing failed is kept.
    expect((error as Error).message).toBe('GET /repos/acme/api/pulls?state=open (open pulls): 502 Server Error');
  });

  it('shows only harmless query parameters, and reads GitHub Enterprise routes like github.com ones', () => {
    const line = requestLine('GET', 'https://ghe.example.com/api/v3/repos/a/b/git/trees/abc?recursive=1&access_token=ghp_secret&page=2');
    expect(line).toBe('GET /repos/a/b/git/trees/abc?recursive=1');
    expect(requestLine('patch', 'https://api.github.com/repos/a/b/git/refs/heads%2Fpinbot%2Fx', 'force')).toBe(
      'PATCH /repos/a/b/git/refs/heads/pinbot/x (force)',
    );
  });

  it('says what it can when an error carries no request', () => {
    expect(toGitHubError(new TypeError('boom'), '.github/pinbot.yml').message).toBe(
      'GitHub request (.github/pinbot.yml): no response boom',
    );
  });

  it('describes validation errors in one line', () => {
    expect(
      describeBody({
        message: 'Validation Failed',
        errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }, 'plain text\nover two lines'],
      }),
    ).toBe('Validation Failed: already_exists (Label.name); plain text over two lines');
    expect(describeBody('x'.repeat(400))).toHaveLength(300);
    expect(describeBody(undefined)).toBe('');
  });
});

describe('ObservedLru', () => {
  it('evicts the least recently used entries once over its weight', () => {
    const lru = new ObservedLru<string>(10, (value) => value.length);
    lru.set('a', 'xxxx');
    lru.set('b', 'xxxx');
    expect(lru.get('a')).toBe('xxxx'); // a is now the most recent
    lru.set('c', 'xxxx');
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual(['xxxx', undefined, 'xxxx']);
    expect(lru.calculatedSize).toBe(8);
  });

  it('does not keep a value heavier than the whole cache', () => {
    const lru = new ObservedLru<string>(3, (value) => value.length);
    lru.set('small', 'xx');
    lru.set('big', 'xxxx');
    expect([lru.get('small'), lru.get('big'), lru.size]).toEqual(['xx', undefined, 1]);
  });

  it('replaces a value under the same key without counting it twice', () => {
    const lru = new ObservedLru<string>(10, (value) => value.length);
    lru.set('a', 'xxxx');
    lru.set('a', 'xx');
    expect([lru.get('a'), lru.calculatedSize, lru.size]).toEqual(['xx', 2, 1]);
  });

  it('bounds the blob cache by bytes', async () => {
    const cache = createGitObjectCache({ blobBytes: 200 });
    const contents = [1, 2, 3].map((fill) => Buffer.alloc(80, fill));
    const shas = contents.map((bytes) => gitBlobSha(bytes));
    for (const [index, blobSha] of shas.entries()) {
      github().get(`/repos/acme/api/git/blobs/${blobSha}`).reply(200, contents[index], { 'content-type': 'application/vnd.github.raw' });
      await readBlob(testOctokit(), REPO, blobSha, { cache });
    }
    expect(cache.blobs.get(shas[0] as string)).toBeUndefined();
    expect(cache.blobs.get(shas[2] as string)).toHaveLength(80);
  });
});
