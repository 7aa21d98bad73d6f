import type { TreeEntry } from '../github/types.js';
import { applyEdits, type DigestEdit } from '../rewrite/apply-edits.js';

export interface BranchFile {
  readonly path: string;
  readonly content: Uint8Array;
  readonly mode: TreeEntry['mode'];
}

export type BranchFilesResult = { readonly ok: true; readonly files: BranchFile[] } | { readonly ok: false; readonly error: string };

/**
 * Pure: the base branch's files with the group's edits made (digests replaced, or inserted by the
 * pinning PR), byte for byte otherwise. Any edit that doesn't apply fails the whole group: a PR
 * is never built from a half-changed file.
 */
export function buildBranchFiles(
  editsByPath: ReadonlyMap<string, readonly DigestEdit[]>,
  baseTexts: ReadonlyMap<string, string>,
  entries: ReadonlyMap<string, TreeEntry>,
): BranchFilesResult {
  const files: BranchFile[] = [];
  for (const [path, edits] of editsByPath) {
    const text = baseTexts.get(path);
    const entry = entries.get(path);
    if (text === undefined || entry === undefined) return { ok: false, error: `${path}: not in the scanned base tree` };
    const applied = applyEdits(text, edits);
    if (!applied.ok) return { ok: false, error: `${path}: ${applied.error}` };
    files.push({ path, content: Buffer.from(applied.text, 'utf8'), mode: entry.mode });
  }
  return { ok: true, files };
}
