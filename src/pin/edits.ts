import type { DigestEdit } from '../rewrite/apply-edits.js';
import type { PlannedPin } from './plan.js';

/** Pure: the insertion that pins one reference (an edit with start = end). */
export function pinEdit(pin: PlannedPin): DigestEdit {
  const { start, prefix, suffix } = pin.reference.insertion;
  return { start, end: start, oldDigest: '', newDigest: pin.digest, insertion: { prefix, suffix } };
}

/** Pure: the insertions each file needs, keyed by file path, in offset order. */
export function pinEditsByFile(pins: readonly PlannedPin[]): Map<string, DigestEdit[]> {
  const byFile = new Map<string, DigestEdit[]>();
  for (const pin of pins) {
    const edits = byFile.get(pin.reference.file) ?? [];
    edits.push(pinEdit(pin));
    byFile.set(pin.reference.file, edits);
  }
  for (const edits of byFile.values()) edits.sort((a, b) => a.start - b.start);
  return byFile;
}
