import path from 'node:path';
import { editsByFile } from '../plan/edits.js';
import type { PlannedUpdate } from '../plan/plan.js';
import { applyEdits } from '../rewrite/apply-edits.js';
import { replaceFileIfUnchanged, type ReplaceOptions } from '../rewrite/write-atomic.js';

export interface FileWriteFailure {
  readonly file: string;
  readonly error: string;
}

/**
 * Writes each file's digest edits, all of a file's edits in one atomic replacement. A file whose
 * bytes changed since it was scanned, at any moment before the replacement, is left as the other
 * writer made it (pinbot never overwrites work it did not see); a file that is no longer a
 * regular file the user may write is refused. Either is reported for that file alone.
 */
export async function writeUpdates(
  root: string,
  scannedTexts: ReadonlyMap<string, string>,
  updates: readonly PlannedUpdate[],
  options: Pick<ReplaceOptions, 'afterTempWritten' | 'fileSystem'> = {},
): Promise<{ written: PlannedUpdate[]; failures: FileWriteFailure[] }> {
  const written: PlannedUpdate[] = [];
  const failures: FileWriteFailure[] = [];
  for (const [file, edits] of editsByFile(updates)) {
    const fileUpdates = updates.filter((update) => update.reference.file === file);
    const error = await writeOne(path.join(root, ...file.split('/')), scannedTexts.get(file), edits, options);
    if (error === undefined) written.push(...fileUpdates);
    else failures.push({ file, error });
  }
  return { written, failures };
}

async function writeOne(
  absolutePath: string,
  scanned: string | undefined,
  edits: Parameters<typeof applyEdits>[1],
  options: ReplaceOptions,
): Promise<string | undefined> {
  if (scanned === undefined) return 'the file was not scanned in this run';
  const applied = applyEdits(scanned, edits);
  if (!applied.ok) return applied.error;
  // The decoder keeps a BOM in the text, so these are the file's exact bytes as scanned.
  const outcome = await replaceFileIfUnchanged(absolutePath, Buffer.from(scanned, 'utf8'), Buffer.from(applied.text, 'utf8'), options);
  return outcome.kind === 'written' ? undefined : outcome.message;
}
