import { isAppCommit } from '../github/commit-authorship.js';
import {
  addAssignees,
  addLabels,
  closePull,
  commentOnPull,
  createPull,
  listClosedPullsForBranch,
  requestReviewers,
} from '../github/pulls.js';
import { compareAndSwapBranch, createBranch, deleteBranch, fastForwardBranch, getBranchHead } from '../github/refs.js';
import { pinSettings } from '../pin/settings.js';
import { PIN_BRANCH } from '../pr/branches.js';
import type { UpdateGroup } from '../pr/types.js';
import { commitGroup } from './commit-group.js';
import type { ApplyContext } from './context.js';
import type { OpenAppPull, PullDecision } from './decide.js';
import { editOpenPull, rewriteMarker } from './pull-text.js';

export type { ApplyContext, BaseSnapshot, LifecycleDeps } from './context.js';

/** Put on a PR whose tag looked immutable but moved (issue 12), next to the configured labels. */
export const TAG_MOVED_LABEL = 'pinbot:tag-moved';

export const CLOSED_COMMENT = 'Every digest this pull request proposed is current on the default branch now, so pinbot is closing it.';
export const SUPERSEDED_COMMENT =
  'pinbot proposes these digests in another pull request now (the `group` setting in its configuration changed, or the name the files give the image), so it is closing this one.';
export const PIN_CLOSED_COMMENT =
  'Every reference this pull request pinned is pinned on the default branch now, or is gone from it, so pinbot is closing it.';
export const PIN_DISABLED_COMMENT =
  "Pinning is turned off in pinbot's configuration now (the `pin` setting), so pinbot is closing this pull request.";
export const HUMAN_COMMIT_COMMENT =
  "This branch has commits pinbot did not write, so pinbot won't update this pull request any more. " +
  "It resumes if the branch is reset to pinbot's last commit, or proposes afresh once this pull request is closed.";

/**
 * Carries out the lifecycle decisions in order; a GitHub error stops this repository's run.
 * Returns true when each was carried out as decided (nothing left alone because GitHub turned
 * out to differ from what the run read), so the next run would find nothing to do.
 */
export async function applyDecisions(context: ApplyContext, decisions: readonly PullDecision[]): Promise<boolean> {
  let asDecided = true;
  let nodeId = context.target.nodeId;
  const repositoryNodeId = async (): Promise<string> => {
    nodeId ??= (await context.deps.octokit.rest.repos.get({ owner: context.repo.owner, repo: context.repo.repo })).data.node_id;
    return nodeId;
  };
  for (const decision of decisions) {
    const log = context.deps.log;
    switch (decision.kind) {
      case 'create':
        asDecided = (await create(context, decision.group, repositoryNodeId)) && asDecided;
        break;
      case 'fast-forward':
      case 'rebuild':
        asDecided = (await refresh(context, decision.group, decision.pull, decision.kind, repositoryNodeId)) && asDecided;
        break;
      case 'close':
        // Closed because it is current, not declined: later runs read a closed PR's marker as "never
        // propose these again", so the marker is emptied first (the table reviewers read stays).
        if (!(await rewriteMarker(context.deps, context.repo, decision.pull, { ...decision.pull.marker, updates: [] }))) {
          asDecided = false;
          break;
        }
        await closePull(context.deps.octokit, context.repo, decision.pull.number, closingComment(context, decision));
        context.deps.telemetry?.pullRequest('closed');
        await deleteBranch(context.deps.octokit, context.repo, decision.pull.branch, decision.pull.headSha, {
          repositoryNodeId: await repositoryNodeId(),
        });
        log.info({ pull: decision.pull.number, reason: decision.reason }, 'pull request closed');
        break;
      case 'human-owned':
        if (decision.notify) await notifyHumanCommit(context, decision.pull);
        log.info({ pull: decision.pull.number, head: decision.pull.headSha }, 'branch has commits pinbot did not write; left alone');
        break;
      case 'held':
        log.warn({ pull: decision.pull.number, images: decision.images }, 'pull request held: its images could not be resolved');
        break;
      case 'unscanned':
        log.warn({ pull: decision.pull.number, files: decision.files }, 'pull request held: files it changes could not be scanned');
        break;
      case 'deferred':
        log.info({ branch: decision.group.branch, reason: decision.reason }, 'pull request deferred');
        break;
      case 'keep':
        log.debug({ pull: decision.pull.number }, 'pull request up to date');
        break;
    }
  }
  return asDecided;
}

function closingComment(context: ApplyContext, decision: Extract<PullDecision, { kind: 'close' }>): string {
  if (decision.pull.branch === PIN_BRANCH) return pinSettings(context.config.pin).enabled ? PIN_CLOSED_COMMENT : PIN_DISABLED_COMMENT;
  return decision.reason === 'current' ? CLOSED_COMMENT : SUPERSEDED_COMMENT;
}

async function create(context: ApplyContext, group: UpdateGroup, repositoryNodeId: () => Promise<string>): Promise<boolean> {
  const { deps, repo, head, config } = context;
  const built = await commitGroup(context, group, head.headSha);
  if (built === undefined) return false;
  const branch = await createBranch(deps.octokit, repo, group.branch, built.commitSha);
  if (branch.kind === 'exists' && !(await reclaimBranch(context, group.branch, built.commitSha, repositoryNodeId))) return false;
  const pull = await createPull(deps.octokit, repo, {
    branch: group.branch,
    base: head.branch,
    title: built.title,
    body: built.body(built.marker),
  });
  if (pull.kind === 'exists') {
    deps.log.warn({ branch: group.branch }, 'an open pull request for this branch appeared meanwhile; left alone');
    return false;
  }
  deps.telemetry?.pullRequest('opened');
  const labels = built.tagMoved ? [...config.labels, TAG_MOVED_LABEL] : config.labels;
  if (labels.length > 0) await addLabels(deps.octokit, repo, pull.number, labels);
  if (config.reviewers.length > 0 || config.teamReviewers.length > 0) {
    const outcome = await requestReviewers(deps.octokit, repo, pull.number, {
      reviewers: config.reviewers,
      teamReviewers: config.teamReviewers,
    });
    if (outcome.rejected.length > 0)
      deps.log.warn({ pull: pull.number, rejected: outcome.rejected }, 'some reviewers could not be requested');
  }
  if (config.assignees.length > 0) await addAssignees(deps.octokit, repo, pull.number, config.assignees);
  deps.log.info({ pull: pull.number, branch: group.branch, updates: group.updates.length }, 'pull request opened');
  return true;
}

/**
 * A branch of ours without an open PR is rebuilt from the base, but only when that loses nobody's
 * work: its head is a commit the app wrote (the last one of a closed PR, or one left by a run that
 * failed before opening its PR), or it is exactly where a closed PR left it, since GitHub keeps a
 * closed PR's commits with the PR (a human's commits on it included: closing is what the comment
 * about them promises to resume on). A branch someone pushed to since is never taken.
 */
async function reclaimBranch(
  context: ApplyContext,
  branch: string,
  commitSha: string,
  repositoryNodeId: () => Promise<string>,
): Promise<boolean> {
  const { deps, repo } = context;
  const current = await getBranchHead(deps.octokit, repo, branch);
  const closed = await listClosedPullsForBranch(deps.octokit, repo, branch, deps.appLogin);
  const ours =
    current !== undefined &&
    (closed.some((pull) => pull.marker.headSha === current || pull.headSha === current) ||
      (await isAppCommit(deps.octokit, repo, current, commitSha)));
  if (current === undefined || !ours) {
    deps.log.warn({ branch }, 'branch exists and was not written by pinbot; no pull request opened');
    return false;
  }
  const swapped = await compareAndSwapBranch(deps.octokit, repo, {
    branch,
    expectedSha: current,
    newSha: commitSha,
    repositoryNodeId: await repositoryNodeId(),
  });
  return swapped.kind === 'updated';
}

async function refresh(
  context: ApplyContext,
  group: UpdateGroup,
  pull: OpenAppPull,
  mode: 'fast-forward' | 'rebuild',
  repositoryNodeId: () => Promise<string>,
): Promise<boolean> {
  const { deps, repo, head } = context;
  const built = await commitGroup(context, group, mode === 'fast-forward' ? pull.headSha : head.headSha);
  if (built === undefined) return false;
  const moved =
    mode === 'fast-forward'
      ? (await fastForwardBranch(deps.octokit, repo, pull.branch, built.commitSha)).kind !== 'updated'
      : (
          await compareAndSwapBranch(deps.octokit, repo, {
            branch: pull.branch,
            expectedSha: pull.headSha,
            newSha: built.commitSha,
            repositoryNodeId: await repositoryNodeId(),
          })
        ).kind !== 'updated';
  if (moved) {
    // Someone pushed since we read the branch: their commit wins; the next run sees it.
    deps.log.warn({ pull: pull.number, branch: pull.branch }, 'branch moved while updating; left alone');
    return false;
  }
  // The default branch changed since the PR was opened: the branch is built on the new one now.
  const retarget = pull.baseRef !== undefined && pull.baseRef !== head.branch ? { base: head.branch } : {};
  if (!(await editOpenPull(deps, repo, pull, { title: built.title, body: built.body(built.marker), ...retarget }))) return false;
  deps.telemetry?.pullRequest('updated');
  // Adding a label the PR already has changes nothing; one that no longer applies is left for people to judge.
  if (built.tagMoved) await addLabels(deps.octokit, repo, pull.number, [TAG_MOVED_LABEL]);
  deps.log.info({ pull: pull.number, mode, updates: group.updates.length }, 'pull request updated');
  return true;
}

async function notifyHumanCommit(context: ApplyContext, pull: OpenAppPull): Promise<void> {
  await commentOnPull(context.deps.octokit, context.repo, pull.number, HUMAN_COMMIT_COMMENT);
  await rewriteMarker(context.deps, context.repo, pull, { ...pull.marker, humanCommitNotified: pull.headSha });
}
