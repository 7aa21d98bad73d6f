import { listClosedPullsForBranch } from '../github/pulls.js';
import type { GitHubClient, RepoRef } from '../github/types.js';
import type { PlannedPin } from '../pin/plan.js';
import { PIN_BRANCH } from '../pr/branches.js';
import type { PrMarker, ProposedUpdate, UpdateGroup } from '../pr/types.js';
import { updateIdentity, type OpenAppPull } from './decide.js';
import { isWorkflowFile, proposedChange, type Proposal } from './proposals.js';

/**
 * The pinning PR (issue 10): one PR on `pinbot/pin` that pins every tag-only reference the
 * configuration does not ignore, kept beside the digest-update PRs under the same lifecycle.
 */

/** Pure: a pin as the PR records it. `from` is null: the reference had no digest. */
export function toProposedPin(pin: PlannedPin): ProposedUpdate {
  return proposedChange(pin.reference, { from: null, to: pin.digest, platform: null });
}

export interface PinProposal {
  /** The pinning PR's group, or undefined when nothing is left to pin. */
  readonly proposal: Proposal | undefined;
  /** Pins left out this run because an update PR edits the same line; they come once it is merged or declined. */
  readonly heldForUpdates: readonly ProposedUpdate[];
}

/**
 * Pure: the pinning PR's group. A line that a digest-update PR edits is left out, so the two
 * PRs never change the same line (merging one would conflict the other); such a line is pinned
 * once the update is merged or declined. Without the `workflows` permission, workflow files are
 * left out and named, as in update PRs.
 */
export function buildPinProposal(pins: readonly PlannedPin[], updates: readonly Proposal[], canWriteWorkflows: boolean): PinProposal {
  const editedLines = new Set(updates.flatMap(({ group }) => group.updates.map((update) => `${update.file}:${update.line}`)));
  const proposed = pins.map(toProposedPin).sort((a, b) => compareText(a.file, b.file) || a.line - b.line || compareText(a.image, b.image));
  const heldForUpdates = proposed.filter((pin) => editedLines.has(`${pin.file}:${pin.line}`));
  const free = proposed.filter((pin) => !editedLines.has(`${pin.file}:${pin.line}`));
  const omitted = canWriteWorkflows ? [] : free.filter((pin) => isWorkflowFile(pin.file));
  const kept = free.filter((pin) => !omitted.includes(pin));
  const omittedWorkflowFiles = [...new Set(omitted.map((pin) => pin.file))].sort();
  const proposal = kept.length === 0 ? undefined : { group: { branch: PIN_BRANCH, key: 'pin', updates: kept }, omittedWorkflowFiles };
  return { proposal, heldForUpdates };
}

/** What a declined pin is remembered by: the reference (file, image, tag), whatever digest its tag points to later. */
export function declinedPinKey(pin: Pick<ProposedUpdate, 'file' | 'image' | 'tag'>): string {
  return `${pin.file}|${pin.image}|${pin.tag}`;
}

/** Pure: drops the pins of references a reviewer declined (closed pinning PRs, not merged). */
export function filterDeclinedPins(pins: readonly ProposedUpdate[], declined: readonly PrMarker[]): ProposedUpdate[] {
  const keys = new Set(declined.flatMap((marker) => marker.updates.map(declinedPinKey)));
  return pins.filter((pin) => !keys.has(declinedPinKey(pin)));
}

/**
 * Drops what reviewers declined: the references of pinning PRs closed without merging. As for
 * update PRs, the closed PRs are the memory, read only when the proposal differs from the open
 * PR. Cost: one request per 100 closed pinning PRs, and none while the open PR is unchanged.
 */
export async function removeDeclinedPins(
  octokit: GitHubClient,
  repo: RepoRef,
  proposal: Proposal | undefined,
  openPulls: readonly OpenAppPull[],
  appLogin: string | undefined,
): Promise<Proposal | undefined> {
  if (proposal === undefined) return undefined;
  const open = openPulls.find((pull) => pull.branch === PIN_BRANCH);
  const wanted = proposal.group.updates.map(updateIdentity);
  if (open !== undefined && sameSet(open.marker.updates.map(updateIdentity), wanted)) return proposal;
  const closed = (await listClosedPullsForBranch(octokit, repo, PIN_BRANCH, appLogin)).filter((pull) => !pull.merged);
  const updates = filterDeclinedPins(
    proposal.group.updates,
    closed.map((pull) => pull.marker),
  );
  return updates.length === 0 ? undefined : { ...proposal, group: { ...proposal.group, updates } };
}

/** The planned pins (with their insertion points) a pinning group carries. */
export function pinsFor(group: UpdateGroup, planned: readonly PlannedPin[]): PlannedPin[] {
  const wanted = new Set(group.updates.map(updateIdentity));
  return planned.filter((pin) => wanted.has(updateIdentity(toProposedPin(pin))));
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  return left.size === new Set(b).size && b.every((value) => left.has(value));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
