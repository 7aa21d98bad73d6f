/**
 * One repository's git objects: blobs, trees and commits by sha, plus the tree operations the
 * Git Data API needs (flatten a tree to paths, build nested trees from paths, walk recursively).
 */
import {
  blobSha,
  commitSha,
  sortTreeEntries,
  treeSha,
  typeForMode,
  type CommitFields,
  type EntryType,
  type TreeEntry,
  type TreeMode,
} from './git-objects.js';

export interface CommitObject extends CommitFields {
  readonly sha: string;
  /** GitHub shows `verification.verified: true` for commits it signed (app commits without a custom author). */
  readonly verified: boolean;
  /** The GitHub account the author/committer email maps to, or null for an unknown email. */
  readonly authorLogin: string | null;
  readonly committerLogin: string | null;
}

/** A non-directory entry found at a path: a file, symlink or submodule. */
export interface FlatEntry {
  readonly mode: TreeMode;
  readonly type: EntryType;
  readonly sha: string;
}

export interface ListedEntry extends FlatEntry {
  readonly path: string;
  /** Bytes, for blobs only (as the API reports). */
  readonly size?: number;
}

export class GitStore {
  readonly blobs = new Map<string, Buffer>();
  readonly trees = new Map<string, readonly TreeEntry[]>();
  readonly commits = new Map<string, CommitObject>();

  putBlob(content: Uint8Array): string {
    const sha = blobSha(content);
    if (!this.blobs.has(sha)) this.blobs.set(sha, Buffer.from(content));
    return sha;
  }

  putTree(entries: readonly TreeEntry[]): string {
    const sorted = sortTreeEntries(entries);
    const sha = treeSha(sorted);
    if (!this.trees.has(sha)) this.trees.set(sha, sorted);
    return sha;
  }

  putCommit(fields: Omit<CommitObject, 'sha'>): CommitObject {
    const sha = commitSha(fields);
    const existing = this.commits.get(sha);
    if (existing) return existing;
    const commit: CommitObject = { ...fields, parents: [...fields.parents], sha };
    this.commits.set(sha, commit);
    return commit;
  }

  kindOf(sha: string): EntryType | undefined {
    if (this.commits.has(sha)) return 'commit';
    if (this.trees.has(sha)) return 'tree';
    if (this.blobs.has(sha)) return 'blob';
    return undefined;
  }

  /** Every non-directory entry under a tree, keyed by its slash-separated path. */
  flatten(sha: string, prefix = '', into = new Map<string, FlatEntry>()): Map<string, FlatEntry> {
    for (const entry of this.requireTree(sha)) {
      const path = prefix + entry.name;
      if (entry.type === 'tree') this.flatten(entry.sha, `${path}/`, into);
      else into.set(path, { mode: entry.mode, type: entry.type, sha: entry.sha });
    }
    return into;
  }

  /** Builds (and stores) the nested trees for a set of paths; empty directories vanish, as in git. */
  buildTree(files: ReadonlyMap<string, FlatEntry>): string {
    const children = new Map<string, Map<string, FlatEntry>>();
    const entries: TreeEntry[] = [];
    for (const [path, entry] of files) {
      const slash = path.indexOf('/');
      if (slash === -1) {
        entries.push({ name: path, ...entry });
        continue;
      }
      const dir = path.slice(0, slash);
      const sub = children.get(dir) ?? new Map<string, FlatEntry>();
      sub.set(path.slice(slash + 1), entry);
      children.set(dir, sub);
    }
    for (const [dir, sub] of children) entries.push({ name: dir, mode: '040000', type: 'tree', sha: this.buildTree(sub) });
    return this.putTree(entries);
  }

  /** Pre-order walk in tree order, directories included, as `GET git/trees/{sha}?recursive=1` lists them. */
  listRecursive(sha: string, prefix = '', into: ListedEntry[] = []): ListedEntry[] {
    for (const entry of this.requireTree(sha)) {
      const path = prefix + entry.name;
      into.push(this.listed(path, entry));
      if (entry.type === 'tree') this.listRecursive(entry.sha, `${path}/`, into);
    }
    return into;
  }

  listTree(sha: string): ListedEntry[] {
    return this.requireTree(sha).map((entry) => this.listed(entry.name, entry));
  }

  /** The entry at a path (a directory comes back with type 'tree'), or undefined. */
  entryAt(rootTree: string, path: string): FlatEntry | undefined {
    const parts = path.split('/').filter((part) => part !== '');
    if (parts.length === 0) return { mode: '040000', type: 'tree', sha: rootTree };
    let current: FlatEntry = { mode: '040000', type: 'tree', sha: rootTree };
    for (const part of parts) {
      if (current.type !== 'tree') return undefined;
      const next = this.requireTree(current.sha).find((entry) => entry.name === part);
      if (!next) return undefined;
      current = { mode: next.mode, type: typeForMode(next.mode), sha: next.sha };
    }
    return current;
  }

  requireTree(sha: string): readonly TreeEntry[] {
    const tree = this.trees.get(sha);
    if (!tree) throw new Error(`fake GitHub: tree ${sha} is not in this repository`);
    return tree;
  }

  requireCommit(sha: string): CommitObject {
    const commit = this.commits.get(sha);
    if (!commit) throw new Error(`fake GitHub: commit ${sha} is not in this repository`);
    return commit;
  }

  private listed(path: string, entry: TreeEntry): ListedEntry {
    const base = { path, mode: entry.mode, type: entry.type, sha: entry.sha };
    return entry.type === 'blob' ? { ...base, size: this.blobs.get(entry.sha)?.length ?? 0 } : base;
  }
}
