import { attempt, isStatus } from './errors.js';
import type { GitHubClient, RepoRef } from './types.js';

/**
 * Telling the app's own commits from anyone else's when the PR marker cannot say (a run that
 * moved a branch but failed before it could record the new head in the PR body, or a branch
 * left without a PR). The app sends no author or committer, so GitHub writes the app's bot as
 * author, itself as committer, and signs the commit: a signature nobody else can produce. A
 * commit is the app's when GitHub verified it and it carries the same author and committer as
 * a commit the app is known to have written.
 */

interface Authorship {
  readonly author: string;
  readonly committer: string;
  readonly verified: boolean;
}

/** Cost: 1 request. Undefined when the commit does not exist. */
async function readAuthorship(octokit: GitHubClient, repo: RepoRef, sha: string): Promise<Authorship | undefined> {
  try {
    const { data } = await attempt(() => octokit.rest.git.getCommit({ owner: repo.owner, repo: repo.repo, commit_sha: sha }));
    return {
      author: `${data.author.name} <${data.author.email}>`,
      committer: `${data.committer.name} <${data.committer.email}>`,
      verified: data.verification?.verified === true,
    };
  } catch (error) {
    if (isStatus(error, 404) || isStatus(error, 422)) return undefined;
    throw error;
  }
}

/**
 * True when `sha` was written by the app, judged against `knownAppCommit` (a commit the app
 * wrote itself). An unsigned commit never counts, whatever name it carries: anyone can type the
 * bot's name into `git commit --author`. Cost: 0 when the shas are equal, else 2 requests.
 */
export async function isAppCommit(octokit: GitHubClient, repo: RepoRef, sha: string, knownAppCommit: string): Promise<boolean> {
  if (sha === knownAppCommit) return true;
  const [candidate, known] = await Promise.all([readAuthorship(octokit, repo, sha), readAuthorship(octokit, repo, knownAppCommit)]);
  if (candidate === undefined || known === undefined) return false;
  return candidate.verified && known.verified && candidate.author === known.author && candidate.committer === known.committer;
}
