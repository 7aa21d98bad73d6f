/**
 * Replaces digest text at exact offsets and nothing else. Every character outside the edited
 * spans (line endings, BOM, indentation, quotes, comments, final newline) comes back unchanged,
 * so a rewrite diff shows only the digests that moved.
 */

/**
 * One digest to replace, or to insert: `[start, end)` are UTF-16 offsets of the digest text in
 * the file's string. An insertion (`pinbot pin`) is an edit with start = end, no old digest, and
 * the text that goes around the new digest (`@` after a tag, `:latest@` after a bare name).
 */
export interface DigestEdit {
  readonly start: number;
  readonly end: number;
  /** The digest the scanner saw at `[start, end)`; empty for an insertion. */
  readonly oldDigest: string;
  /** The digest to write instead; must be `sha256:` followed by 64 lowercase hex digits. */
  readonly newDigest: string;
  /** Set for an insertion only: `prefix + newDigest + suffix` is written at `start`. */
  readonly insertion?: { readonly prefix: string; readonly suffix: string };
}

export type ApplyEditsResult =
  /** `applied` counts the spans whose text changed; edits already in place are not counted. */
  { readonly ok: true; readonly text: string; readonly applied: number } | { readonly ok: false; readonly error: string };

/** The only digest form pinbot writes: a registry answers with exactly this for sha256 content. */
const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;

/** Long enough to recognise what sits at an offset without flooding the message. */
const EXCERPT_LENGTH = 80;

type EditCheck = { readonly kind: 'replace' | 'in-place' } | { readonly kind: 'error'; readonly message: string };

/**
 * Applies all edits or none. Each edit is checked against the text first: the old digest must sit
 * exactly at its span; when the new digest is already there the edit is a no-op, which makes a
 * second application of the same edits change nothing. Any other finding fails the whole call.
 */
export function applyEdits(text: string, edits: readonly DigestEdit[]): ApplyEditsResult {
  const ordered = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const problems: string[] = [];
  const replacements: DigestEdit[] = [];

  ordered.forEach((edit, index) => {
    const previous = index > 0 ? ordered[index - 1] : undefined;
    // Two insertions at one point would both land there: that is an overlap too.
    if (previous !== undefined && (edit.start < previous.end || edit.start === previous.start)) {
      problems.push(`edit at offset ${edit.start} overlaps the edit at offset ${previous.start} (which ends at ${previous.end})`);
      return;
    }
    const check = checkEdit(text, edit);
    if (check.kind === 'error') problems.push(check.message);
    else if (check.kind === 'replace') replacements.push(edit);
  });

  if (problems.length > 0) {
    const noun = problems.length === 1 ? 'edit' : 'edits';
    return { ok: false, error: `${problems.length} ${noun} could not be applied: ${problems.join('; ')}` };
  }

  // Stitch the untouched slices between the replaced spans; `ordered` guarantees increasing offsets.
  const parts: string[] = [];
  let cursor = 0;
  for (const edit of replacements) {
    parts.push(text.slice(cursor, edit.start), written(edit));
    cursor = edit.end;
  }
  parts.push(text.slice(cursor));
  return { ok: true, text: parts.join(''), applied: replacements.length };
}

/** What an edit puts in its span: the new digest, with an insertion's surrounding text. */
function written(edit: DigestEdit): string {
  return edit.insertion === undefined ? edit.newDigest : `${edit.insertion.prefix}${edit.newDigest}${edit.insertion.suffix}`;
}

function checkEdit(text: string, edit: DigestEdit): EditCheck {
  const { start, end, oldDigest, newDigest } = edit;
  const at = `edit at offset ${start}`;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > text.length || start > end) {
    return { kind: 'error', message: `${at}: span [${start}, ${end}) is outside the text (length ${text.length})` };
  }
  if (!SHA256_DIGEST.test(newDigest)) {
    return { kind: 'error', message: `${at}: new digest ${excerpt(newDigest)} is not sha256: followed by 64 lowercase hex digits` };
  }
  if (edit.insertion !== undefined) return checkInsertion(text, edit, edit.insertion.prefix);
  if (oldDigest.length === 0) {
    return { kind: 'error', message: `${at}: old digest is empty` };
  }
  const found = text.slice(start, end);
  // Checked before the old digest so an edit whose old and new digests are equal counts as in place.
  if (found === newDigest) return { kind: 'in-place' };
  if (found === oldDigest) return { kind: 'replace' };
  return {
    kind: 'error',
    message: `${at}: expected ${excerpt(oldDigest)} but found ${excerpt(found)} (was the file changed after it was scanned?)`,
  };
}

/**
 * An insertion goes where nothing is pinned yet. Already there: in place (a second run changes
 * nothing). A digest (`@`) or, for an insertion that writes the tag, a tag (`:`) already at the
 * point: the text is not the one scanned, and a second digest or tag must never be written.
 */
function checkInsertion(text: string, edit: DigestEdit, prefix: string): EditCheck {
  const at = `edit at offset ${edit.start}`;
  if (edit.end !== edit.start || edit.oldDigest !== '') {
    return { kind: 'error', message: `${at}: an insertion has no old digest and an empty span (start = end)` };
  }
  const inserted = written(edit);
  if (text.startsWith(inserted, edit.start)) return { kind: 'in-place' };
  const next = text.charAt(edit.start);
  if (next === '@' || (prefix.startsWith(':') && next === ':')) {
    return {
      kind: 'error',
      message: `${at}: expected nothing pinned here but found ${excerpt(text.slice(edit.start, edit.start + EXCERPT_LENGTH))} (was the file changed after it was scanned?)`,
    };
  }
  return { kind: 'replace' };
}

/** Quotes a piece of text for an error message, escaping control characters and capping the length. */
function excerpt(value: string): string {
  const capped = value.length > EXCERPT_LENGTH ? `${value.slice(0, EXCERPT_LENGTH)}…` : value;
  return JSON.stringify(capped);
}
