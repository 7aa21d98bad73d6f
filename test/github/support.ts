/**
 * Shared pieces for the GitHub edge tests: strict nock (network off, every mock used, no
 * request unmatched) and a Probot Octokit without retries or throttling, so each mocked answer
 * is seen exactly once and nothing waits.
 */
import { createHash } from 'node:crypto';
import nock from '../helpers/nock.js';
export { useStrictNock } from '../helpers/strict-nock.js';
import { ProbotOctokit } from 'probot';
import { createGitObjectCache, type GitObjectCache } from '../../src/github/cache.js';
import type { GitHubClient, RepoRef } from '../../src/github/types.js';

export const API = 'https://api.github.com';
export const REPO: RepoRef = { owner: 'acme', repo: 'api' };

const TestOctokit = ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } });

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

export function testOctokit(token = 'test'): GitHubClient {
  return new TestOctokit({ auth: { token }, log: silent });
}

export function github(): nock.Scope {
  return nock(API);
}

/** A fresh cache per test, so no test sees another's objects. */
export function freshCache(): GitObjectCache {
  return createGitObjectCache();
}

/** A commit-like sha derived from a word, so tests read `sha('main-head')` instead of noise. */
export function sha(word: string): string {
  return createHash('sha1').update(word).digest('hex');
}

/** GitHub's error body for a failed request. */
export function githubError(message: string, errors?: unknown[]): Record<string, unknown> {
  return {
    message,
    ...(errors === undefined ? {} : { errors }),
    documentation_url: 'https://docs.github.com/rest',
    status: '422',
  };
}
