import { listClosedPullsForBranch, type ClosedAppPull } from '../github/pulls.js';
import type { GitHubClient, RepoRef } from '../github/types.js';
import { REPOSITORY_BRANCH } from '../pr/branches.js';
import { filterDeclined } from '../pr/declined.js';
import { groupUpdates } from '../pr/grouping.js';
import type { UpdateGroup } from '../pr/types.js';
import { updateIdentity, type OpenAppPull } from './decide.js';
import type { Proposal } from './proposals.js';

/**
 * Drops what reviewers declined: the digests of the app's PRs closed without merging. The closed
 * PRs are the memory (no database to lose), read only for a proposal that differs from its open
 * PR: an unchanged open PR was checked when it was built.
 *
 * A decline is about the digest, not the branch it was offered on, and the `group` setting
 * decides the branch: so the closed PRs of the branch every update would have in the other
 * grouping are read too (`pinbot/digests`, and each image's own branch). Each branch is asked
 * about once per run.
 */
export async function removeDeclined(
  octokit: GitHubClient,
  repo: RepoRef,
  proposals: readonly Proposal[],
  openPulls: readonly OpenAppPull[],
  appLogin: string | undefined,
): Promise<Proposal[]> {
  const openByBranch = new Map(openPulls.map((pull) => [pull.branch, pull]));
  const closedByBranch = new Map<string, Promise<ClosedAppPull[]>>();
  const closedOn = (branch: string): Promise<ClosedAppPull[]> => {
    let closed = closedByBranch.get(branch);
    if (closed === undefined) {
      closed = listClosedPullsForBranch(octokit, repo, branch, appLogin);
      closedByBranch.set(branch, closed);
    }
    return closed;
  };
  const kept: Proposal[] = [];
  for (const proposal of proposals) {
    const open = openByBranch.get(proposal.group.branch);
    if (open && sameSet(open.marker.updates.map(updateIdentity), proposal.group.updates.map(updateIdentity))) {
      kept.push(proposal);
      continue;
    }
    const declined: ClosedAppPull[] = [];
    for (const branch of branchesOffering(proposal.group)) {
      // One branch at a time: a failed list stops the run before more requests are spent.
      declined.push(...(await closedOn(branch)).filter((pull) => !pull.merged));
    }
    const updates = filterDeclined(
      proposal.group.updates,
      declined.map((pull) => pull.marker),
    );
    if (updates.length > 0) kept.push({ ...proposal, group: { ...proposal.group, updates } });
  }
  return kept;
}

/** The group's own branch, then the branches its updates get in either grouping. */
function branchesOffering(group: UpdateGroup): string[] {
  const branches = [group.branch, REPOSITORY_BRANCH, ...groupUpdates(group.updates, 'image').map((image) => image.branch)];
  return [...new Set(branches)];
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  return left.size === new Set(b).size && b.every((value) => left.has(value));
}
