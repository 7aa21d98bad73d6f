import { PIN_BRANCH } from '../pr/branches.js';
import type { PrMarker, ProposedUpdate, UpdateGroup } from '../pr/types.js';

/** An open pull request the app made, as read back from GitHub. */
export interface OpenAppPull {
  readonly number: number;
  readonly branch: string;
  /** The branch head now. */
  readonly headSha: string;
  readonly marker: PrMarker;
  /** As GitHub has them now, to edit the marker in place. */
  readonly title?: string;
  readonly body?: string;
  /** The branch it merges into, as GitHub has it now. */
  readonly baseRef?: string;
  /**
   * The head is not the commit the marker names but one the app wrote all the same (a run moved
   * the branch and failed before recording it): the PR is the app's, and its marker needs refreshing.
   */
  readonly adopted?: boolean;
}

export type PullDecision =
  /** No PR yet: build a branch from the base and open one. */
  | { readonly kind: 'create'; readonly group: UpdateGroup }
  /** The base has not moved but the updates have: a commit on top of the app's own head (fast-forward only). */
  | { readonly kind: 'fast-forward'; readonly group: UpdateGroup; readonly pull: OpenAppPull }
  /** The base moved (or the PR conflicts): rebuild on the current base and swap the ref only if it is still ours. */
  | { readonly kind: 'rebuild'; readonly group: UpdateGroup; readonly pull: OpenAppPull }
  /** The PR already proposes exactly this. */
  | { readonly kind: 'keep'; readonly pull: OpenAppPull }
  /**
   * `current`: everything it proposed is current (someone fixed it by hand, or the tag moved back).
   * `superseded`: what it proposed now belongs to other branches (the `group` setting changed, or
   * the spelling that names an image's branch).
   */
  | { readonly kind: 'close'; readonly pull: OpenAppPull; readonly reason: 'current' | 'superseded' }
  /** Someone else committed to the branch: hands off; say so once. */
  | { readonly kind: 'human-owned'; readonly pull: OpenAppPull; readonly notify: boolean }
  /** Some image of this PR could not be resolved this run: leave the PR exactly as it is. */
  | { readonly kind: 'held'; readonly pull: OpenAppPull; readonly images: readonly string[] }
  /** A file this PR changes could not be scanned this run: what it holds now is unknown, so leave the PR exactly as it is. */
  | { readonly kind: 'unscanned'; readonly pull: OpenAppPull; readonly files: readonly string[] }
  /** Wanted, but not now: outside the repository's schedule, or at its open PR limit. */
  | { readonly kind: 'deferred'; readonly group: UpdateGroup; readonly reason: 'schedule' | 'limit' };

export interface LifecycleInput {
  /** What should be proposed now, one group per branch (declined updates already removed). */
  readonly groups: readonly UpdateGroup[];
  readonly openPulls: readonly OpenAppPull[];
  /** The default branch's head commit. */
  readonly baseSha: string;
  /** The default branch's name: a PR that merges elsewhere is rebuilt and retargeted. */
  readonly baseBranch?: string;
  readonly withinSchedule: boolean;
  readonly openPullRequestsLimit: number;
  readonly rebaseWhen: 'base-moved' | 'conflicted';
  /** Open PRs GitHub reports as conflicting with their base. */
  readonly conflicted: ReadonlySet<number>;
  /** `image:tag` of every reference whose resolution failed this run. */
  readonly unresolved: ReadonlySet<string>;
  /** Candidate files that could not be scanned (or only in part) this run; none when absent. */
  readonly unscannable?: ReadonlySet<string>;
}

/** Identity of an update, without its line (lines shift when the base changes around them). */
export function updateIdentity(update: ProposedUpdate): string {
  return `${update.file}|${update.image}|${update.tag}|${update.from}|${update.to}|${update.platform ?? ''}`;
}

function sameUpdates(a: readonly ProposedUpdate[], b: readonly ProposedUpdate[]): boolean {
  const left = a.map(updateIdentity).sort();
  const right = b.map(updateIdentity).sort();
  return left.length === right.length && left.every((value, index) => value === right[index]);
}

/**
 * Pure: what to do with each branch. Human commits always win; a PR whose images could not be
 * resolved is held as it is rather than shrunk; new PRs respect the schedule and the limit.
 */
export function decideLifecycle(input: LifecycleInput): PullDecision[] {
  const decisions: PullDecision[] = [];
  const pullsByBranch = new Map(input.openPulls.map((pull) => [pull.branch, pull]));
  const wanted = new Set(input.groups.map((group) => group.branch));
  let openCount = input.openPulls.length;

  for (const pull of input.openPulls) {
    if (wanted.has(pull.branch)) continue;
    const decision = decideForPull(pull, undefined, input);
    if (decision.kind === 'close') openCount--;
    decisions.push(decision);
  }
  for (const group of input.groups) {
    const pull = pullsByBranch.get(group.branch);
    if (pull !== undefined) {
      decisions.push(decideForPull(pull, group, input));
    } else if (!input.withinSchedule) {
      decisions.push({ kind: 'deferred', group, reason: 'schedule' });
    } else if (openCount >= input.openPullRequestsLimit) {
      decisions.push({ kind: 'deferred', group, reason: 'limit' });
    } else {
      openCount++;
      decisions.push({ kind: 'create', group });
    }
  }
  return decisions;
}

function decideForPull(pull: OpenAppPull, group: UpdateGroup | undefined, input: LifecycleInput): PullDecision {
  if (pull.headSha !== pull.marker.headSha && pull.adopted !== true) {
    return { kind: 'human-owned', pull, notify: pull.marker.humanCommitNotified === null };
  }
  const failing = [...new Set(pull.marker.updates.map((u) => `${u.image}:${u.tag}`))].filter((key) => input.unresolved.has(key));
  if (failing.length > 0) return { kind: 'held', pull, images: failing };
  // Its pins there may have moved or gone: closing, shrinking or rebuilding it would be a guess.
  const unscanned = [...new Set(pull.marker.updates.map((u) => u.file))].filter((file) => input.unscannable?.has(file) === true);
  if (unscanned.length > 0) return { kind: 'unscanned', pull, files: unscanned };
  if (group === undefined) {
    if (!supersededBy(pull, input.groups)) return { kind: 'close', pull, reason: 'current' };
    // Replacing a PR by others is an update: it waits for the schedule like the new PRs do.
    return input.withinSchedule ? { kind: 'close', pull, reason: 'superseded' } : { kind: 'keep', pull };
  }

  const baseMoved = pull.marker.baseSha !== input.baseSha;
  const retarget = input.baseBranch !== undefined && pull.baseRef !== undefined && pull.baseRef !== input.baseBranch;
  // An adopted head gets a fresh commit and marker, so the PR says again exactly what it holds.
  const needsRebase =
    retarget || pull.adopted === true || (input.rebaseWhen === 'base-moved' ? baseMoved : input.conflicted.has(pull.number));
  const changed = !sameUpdates(pull.marker.updates, group.updates);
  if (!needsRebase && !changed) return { kind: 'keep', pull };
  if (!input.withinSchedule) return { kind: 'keep', pull };
  // A fast-forward keeps the old base: only possible while the base is where the branch began.
  if (needsRebase || baseMoved) return { kind: 'rebuild', group, pull };
  return { kind: 'fast-forward', group, pull };
}

/**
 * Whether some pin this PR proposes is proposed now on another branch. Pinning and updating are
 * different changes: the pinning PR is never superseded by an update PR, nor the other way round
 * (a reference whose digest was removed by hand is pinned afresh, not an update's replacement).
 */
function supersededBy(pull: OpenAppPull, groups: readonly UpdateGroup[]): boolean {
  if (pull.branch === PIN_BRANCH) return false;
  const place = (u: ProposedUpdate) => `${u.file}|${u.image}|${u.tag}|${u.platform ?? ''}`;
  const wanted = new Set(groups.filter((group) => group.branch !== PIN_BRANCH).flatMap((group) => group.updates.map(place)));
  return pull.marker.updates.some((update) => wanted.has(place(update)));
}
