import type { PlannedUpdate } from '../plan/plan.js';
import { groupUpdates, type GroupMode } from '../pr/grouping.js';
import type { ProposedUpdate, UpdateGroup } from '../pr/types.js';
import { updateIdentity } from './decide.js';

/** A group ready to commit: the updates it carries, and the files it must leave out. */
export interface Proposal {
  readonly group: UpdateGroup;
  /** Workflow files with stale pins that this installation may not write. */
  readonly omittedWorkflowFiles: readonly string[];
}

const WORKFLOW_FILE = /^\.github\/workflows\//;

export function isWorkflowFile(path: string): boolean {
  return WORKFLOW_FILE.test(path);
}

/** Where a reference is and which image it names: what both kinds of PR record of it. */
interface ReferenceAt {
  readonly file: string;
  readonly line: number;
  readonly image: { readonly name: string; readonly originalName: string; readonly tag: string };
}

/** Pure: a change to one reference as a PR records it. */
export function proposedChange(reference: ReferenceAt, change: Pick<ProposedUpdate, 'from' | 'to' | 'platform'>): ProposedUpdate {
  return {
    file: reference.file,
    line: reference.line,
    image: reference.image.name,
    displayName: reference.image.originalName,
    tag: reference.image.tag,
    ...change,
  };
}

/** Pure: what a planned update looks like in a PR. */
export function toProposed(update: PlannedUpdate): ProposedUpdate {
  return proposedChange(update.reference, { from: update.reference.image.digest, to: update.newDigest, platform: update.platform });
}

export interface Proposals {
  readonly proposals: Proposal[];
  /** Every workflow file left out, including those of groups left with nothing to commit. */
  readonly omittedWorkflowFiles: readonly string[];
}

/**
 * Pure: groups the updates into PRs. Without the `workflows` permission, updates in workflow
 * files are kept out of the groups (and so out of markers and commits) and named per group, so
 * the PR body can say what it could not change.
 */
export function buildProposals(updates: readonly ProposedUpdate[], mode: GroupMode, canWriteWorkflows: boolean): Proposals {
  const omittedFiles = (list: readonly ProposedUpdate[]): string[] => [...new Set(list.map((u) => u.file))].sort();
  const proposals = groupUpdates(updates, mode).flatMap((group) => {
    const omitted = canWriteWorkflows ? [] : group.updates.filter((update) => isWorkflowFile(update.file));
    const kept = group.updates.filter((update) => !omitted.includes(update));
    if (kept.length === 0) return [];
    return [{ group: { ...group, updates: kept }, omittedWorkflowFiles: omittedFiles(omitted) }];
  });
  const omittedWorkflowFiles = canWriteWorkflows ? [] : omittedFiles(updates.filter((update) => isWorkflowFile(update.file)));
  return { proposals, omittedWorkflowFiles };
}

/** The planned updates (with their offsets) a group carries: every place, even repeated pins. */
export function plannedFor(group: UpdateGroup, planned: readonly PlannedUpdate[]): PlannedUpdate[] {
  const wanted = new Set(group.updates.map(updateIdentity));
  return planned.filter((update) => wanted.has(updateIdentity(toProposed(update))));
}
