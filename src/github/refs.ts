import { attempt, isStatus } from './errors.js';
import { swapRef } from './ref-swap.js';
import type { GitHubClient, RepoRef, SwapOutcome, SwapRequest } from './types.js';

export type { SwapOutcome, SwapRequest } from './types.js';

/**
 * Branch refs. The rule the app lives by: a branch moves or disappears only while its head is
 * still the commit the app last wrote there, so a human push is never lost. Outcomes the
 * caller has to act on (exists, not a fast-forward, moved, missing) are returned; anything else
 * throws a GitHubError.
 */

export type CreateBranchOutcome = { readonly kind: 'created' } | { readonly kind: 'exists' };
export type FastForwardOutcome = { readonly kind: 'updated' } | { readonly kind: 'not-fast-forward' } | { readonly kind: 'missing' };
export type DeleteOutcome =
  { readonly kind: 'deleted' } | { readonly kind: 'moved'; readonly currentSha: string } | { readonly kind: 'missing' };

const REFERENCE_MISSING = /Reference does not exist/i;

/** The commit a branch points to, or undefined when there is no such branch. Cost: 1 request. */
export async function getBranchHead(octokit: GitHubClient, repo: RepoRef, branch: string): Promise<string | undefined> {
  try {
    const { data } = await attempt(() => octokit.rest.git.getRef({ owner: repo.owner, repo: repo.repo, ref: `heads/${branch}` }));
    return data.object.sha;
  } catch (error) {
    if (isStatus(error, 404)) return undefined;
    throw error;
  }
}

/** Creates `refs/heads/<branch>` at `sha`; `exists` when the branch is already there. Cost: 1 request. */
export async function createBranch(octokit: GitHubClient, repo: RepoRef, branch: string, sha: string): Promise<CreateBranchOutcome> {
  try {
    await attempt(
      () => octokit.rest.git.createRef({ owner: repo.owner, repo: repo.repo, ref: `refs/heads/${branch}`, sha }),
      `refs/heads/${branch}`,
    );
    return { kind: 'created' };
  } catch (error) {
    if (isStatus(error, 422, /already exists/i)) return { kind: 'exists' };
    throw error;
  }
}

/**
 * Moves a branch forward to `sha` (which must descend from its head). GitHub refuses anything
 * else, so this can never drop a commit, whoever pushed it. Cost: 1 request.
 */
export async function fastForwardBranch(octokit: GitHubClient, repo: RepoRef, branch: string, sha: string): Promise<FastForwardOutcome> {
  try {
    await attempt(() => octokit.rest.git.updateRef({ owner: repo.owner, repo: repo.repo, ref: `heads/${branch}`, sha, force: false }));
    return { kind: 'updated' };
  } catch (error) {
    if (isStatus(error, 422, /not a fast.forward/i)) return { kind: 'not-fast-forward' };
    if (isStatus(error, 422, REFERENCE_MISSING) || isStatus(error, 404)) return { kind: 'missing' };
    throw error;
  }
}

/**
 * Points a branch at `newSha` (a rebuilt branch: not a fast-forward) only if it still points at
 * `expectedSha`. Atomic through GraphQL `updateRefs` where the server has it; on servers without
 * it (older GHES) the ref is read again and force-updated only when unchanged, which leaves a
 * window of one round trip.
 *
 * Cost: 1 GraphQL request; +1 (re-read) when GitHub rejects the update; on servers without
 * `updateRefs`, 1 failed GraphQL request + 1 read + 1 PATCH when unchanged.
 */
export async function compareAndSwapBranch(octokit: GitHubClient, repo: RepoRef, request: SwapRequest): Promise<SwapOutcome> {
  return swapRef(
    octokit,
    repo,
    request,
    () => getBranchHead(octokit, repo, request.branch),
    async () => {
      await attempt(
        () =>
          octokit.rest.git.updateRef({
            owner: repo.owner,
            repo: repo.repo,
            ref: `heads/${request.branch}`,
            sha: request.newSha,
            force: true,
          }),
        'force',
      );
    },
  );
}

/**
 * Deletes a branch only if it still points at `expectedSha`. With `repositoryNodeId` the check and
 * the delete are one atomic GraphQL `updateRefs` (falling back like compareAndSwapBranch);
 * without it the ref is re-read and then deleted.
 *
 * Cost: 1 GraphQL request (+1 re-read on rejection), or 1 read + 1 DELETE.
 */
export async function deleteBranch(
  octokit: GitHubClient,
  repo: RepoRef,
  branch: string,
  expectedSha: string,
  options: { readonly repositoryNodeId?: string } = {},
): Promise<DeleteOutcome> {
  const readHead = () => getBranchHead(octokit, repo, branch);
  const restDelete = async (): Promise<DeleteOutcome> => {
    try {
      await attempt(() => octokit.rest.git.deleteRef({ owner: repo.owner, repo: repo.repo, ref: `heads/${branch}` }));
      return { kind: 'deleted' };
    } catch (error) {
      if (isStatus(error, 422, REFERENCE_MISSING) || isStatus(error, 404)) return { kind: 'missing' };
      throw error;
    }
  };

  if (options.repositoryNodeId !== undefined) {
    const request = { branch, expectedSha, newSha: ZERO_SHA, repositoryNodeId: options.repositoryNodeId };
    let missing = false;
    const outcome = await swapRef(octokit, repo, request, readHead, async () => {
      missing = (await restDelete()).kind === 'missing';
    });
    if (outcome.kind === 'updated') return missing ? { kind: 'missing' } : { kind: 'deleted' };
    return outcome.currentSha === undefined ? { kind: 'missing' } : { kind: 'moved', currentSha: outcome.currentSha };
  }

  const current = await readHead();
  if (current === undefined) return { kind: 'missing' };
  if (current !== expectedSha) return { kind: 'moved', currentSha: current };
  return restDelete();
}

/** In `updateRefs`, an afterOid of all zeros deletes the ref. */
export const ZERO_SHA = '0000000000000000000000000000000000000000';
