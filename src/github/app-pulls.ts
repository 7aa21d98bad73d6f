import { isAppBranch } from '../pr/branches.js';
import { parseMarker } from '../pr/marker.js';
import type { PrMarker } from '../pr/types.js';
import { attempt } from './errors.js';
import type { GitHubClient, RepoRef } from './types.js';

/**
 * Finding the app's pull requests. An app PR is recognised by three things together: a
 * `pinbot/` head branch in the same repository, the app as author (when its login is known), and
 * a valid marker in the body whose branch matches. Anything short of that is left alone, since
 * acting on a human's PR would be worse than missing one of ours.
 */

export interface AppPull {
  readonly number: number;
  readonly branch: string;
  readonly headSha: string;
  readonly baseRef: string;
  readonly title: string;
  readonly body: string;
  readonly marker: PrMarker;
}

/** An app-branch PR whose marker is missing or broken (edited by hand?), with the reason. */
export interface UnreadablePull {
  readonly number: number;
  readonly branch: string;
  readonly reason: string;
}

export interface OpenAppPulls {
  readonly pulls: readonly AppPull[];
  readonly unreadable: readonly UnreadablePull[];
}

export interface ClosedAppPull {
  readonly number: number;
  readonly merged: boolean;
  /** The head when it was closed: GitHub keeps that commit with the PR whatever its branch does later. */
  readonly headSha: string;
  readonly marker: PrMarker;
}

interface ListedPull {
  readonly number: number;
  readonly title: string;
  readonly body: string | null;
  readonly user: { readonly login: string } | null;
  readonly head: { readonly ref: string; readonly sha: string; readonly repo: { readonly full_name: string } | null };
  readonly base: { readonly ref: string; readonly repo: { readonly full_name: string } };
}

type Recognised =
  { readonly kind: 'ours'; readonly marker: PrMarker } | { readonly kind: 'broken'; readonly reason: string } | { readonly kind: 'other' };

function recognise(pull: ListedPull, appLogin: string | undefined): Recognised {
  if (!isAppBranch(pull.head.ref)) return { kind: 'other' };
  // A fork's PR can use any branch name; only branches in this repository are the app's.
  const headRepo = pull.head.repo?.full_name.toLowerCase();
  if (headRepo === undefined || headRepo !== pull.base.repo.full_name.toLowerCase()) return { kind: 'other' };
  if (appLogin !== undefined && pull.user?.login.toLowerCase() !== appLogin.toLowerCase()) return { kind: 'other' };
  const parsed = parseMarker(pull.body);
  if (!parsed.ok) return { kind: 'broken', reason: parsed.reason };
  if (parsed.marker.branch !== pull.head.ref) {
    return { kind: 'broken', reason: `the pinbot marker names branch ${parsed.marker.branch}, not ${pull.head.ref}` };
  }
  return { kind: 'ours', marker: parsed.marker };
}

/**
 * Open app PRs (see above; `appLogin` is e.g. `pinbot[bot]`). Fails closed: an error throws, so
 * the caller never mistakes "could not list" for "no PRs" and opens duplicates.
 *
 * Cost: one request per 100 open PRs.
 */
export async function listOpenAppPulls(octokit: GitHubClient, repo: RepoRef, appLogin?: string): Promise<OpenAppPulls> {
  const listed = await attempt(() =>
    octokit.paginate(octokit.rest.pulls.list, { owner: repo.owner, repo: repo.repo, state: 'open', per_page: 100 }),
  );
  const pulls: AppPull[] = [];
  const unreadable: UnreadablePull[] = [];
  for (const pull of listed) {
    const found = recognise(pull, appLogin);
    const branch = pull.head.ref;
    if (found.kind === 'broken') unreadable.push({ number: pull.number, branch, reason: found.reason });
    if (found.kind !== 'ours') continue;
    const { number, title, head, base } = pull;
    pulls.push({ number, branch, headSha: head.sha, baseRef: base.ref, title, body: pull.body ?? '', marker: found.marker });
  }
  return { pulls, unreadable };
}

/**
 * Closed app PRs of one branch, merged or not, each with its marker (those without a valid one
 * are skipped: they cannot say what was declined). Cost: one request per 100 closed PRs.
 */
export async function listClosedPullsForBranch(
  octokit: GitHubClient,
  repo: RepoRef,
  branch: string,
  appLogin?: string,
): Promise<ClosedAppPull[]> {
  const head = `${repo.owner}:${branch}`;
  const listed = await attempt(() =>
    octokit.paginate(octokit.rest.pulls.list, { owner: repo.owner, repo: repo.repo, state: 'closed', head, per_page: 100 }),
  );
  return listed.flatMap((pull) => {
    const found = recognise(pull, appLogin);
    return found.kind === 'ours'
      ? [{ number: pull.number, merged: pull.merged_at !== null, headSha: pull.head.sha, marker: found.marker }]
      : [];
  });
}
