import type { PinbotConfig } from '../config/schema.js';
import { isAppCommit } from '../github/commit-authorship.js';
import { createCommit } from '../github/commits.js';
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
import type { DefaultBranchHead, RepoRef } from '../github/types.js';
import type { PlannedUpdate } from '../plan/plan.js';
import { renderPullRequest } from '../pr/content.js';
import { changeNotes } from './change-notes.js';
import type { PrMarker, UpdateGroup } from '../pr/types.js';
import { buildBranchFiles } from './branch-files.js';
import type { OpenAppPull, PullDecision } from './decide.js';
import { plannedFor, type Proposal } from './proposals.js';
import { editOpenPull, rewriteMarker } from './pull-text.js';
import type { TreeEntry } from '../github/types.js';
import type { AppLogger } from '../telemetry/logger.js';
import type { Telemetry } from '../telemetry/telemetry.js';
import type { GitHubClient } from '../github/types.js';

/** What carrying out decisions needs from its caller: the GitHub edge and where to report. */
export interface LifecycleDeps {
  readonly octokit: GitHubClient;
  readonly log: AppLogger;
  /** The app's bot login (`pinbot[bot]`), to recognise its PRs by author as well as by marker. */
  readonly appLogin?: string;
  /** Told about pull request writes (metrics). */
  readonly telemetry?: Telemetry;
}

/** The base branch as read for this run: the texts that were scanned and every blob's entry. */
export interface BaseSnapshot {
  readonly scan: { readonly texts: ReadonlyMap<string, string> };
  /** Every blob of the base tree by path (modes are needed to write files back). */
  readonly entries: ReadonlyMap<string, TreeEntry>;
}

export interface ApplyContext {
  readonly deps: LifecycleDeps;
  readonly repo: RepoRef;
  /** The repository's GraphQL node id when known (compare-and-swap needs it); fetched once otherwise. */
  readonly target: { readonly nodeId?: string };
  readonly head: DefaultBranchHead;
  readonly config: PinbotConfig;
  readonly snapshot: BaseSnapshot;
  readonly planned: readonly PlannedUpdate[];
  readonly proposals: readonly Proposal[];
}

/** Put on a PR whose tag looked immutable but moved (issue 12), next to the configured labels. */
export const TAG_MOVED_LABEL = 'pinbot:tag-moved';

export const CLOSED_COMMENT = 'Every digest this pull request proposed is current on the default branch now, so pinbot is closing it.';
export const SUPERSEDED_COMMENT =
  'pinbot proposes these digests in another pull request now (the `group` setting in its configuration changed, or the name the files give the image), so it is closing this one.';
export const HUMAN_COMMIT_COMMENT =
  "This branch has commits pinbot did not write, so pinbot won't update this pull request any more. " +
  "It resumes if the branch is reset to pinbot's last commit, or proposes afresh once this pull request is closed.";

/** Carries out the lifecycle decisions in order; a GitHub error stops this repository's run. */
export async function applyDecisions(context: ApplyContext, decisions: readonly PullDecision[]): Promise<void> {
  let nodeId = context.target.nodeId;
  const repositoryNodeId = async (): Promise<string> => {
    nodeId ??= (await context.deps.octokit.rest.repos.get({ owner: context.repo.owner, repo: context.repo.repo })).data.node_id;
    return nodeId;
  };
  for (const decision of decisions) {
    const log = context.deps.log;
    switch (decision.kind) {
      case 'create':
        await create(context, decision.group, repositoryNodeId);
        break;
      case 'fast-forward':
      case 'rebuild':
        await refresh(context, decision.group, decision.pull, decision.kind, repositoryNodeId);
        break;
      case 'close':
        // Closed because it is current, not declined: later runs read a closed PR's marker as "never
        // propose these again", so the marker is emptied first (the table reviewers read stays).
        if (!(await rewriteMarker(context.deps, context.repo, decision.pull, { ...decision.pull.marker, updates: [] }))) break;
        await closePull(
          context.deps.octokit,
          context.repo,
          decision.pull.number,
          decision.reason === 'current' ? CLOSED_COMMENT : SUPERSEDED_COMMENT,
        );
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
      case 'deferred':
        log.info({ branch: decision.group.branch, reason: decision.reason }, 'pull request deferred');
        break;
      case 'keep':
        log.debug({ pull: decision.pull.number }, 'pull request up to date');
        break;
    }
  }
}

interface Built {
  /** Some change in the group re-points an immutable-looking tag. */
  readonly tagMoved: boolean;
  readonly commitSha: string;
  readonly title: string;
  readonly body: (marker: PrMarker) => string;
  readonly marker: PrMarker;
}

/** Commits the group's files on `parentSha` (the base tree plus the group's edits). */
async function commitGroup(context: ApplyContext, group: UpdateGroup, parentSha: string): Promise<Built | undefined> {
  const { deps, repo, head, snapshot, config } = context;
  const omittedWorkflowFiles = context.proposals.find((p) => p.group.branch === group.branch)?.omittedWorkflowFiles ?? [];
  const planned = plannedFor(group, context.planned);
  const files = buildBranchFiles(planned, snapshot.scan.texts, snapshot.entries);
  if (!files.ok) {
    deps.log.error({ branch: group.branch, error: files.error }, 'could not build the branch; nothing written');
    return undefined;
  }
  const { notesOf, tagMoved } = changeNotes(planned);
  const render = (marker: PrMarker) =>
    renderPullRequest(group, { prefix: config.commitMessagePrefix, omittedWorkflowFiles, marker, notes: notesOf });
  const draft = render(markerFor(group, head.headSha, '', omittedWorkflowFiles));
  const commitSha = await createCommit(deps.octokit, repo, {
    parentSha,
    baseTreeSha: head.treeSha,
    files: files.files,
    message: draft.commitMessage,
  });
  const marker = markerFor(group, head.headSha, commitSha, omittedWorkflowFiles);
  return { tagMoved, commitSha, title: draft.title, body: (m) => render(m).body, marker };
}

function markerFor(group: UpdateGroup, baseSha: string, headSha: string, omittedWorkflowFiles: readonly string[]): PrMarker {
  return { version: 1, branch: group.branch, baseSha, headSha, updates: group.updates, omittedWorkflowFiles, humanCommitNotified: null };
}

async function create(context: ApplyContext, group: UpdateGroup, repositoryNodeId: () => Promise<string>): Promise<void> {
  const { deps, repo, head, config } = context;
  const built = await commitGroup(context, group, head.headSha);
  if (built === undefined) return;
  const branch = await createBranch(deps.octokit, repo, group.branch, built.commitSha);
  if (branch.kind === 'exists' && !(await reclaimBranch(context, group.branch, built.commitSha, repositoryNodeId))) return;
  const pull = await createPull(deps.octokit, repo, {
    branch: group.branch,
    base: head.branch,
    title: built.title,
    body: built.body(built.marker),
  });
  if (pull.kind === 'exists') {
    deps.log.warn({ branch: group.branch }, 'an open pull request for this branch appeared meanwhile; left alone');
    return;
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
): Promise<void> {
  const { deps, repo, head } = context;
  const built = await commitGroup(context, group, mode === 'fast-forward' ? pull.headSha : head.headSha);
  if (built === undefined) return;
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
    return;
  }
  // The default branch changed since the PR was opened: the branch is built on the new one now.
  const retarget = pull.baseRef !== undefined && pull.baseRef !== head.branch ? { base: head.branch } : {};
  if (!(await editOpenPull(deps, repo, pull, { title: built.title, body: built.body(built.marker), ...retarget }))) return;
  deps.telemetry?.pullRequest('updated');
  // Adding a label the PR already has changes nothing; one that no longer applies is left for people to judge.
  if (built.tagMoved) await addLabels(deps.octokit, repo, pull.number, [TAG_MOVED_LABEL]);
  deps.log.info({ pull: pull.number, mode, updates: group.updates.length }, 'pull request updated');
}

async function notifyHumanCommit(context: ApplyContext, pull: OpenAppPull): Promise<void> {
  await commentOnPull(context.deps.octokit, context.repo, pull.number, HUMAN_COMMIT_COMMENT);
  await rewriteMarker(context.deps, context.repo, pull, { ...pull.marker, humanCommitNotified: pull.headSha });
}
