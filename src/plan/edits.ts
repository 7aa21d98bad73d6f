import type { DigestEdit } from '../rewrite/apply-edits.js';
import type { PlannedUpdate } from './plan.js';

/** Pure: the digest edits each file needs, keyed by file path, in offset order. */
export function editsByFile(updates: readonly PlannedUpdate[]): Map<string, DigestEdit[]> {
  const byFile = new Map<string, DigestEdit[]>();
  for (const { reference, newDigest } of updates) {
    const edits = byFile.get(reference.file) ?? [];
    edits.push({ start: reference.digestStart, end: reference.digestEnd, oldDigest: reference.image.digest, newDigest });
    byFile.set(reference.file, edits);
  }
  for (const edits of byFile.values()) edits.sort((a, b) => a.start - b.start);
  return byFile;
}
