import { attempt, isStatus } from './errors.js';
import type { GitHubClient, RepoRef } from './types.js';

export { listClosedPullsForBranch, listOpenAppPulls } from './app-pulls.js';
export type { AppPull, ClosedAppPull, OpenAppPulls, UnreadablePull } from './app-pulls.js';
export { addAssignees, addLabels, requestReviewers } from './pull-people.js';
export type { AssigneesOutcome, ReviewersOutcome } from './pull-people.js';

/**
 * Changing the app's pull requests (and reading what the list endpoint lacks). Recognising them
 * is in app-pulls.ts; labels, reviewers and assignees in pull-people.ts; all are exported here.
 */

export interface PullMergeability {
  readonly state: 'open' | 'closed';
  readonly merged: boolean;
  readonly headSha: string;
  /** Null while GitHub is still computing it (ask again later); false means conflicts. */
  readonly mergeable: boolean | null;
  /** GitHub's `mergeable_state`: `clean`, `dirty` (conflicts), `behind`, `blocked`, `unknown`, … */
  readonly mergeableState: string;
}

/** One PR's merge status, which the list endpoint does not carry. Cost: 1 request. */
export async function getPullMergeability(octokit: GitHubClient, repo: RepoRef, number: number): Promise<PullMergeability> {
  const { data } = await attempt(() => octokit.rest.pulls.get({ owner: repo.owner, repo: repo.repo, pull_number: number }));
  return {
    state: data.state === 'open' ? 'open' : 'closed',
    merged: data.merged,
    headSha: data.head.sha,
    mergeable: data.mergeable,
    mergeableState: data.mergeable_state,
  };
}

export interface NewPull {
  readonly branch: string;
  readonly base: string;
  readonly title: string;
  readonly body: string;
}

export type CreatePullOutcome =
  | { readonly kind: 'created'; readonly number: number; readonly nodeId: string }
  /** GitHub already has an open PR for this branch (one the caller did not recognise as its own). */
  | { readonly kind: 'exists' };

/** Opens a PR from `branch` into `base`. Cost: 1 request. */
export async function createPull(octokit: GitHubClient, repo: RepoRef, pull: NewPull): Promise<CreatePullOutcome> {
  try {
    const { data } = await attempt(
      () =>
        octokit.rest.pulls.create({
          owner: repo.owner,
          repo: repo.repo,
          head: pull.branch,
          base: pull.base,
          title: pull.title,
          body: pull.body,
        }),
      pull.branch,
    );
    return { kind: 'created', number: data.number, nodeId: data.node_id };
  } catch (error) {
    if (isStatus(error, 422, /pull request already exists/i)) return { kind: 'exists' };
    throw error;
  }
}

/**
 * Replaces title and body (the body carries the marker) and, with `base`, retargets the PR (the
 * default branch changed under it). Returns the PR's state as GitHub answered, so a caller can
 * tell that it was closed meanwhile. Cost: 1 request.
 */
export async function updatePull(
  octokit: GitHubClient,
  repo: RepoRef,
  number: number,
  content: { readonly title: string; readonly body: string; readonly base?: string },
): Promise<{ readonly state: 'open' | 'closed' }> {
  const base = content.base === undefined ? {} : { base: content.base };
  const { data } = await attempt(() =>
    octokit.rest.pulls.update({
      owner: repo.owner,
      repo: repo.repo,
      pull_number: number,
      title: content.title,
      body: content.body,
      ...base,
    }),
  );
  // Only an answer that says `closed` counts as closed: a short answer (a test double) is not news.
  return { state: data.state === 'closed' ? 'closed' : 'open' };
}

/** Comments (when `comment` is given) and then closes, so the reason is there when people look. Cost: 1 or 2 requests. */
export async function closePull(octokit: GitHubClient, repo: RepoRef, number: number, comment?: string): Promise<void> {
  if (comment !== undefined) await commentOnPull(octokit, repo, number, comment);
  await attempt(() => octokit.rest.pulls.update({ owner: repo.owner, repo: repo.repo, pull_number: number, state: 'closed' }), 'close');
}

/** Cost: 1 request. */
export async function commentOnPull(octokit: GitHubClient, repo: RepoRef, number: number, body: string): Promise<void> {
  await attempt(() => octokit.rest.issues.createComment({ owner: repo.owner, repo: repo.repo, issue_number: number, body }));
}

export interface PullFile {
  readonly path: string;
  /** `added`, `removed`, `modified`, `renamed`, … */
  readonly status: string;
  /** The old path of a renamed file. */
  readonly previousPath?: string;
}

/** Files a PR changes (GitHub lists at most 3,000). Cost: one request per 100 files. */
export async function listPullFiles(octokit: GitHubClient, repo: RepoRef, number: number): Promise<PullFile[]> {
  const files = await attempt(() =>
    octokit.paginate(octokit.rest.pulls.listFiles, { owner: repo.owner, repo: repo.repo, pull_number: number, per_page: 100 }),
  );
  return files.map((file) => ({
    path: file.filename,
    status: file.status,
    ...(file.previous_filename === undefined ? {} : { previousPath: file.previous_filename }),
  }));
}
