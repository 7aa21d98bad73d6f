import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { editsByFile } from '../plan/edits.js';
import type { PlannedUpdate } from '../plan/plan.js';
import { applyEdits } from '../rewrite/apply-edits.js';
import { decodeFile } from '../text/decode.js';
import { writeFileAtomic } from '../rewrite/write-atomic.js';

export interface FileWriteFailure {
  readonly file: string;
  readonly error: string;
}

/**
 * Writes each file's digest edits atomically. A file whose bytes changed since it was scanned is
 * left alone (someone is editing it): pinbot never overwrites work it did not see.
 */
export async function writeUpdates(
  root: string,
  scannedTexts: ReadonlyMap<string, string>,
  updates: readonly PlannedUpdate[],
): Promise<{ written: PlannedUpdate[]; failures: FileWriteFailure[] }> {
  const written: PlannedUpdate[] = [];
  const failures: FileWriteFailure[] = [];
  for (const [file, edits] of editsByFile(updates)) {
    const fileUpdates = updates.filter((update) => update.reference.file === file);
    const error = await writeOne(path.join(root, ...file.split('/')), scannedTexts.get(file), edits);
    if (error === undefined) written.push(...fileUpdates);
    else failures.push({ file, error });
  }
  return { written, failures };
}

async function writeOne(
  absolutePath: string,
  scanned: string | undefined,
  edits: Parameters<typeof applyEdits>[1],
): Promise<string | undefined> {
  if (scanned === undefined) return 'the file was not scanned in this run';
  const current = decodeFile(await readFile(absolutePath).catch(() => new Uint8Array()));
  if (!current.ok || current.text !== scanned) return 'the file changed while pinbot was running; left as it is';
  const applied = applyEdits(scanned, edits);
  if (!applied.ok) return applied.error;
  const result = await writeFileAtomic(absolutePath, applied.text);
  return result.ok ? undefined : result.error;
}
