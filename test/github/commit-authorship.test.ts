import { describe, expect, it } from '@jest/globals';
import { isAppCommit } from '../../src/github/commit-authorship.js';
import { github, REPO, sha, testOctokit, useStrictNock } from './support.js';

useStrictNock();

const KNOWN = sha('commit the app wrote');
const CANDIDATE = sha('commit on the branch now');
const WHEN = '2025-06-02T09:30:00Z';
const BOT = { name: 'pinbot[bot]', email: '41898282+pinbot[bot]@users.noreply.github.com', date: WHEN };
const GITHUB = { name: 'GitHub', email: 'noreply@github.com', date: WHEN };
const SIGNED = { verified: true, reason: 'valid', signature: '-----BEGIN PGP SIGNATURE-----', payload: 'tree' };
const UNSIGNED = { verified: false, reason: 'unsigned', signature: null, payload: null };

function commit(commitSha: string, fields: { author?: object; committer?: object; verification?: object } = {}) {
  github()
    .get(`/repos/acme/api/git/commits/${commitSha}`)
    .reply(200, {
      sha: commitSha,
      author: BOT,
      committer: GITHUB,
      verification: SIGNED,
      message: 'm',
      tree: { sha: sha('tree') },
      parents: [],
      ...fields,
    });
}

describe('isAppCommit', () => {
  it('is true without a request for the commit the app is known to have written', async () => {
    await expect(isAppCommit(testOctokit(), REPO, KNOWN, KNOWN)).resolves.toBe(true);
  });

  it('is true for a signed commit with the same author and committer as the known one', async () => {
    commit(CANDIDATE);
    commit(KNOWN);
    await expect(isAppCommit(testOctokit(), REPO, CANDIDATE, KNOWN)).resolves.toBe(true);
  });

  it('is false for a developer’s commit, signed or not', async () => {
    const dana = { name: 'Dana Developer', email: 'dana@acme.example', date: WHEN };
    commit(CANDIDATE, { author: dana, committer: GITHUB });
    commit(KNOWN);
    await expect(isAppCommit(testOctokit(), REPO, CANDIDATE, KNOWN)).resolves.toBe(false);
  });

  it('is false for an unsigned commit that borrows the bot’s name', async () => {
    commit(CANDIDATE, { verification: UNSIGNED });
    commit(KNOWN);
    await expect(isAppCommit(testOctokit(), REPO, CANDIDATE, KNOWN)).resolves.toBe(false);
  });

  it('is false when GitHub signs nothing (a GHES without commit signing): no proof either way', async () => {
    commit(CANDIDATE, { verification: UNSIGNED });
    commit(KNOWN, { verification: UNSIGNED });
    await expect(isAppCommit(testOctokit(), REPO, CANDIDATE, KNOWN)).resolves.toBe(false);
  });

  it('is false when the known commit is gone', async () => {
    commit(CANDIDATE);
    github().get(`/repos/acme/api/git/commits/${KNOWN}`).reply(404, { message: 'Not Found' });
    await expect(isAppCommit(testOctokit(), REPO, CANDIDATE, KNOWN)).resolves.toBe(false);
  });

  it('throws when GitHub cannot answer, so the run makes no writes', async () => {
    commit(KNOWN);
    github().get(`/repos/acme/api/git/commits/${CANDIDATE}`).reply(502, { message: 'Server Error' });
    await expect(isAppCommit(testOctokit(), REPO, CANDIDATE, KNOWN)).rejects.toThrow(
      `GET /repos/acme/api/git/commits/${CANDIDATE}: 502 Server Error`,
    );
  });
});
