import { branchForGroup, REPOSITORY_BRANCH } from './branches.js';
import type { ProposedUpdate, UpdateGroup } from './types.js';

/** `repository`: one PR for everything; `image`: one PR per image and tag. */
export type GroupMode = 'repository' | 'image';

/** The group key of an update in `image` mode. */
export function imageGroupKey(update: Pick<ProposedUpdate, 'image' | 'tag'>): string {
  return `${update.image}:${update.tag}`;
}

/**
 * Splits updates into PRs. Groups come sorted by branch and updates by file and line, so the
 * same input always yields the same PRs (and unchanged PR bodies do not churn).
 */
export function groupUpdates(updates: readonly ProposedUpdate[], mode: GroupMode): UpdateGroup[] {
  if (updates.length === 0) return [];
  const sorted = [...updates].sort(compareUpdates);
  if (mode === 'repository') return [{ branch: REPOSITORY_BRANCH, key: 'all', updates: sorted }];

  const byKey = new Map<string, ProposedUpdate[]>();
  for (const update of sorted) {
    const key = imageGroupKey(update);
    const members = byKey.get(key);
    if (members === undefined) byKey.set(key, [update]);
    else members.push(update);
  }
  return [...byKey]
    .map(([key, members]) => ({ branch: branchForGroup(key, preferredSpelling(members)), key, updates: members }))
    .sort((a, b) => compareText(a.branch, b.branch));
}

/**
 * The spelling that names an image when files spell it differently (`node`,
 * `docker.io/library/node`): the shortest, then the first in code-unit order, so branch names
 * and titles do not depend on the order files were scanned in.
 */
export function preferredSpelling(members: readonly Pick<ProposedUpdate, 'displayName'>[]): string {
  let best: string | undefined;
  for (const { displayName: name } of members) {
    if (best === undefined || name.length < best.length || (name.length === best.length && name < best)) best = name;
  }
  return best ?? '';
}

function compareUpdates(a: ProposedUpdate, b: ProposedUpdate): number {
  return compareText(a.file, b.file) || a.line - b.line || compareText(a.platform ?? '', b.platform ?? '');
}

/** Code-unit order, independent of the process locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
