import { createCommit } from '../github/commits.js';
import { pinEditsByFile } from '../pin/edits.js';
import { editsByFile } from '../plan/edits.js';
import { PIN_BRANCH } from '../pr/branches.js';
import { renderPullRequest, type PullRequestContent } from '../pr/content.js';
import { renderPinPullRequest } from '../pr/pin-content.js';
import type { PrMarker, UpdateGroup } from '../pr/types.js';
import { buildBranchFiles } from './branch-files.js';
import { changeNotes } from './change-notes.js';
import type { ApplyContext } from './context.js';
import { updateIdentity } from './decide.js';
import { pinsFor, toProposedPin } from './pin-proposals.js';
import { plannedFor } from './proposals.js';

export interface Built {
  /** Some change in the group re-points an immutable-looking tag (issue 12). */
  readonly tagMoved: boolean;
  readonly commitSha: string;
  readonly title: string;
  readonly body: (marker: PrMarker) => string;
  readonly marker: PrMarker;
}

/** Commits the group's files on `parentSha` (the base tree plus the group's edits). */
export async function commitGroup(context: ApplyContext, group: UpdateGroup, parentSha: string): Promise<Built | undefined> {
  const { deps, repo, head, snapshot } = context;
  const omittedWorkflowFiles = context.proposals.find((p) => p.group.branch === group.branch)?.omittedWorkflowFiles ?? [];
  const files = buildBranchFiles(editsFor(context, group), snapshot.scan.texts, snapshot.entries);
  if (!files.ok) {
    deps.log.error({ branch: group.branch, error: files.error }, 'could not build the branch; nothing written');
    return undefined;
  }
  const { render, tagMoved } = renderer(context, group, omittedWorkflowFiles);
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

/** The pinning PR inserts digests; every other group replaces them. */
function editsFor(context: ApplyContext, group: UpdateGroup) {
  return group.branch === PIN_BRANCH
    ? pinEditsByFile(pinsFor(group, context.plannedPins))
    : editsByFile(plannedFor(group, context.planned));
}

/** How the group's PR reads: an update PR explains each change (issue 12); the pinning PR lists what it pins. */
function renderer(
  context: ApplyContext,
  group: UpdateGroup,
  omittedWorkflowFiles: readonly string[],
): { readonly render: (marker: PrMarker) => PullRequestContent; readonly tagMoved: boolean } {
  const prefix = context.config.commitMessagePrefix;
  if (group.branch !== PIN_BRANCH) {
    const { notesOf, tagMoved } = changeNotes(plannedFor(group, context.planned));
    return { render: (marker) => renderPullRequest(group, { prefix, omittedWorkflowFiles, marker, notes: notesOf }), tagMoved };
  }
  const implied = new Set(
    pinsFor(group, context.plannedPins)
      .filter((pin) => !pin.reference.tagWritten)
      .map((pin) => updateIdentity(toProposedPin(pin))),
  );
  return {
    render: (marker) =>
      renderPinPullRequest(group, { prefix, omittedWorkflowFiles, marker, tagWritten: (pin) => !implied.has(updateIdentity(pin)) }),
    tagMoved: false,
  };
}

function markerFor(group: UpdateGroup, baseSha: string, headSha: string, omittedWorkflowFiles: readonly string[]): PrMarker {
  return { version: 1, branch: group.branch, baseSha, headSha, updates: group.updates, omittedWorkflowFiles, humanCommitNotified: null };
}
