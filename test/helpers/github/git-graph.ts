/** History and content comparisons over a GitStore: ancestry, merge base, tree diffs, a file-level three-way merge. */
import type { CommitObject, FlatEntry, GitStore } from './git-store.js';

export function ancestors(store: GitStore, from: string, into = new Set<string>()): Set<string> {
  const stack = [from];
  while (stack.length > 0) {
    const sha = stack.pop() as string;
    if (into.has(sha)) continue;
    const commit = store.commits.get(sha);
    if (!commit) continue;
    into.add(sha);
    stack.push(...commit.parents);
  }
  return into;
}

export function isAncestor(store: GitStore, maybeAncestor: string, of: string): boolean {
  return ancestors(store, of).has(maybeAncestor);
}

/** Nearest common ancestor, breadth-first from `b` (enough for the linear and merge histories the fake creates). */
export function mergeBase(store: GitStore, a: string, b: string): string | undefined {
  const fromA = ancestors(store, a);
  const queue = [b];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const sha = queue.shift() as string;
    if (fromA.has(sha)) return sha;
    if (seen.has(sha)) continue;
    seen.add(sha);
    queue.push(...(store.commits.get(sha)?.parents ?? []));
  }
  return undefined;
}

/** Commits reachable from `head` but not from any of `exclude`, oldest first (parents before children). */
export function commitsBetween(store: GitStore, exclude: readonly string[], head: string): CommitObject[] {
  const excluded = new Set<string>();
  for (const sha of exclude) ancestors(store, sha, excluded);
  const ordered: CommitObject[] = [];
  const visited = new Set<string>();
  const visit = (sha: string): void => {
    // Iterative post-order so long histories don't exhaust the stack.
    const stack: Array<{ sha: string; expanded: boolean }> = [{ sha, expanded: false }];
    while (stack.length > 0) {
      const top = stack.pop() as { sha: string; expanded: boolean };
      const commit = store.commits.get(top.sha);
      if (!commit || excluded.has(top.sha)) continue;
      if (top.expanded) {
        ordered.push(commit);
        continue;
      }
      if (visited.has(top.sha)) continue;
      visited.add(top.sha);
      stack.push({ sha: top.sha, expanded: true });
      for (const parent of [...commit.parents].reverse()) stack.push({ sha: parent, expanded: false });
    }
  };
  visit(head);
  return ordered;
}

export type ChangeStatus = 'added' | 'modified' | 'removed';

export interface FileChange {
  readonly path: string;
  readonly status: ChangeStatus;
  readonly before?: FlatEntry;
  readonly after?: FlatEntry;
}

/** Path-level differences between two trees (undefined = the empty tree), sorted by path. */
export function diffTrees(store: GitStore, fromTree: string | undefined, toTree: string): FileChange[] {
  const before = fromTree === undefined ? new Map<string, FlatEntry>() : store.flatten(fromTree);
  const after = store.flatten(toTree);
  const changes: FileChange[] = [];
  for (const [path, entry] of after) {
    const old = before.get(path);
    if (!old) changes.push({ path, status: 'added', after: entry });
    else if (old.sha !== entry.sha || old.mode !== entry.mode) changes.push({ path, status: 'modified', before: old, after: entry });
  }
  for (const [path, entry] of before) if (!after.has(path)) changes.push({ path, status: 'removed', before: entry });
  return changes.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

/** Changes a commit introduced relative to its first parent (a root commit: relative to nothing). */
export function commitChanges(store: GitStore, commit: CommitObject): FileChange[] {
  const parent = commit.parents[0];
  return diffTrees(store, parent === undefined ? undefined : store.requireCommit(parent).tree, commit.tree);
}

export type MergeOutcome = { readonly ok: true; readonly tree: string } | { readonly ok: false; readonly conflicts: readonly string[] };

/**
 * Three-way merge at file granularity: a path both sides changed differently is a conflict.
 * (Git merges lines within a file; treating any two-sided edit of one file as a conflict is the
 * conservative reading, and it is what "the base changed a file the PR edits" means for pinbot.)
 */
export function mergeTrees(store: GitStore, baseTree: string | undefined, ours: string, theirs: string): MergeOutcome {
  const base = baseTree === undefined ? new Map<string, FlatEntry>() : store.flatten(baseTree);
  const left = store.flatten(ours);
  const right = store.flatten(theirs);
  const result = new Map(left);
  const conflicts: string[] = [];
  const paths = new Set([...base.keys(), ...left.keys(), ...right.keys()]);
  for (const path of paths) {
    const b = base.get(path);
    const l = left.get(path);
    const r = right.get(path);
    if (same(l, r) || same(b, r)) continue; // both agree, or only ours changed: keep ours
    if (same(b, l)) {
      if (r) result.set(path, r);
      else result.delete(path);
      continue;
    }
    conflicts.push(path);
  }
  if (conflicts.length > 0) return { ok: false, conflicts: conflicts.sort() };
  return { ok: true, tree: store.buildTree(result) };
}

function same(a: FlatEntry | undefined, b: FlatEntry | undefined): boolean {
  if (!a || !b) return a === b;
  return a.sha === b.sha && a.mode === b.mode;
}
