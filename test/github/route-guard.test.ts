import { parseConfigFile } from '../../src/config/config-file.js';
import { describe, expect, it } from '@jest/globals';
import { ProbotOctokit } from 'probot';
import { loadRepoConfig } from '../../src/github/config.js';
import { isBranchName, parseFullName } from '../../src/github/names.js';
import { getBranchHead } from '../../src/github/refs.js';
import { readDefaultBranch } from '../../src/github/repo-tree.js';
import { routeGuard, routeProblem } from '../../src/github/route-guard.js';
import type { GitHubClient } from '../../src/github/types.js';
import { scanRepository } from '../../src/repository/scan-repository.js';
import { github, useStrictNock } from './support.js';

/**
 * Issue 8, finding 12: an owner `..` in a payload produced a request to
 * `/../../..%2fadmin/git/ref/heads/main`. With the guard every Octokit call refuses such a
 * name before sending anything; strict nock fails the test on any request that goes out.
 */
useStrictNock();

const GuardedOctokit = ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } }).plugin(routeGuard);
const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const guarded = (): GitHubClient => new GuardedOctokit({ auth: { token: 'test' }, log: silent });

describe('routeGuard', () => {
  it.each([
    [{ owner: '..', repo: 'admin' }, 'owner ".." is not a GitHub account name'],
    [{ owner: 'acme', repo: '..' }, 'repository ".." is not a GitHub repository name'],
    [{ owner: 'acme', repo: '.' }, 'repository "." is not a GitHub repository name'],
    [{ owner: '..%2f..', repo: 'x' }, 'owner "..%2f.." is not a GitHub account name'],
    [{ owner: 'acme', repo: 'api/../../admin' }, 'repository "api/../../admin" is not a GitHub repository name'],
  ])('refuses %o before any request', async (repo, reason) => {
    await expect(getBranchHead(guarded(), repo, 'main')).rejects.toThrow(reason);
  });

  it('refuses a path that would hold a dot segment after expansion', () => {
    const options = { method: 'GET', url: '/repos/{owner}/{repo}/contents/{path}', owner: 'acme', repo: 'api', path: '..' };
    expect(routeProblem(options, 'https://api.github.com/repos/acme/api/contents/%2E%2e')).toBe('its path would contain a . or .. segment');
    expect(routeProblem(options, 'https://api.github.com/repos/acme/api/contents/.github%2F..%2Fx.yml')).toBeUndefined();
  });

  it('lets well-formed requests through, each parameter one encoded segment', async () => {
    github()
      .get('/repos/acme/my.repo_1/git/ref/heads%2Fpinbot%2Fdigests')
      .reply(200, { object: { type: 'commit', sha: 'a'.repeat(40) } });
    await expect(getBranchHead(guarded(), { owner: 'acme', repo: 'my.repo_1' }, 'pinbot/digests')).resolves.toBe('a'.repeat(40));
  });

  it('refuses an `_extends` naming `..` before any request is made', async () => {
    github()
      .get('/repos/acme/api/contents/.github%2Fpinbot.yml')
      .reply(200, '_extends: ..\nlabels: [x]\n', { 'content-type': 'text/plain; charset=utf-8' });
    const loaded = loadRepoConfig(
      guarded(),
      { owner: 'acme', repo: 'api' },
      { parse: async (text, source) => parseConfigFile(text, source) },
    );
    await expect(loaded).resolves.toEqual({
      ok: false,
      errors: [
        '.github/pinbot.yml: _extends: repository ".." is not a GitHub repository name (letters, digits, ., _ and -, at most 100; not . or ..)',
      ],
    });
  });

  it('makes readDefaultBranch refuse an invalid owner too', async () => {
    await expect(readDefaultBranch(guarded(), { owner: '..', repo: 'api' }, { branch: 'main' })).rejects.toThrow(
      /not a GitHub account name/,
    );
  });
});

describe('scanRepository', () => {
  it('writes nothing and asks nothing for a target whose names would leave /repos/', async () => {
    const log = { ...silent, trace: () => undefined, fatal: () => undefined, child: () => log } as never;
    const outcome = await scanRepository(
      {
        octokit: guarded(),
        check: {} as never,
        scanFile: {} as never,
        parseConfigFile: {} as never,
        now: () => new Date(),
        log,
        canWriteWorkflows: async () => true,
      },
      { owner: '..', repo: '..%2fadmin', defaultBranch: 'main' },
    );
    expect(outcome).toEqual({ kind: 'no-writes', reason: 'owner ".." is not a GitHub account name (letters, digits and -, at most 39)' });
  });
});

describe('GitHub names', () => {
  it.each(['acme/api', 'a/b', 'Octo-Cat/.github', 'x/..a', 'org/repo.js'])('%s is owner/repo', (name) => {
    expect(parseFullName(name)).toBeDefined();
  });
  it.each(['acme', 'a/b/c', '../admin', 'acme/..', 'acme/.', 'ac me/api', `${'o'.repeat(40)}/r`, `o/${'r'.repeat(101)}`, 'acme/a%2fb'])(
    '%s is not',
    (name) => {
      expect(parseFullName(name)).toBeUndefined();
    },
  );
  it.each(['main', 'release/1.x', 'feature/ü-umlaut', 'pinbot/docker.io-node-22'])('%s is a branch name', (branch) => {
    expect(isBranchName(branch)).toBe(true);
  });
  it.each([
    '',
    '..',
    '../main',
    'a..b',
    '/main',
    'main/',
    'a//b',
    '.hidden',
    'x.lock',
    'a b',
    'a~1',
    'a^',
    'a:b',
    'a\\b',
    '@',
    'a@{1}',
    'main.',
  ])('%j is not', (branch) => {
    expect(isBranchName(branch)).toBe(false);
  });
});
