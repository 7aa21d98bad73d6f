import { listClosedPullsForBranch } from '../github/pulls.js';
import type { GitHubClient, RepoRef } from '../github/types.js';
import { filterDeclined } from '../pr/declined.js';
import { updateIdentity, type OpenAppPull } from './lifecycle.js';
import type { Proposal } from './proposals.js';

/**
 * Drops what reviewers declined: the digests of the app's PRs on the same branch that were
 * closed without merging. The closed PRs are the memory (no database to lose), read only for a
 * proposal that differs from its open PR: an unchanged open PR was checked when it was built.
 */
export async function removeDeclined(
  octokit: GitHubClient,
  repo: RepoRef,
  proposals: readonly Proposal[],
  openPulls: readonly OpenAppPull[],
  appLogin: string | undefined,
): Promise<Proposal[]> {
  const openByBranch = new Map(openPulls.map((pull) => [pull.branch, pull]));
  const kept: Proposal[] = [];
  for (const proposal of proposals) {
    const open = openByBranch.get(proposal.group.branch);
    if (open && sameSet(open.marker.updates.map(updateIdentity), proposal.group.updates.map(updateIdentity))) {
      kept.push(proposal);
      continue;
    }
    const closed = await listClosedPullsForBranch(octokit, repo, proposal.group.branch, appLogin);
    const declined = closed.filter((pull) => !pull.merged).map((pull) => pull.marker);
    const updates = filterDeclined(proposal.group.updates, declined);
    if (updates.length > 0) kept.push({ ...proposal, group: { ...proposal.group, updates } });
  }
  return kept;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  return left.size === new Set(b).size && b.every((value) => left.has(value));
}
