import path from 'node:path';
import { editsByFile } from '../plan/edits.js';
import type { PlannedUpdate } from '../plan/plan.js';
import { applyEdits, type DigestEdit } from '../rewrite/apply-edits.js';
import { replaceFileIfUnchanged, type ReplaceOptions } from '../rewrite/write-atomic.js';

export interface FileWriteFailure {
  readonly file: string;
  readonly error: string;
}

export type WriteOptions = Pick<ReplaceOptions, 'afterTempWritten' | 'fileSystem'>;

/** Writes each file's digest updates (see {@link writeEdits}). */
export async function writeUpdates(
  root: string,
  scannedTexts: ReadonlyMap<string, string>,
  updates: readonly PlannedUpdate[],
  options: WriteOptions = {},
): Promise<{ written: PlannedUpdate[]; failures: FileWriteFailure[] }> {
  const { failures } = await writeEdits(root, scannedTexts, editsByFile(updates), options);
  const failed = new Set(failures.map((failure) => failure.file));
  return { written: updates.filter((update) => !failed.has(update.reference.file)), failures };
}

/**
 * Writes each file's edits (digest replacements for `update`, insertions for `pin`), all of a
 * file's edits in one atomic replacement. A file whose bytes changed since it was scanned, at
 * any moment before the replacement, is left as the other writer made it (pinbot never
 * overwrites work it did not see); a file that is no longer a regular file the user may write is
 * refused. Either is reported for that file alone.
 */
export async function writeEdits(
  root: string,
  scannedTexts: ReadonlyMap<string, string>,
  edits: ReadonlyMap<string, readonly DigestEdit[]>,
  options: WriteOptions = {},
): Promise<{ failures: FileWriteFailure[] }> {
  const failures: FileWriteFailure[] = [];
  for (const [file, fileEdits] of edits) {
    const error = await writeOne(path.join(root, ...file.split('/')), scannedTexts.get(file), fileEdits, options);
    if (error !== undefined) failures.push({ file, error });
  }
  return { failures };
}

async function writeOne(
  absolutePath: string,
  scanned: string | undefined,
  edits: readonly DigestEdit[],
  options: ReplaceOptions,
): Promise<string | undefined> {
  if (scanned === undefined) return 'the file was not scanned in this run';
  const applied = applyEdits(scanned, edits);
  if (!applied.ok) return applied.error;
  // The decoder keeps a BOM in the text, so these are the file's exact bytes as scanned.
  const outcome = await replaceFileIfUnchanged(absolutePath, Buffer.from(scanned, 'utf8'), Buffer.from(applied.text, 'utf8'), options);
  return outcome.kind === 'written' ? undefined : outcome.message;
}
