import { describe, expect, it } from '@jest/globals';
import { applyEdits, type DigestEdit } from '../../src/rewrite/apply-edits.js';

const OLD = `sha256:${'a'.repeat(64)}`;
const NEW = `sha256:${'b'.repeat(64)}`;
const OTHER = `sha256:${'c'.repeat(64)}`;

/** An edit for the first occurrence of `digest` in `text`. */
function editFor(text: string, digest: string, newDigest: string, from = 0): DigestEdit {
  const start = text.indexOf(digest, from);
  if (start === -1) throw new Error(`test setup: ${digest} not in text`);
  return { start, end: start + digest.length, oldDigest: digest, newDigest };
}

describe('applyEdits', () => {
  const text = `FROM node:22@${OLD} AS build\r\nFROM nginx:1.27@${OTHER}\n`;

  it('replaces only the digest characters', () => {
    const result = applyEdits(text, [editFor(text, OLD, NEW)]);
    expect(result).toEqual({ ok: true, text: `FROM node:22@${NEW} AS build\r\nFROM nginx:1.27@${OTHER}\n`, applied: 1 });
  });

  it('applies edits given in any order', () => {
    const first = editFor(text, OLD, NEW);
    const second = editFor(text, OTHER, OLD);
    const expected = `FROM node:22@${NEW} AS build\r\nFROM nginx:1.27@${OLD}\n`;
    expect(applyEdits(text, [second, first])).toEqual({ ok: true, text: expected, applied: 2 });
    expect(applyEdits(text, [first, second])).toEqual({ ok: true, text: expected, applied: 2 });
  });

  it('returns the text unchanged for no edits', () => {
    expect(applyEdits(text, [])).toEqual({ ok: true, text, applied: 0 });
  });

  it('treats an edit whose new digest is already in place as a no-op', () => {
    const edit = editFor(text, OLD, NEW);
    const once = applyEdits(text, [edit]);
    if (!once.ok) throw new Error(once.error);
    expect(applyEdits(once.text, [edit])).toEqual({ ok: true, text: once.text, applied: 0 });
  });

  it('counts an edit with equal old and new digests as in place', () => {
    expect(applyEdits(text, [editFor(text, OLD, OLD)])).toEqual({ ok: true, text, applied: 0 });
  });

  it('fails the whole call when one old digest is not where the edit says', () => {
    const good = editFor(text, OLD, NEW);
    const stale = { ...editFor(text, OTHER, NEW), oldDigest: `sha256:${'d'.repeat(64)}` };
    const result = applyEdits(text, [good, stale]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toContain(`edit at offset ${stale.start}`);
    expect(result.error).toContain(`expected "sha256:${'d'.repeat(64)}" but found "${OTHER}"`);
    expect(result).not.toHaveProperty('text');
  });

  it('reports what was found when the span points at other text', () => {
    const result = applyEdits(text, [{ start: 0, end: OLD.length, oldDigest: OLD, newDigest: NEW }]);
    expect(result).toEqual({
      ok: false,
      error: `1 edit could not be applied: edit at offset 0: expected "${OLD}" but found "FROM node:22@sha256:${'a'.repeat(OLD.length - 20)}" (was the file changed after it was scanned?)`,
    });
  });

  it('escapes control characters in what was found', () => {
    const result = applyEdits('a\r\nb', [{ start: 0, end: 4, oldDigest: OLD, newDigest: NEW }]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain('but found "a\\r\\nb"');
  });

  it.each([
    ['negative start', -1, 70],
    ['end past the text', text.length - 10, text.length + 61],
    ['start after end', 20, 10],
    ['fractional offset', 1.5, 72.5],
  ])('rejects an out-of-range span (%s)', (_label, start, end) => {
    const result = applyEdits(text, [{ start, end, oldDigest: OLD, newDigest: NEW }]);
    expect(result).toEqual({
      ok: false,
      error: `1 edit could not be applied: edit at offset ${start}: span [${start}, ${end}) is outside the text (length ${text.length})`,
    });
  });

  it.each([
    ['uppercase hex', `sha256:${'B'.repeat(64)}`],
    ['short hex', `sha256:${'b'.repeat(63)}`],
    ['other algorithm', `sha512:${'b'.repeat(128)}`],
    ['no algorithm', 'b'.repeat(64)],
    ['trailing newline', `${NEW}\n`],
  ])('rejects a malformed new digest (%s)', (_label, newDigest) => {
    const result = applyEdits(text, [{ ...editFor(text, OLD, NEW), newDigest }]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain('is not sha256: followed by 64 lowercase hex digits');
  });

  it('rejects an empty old digest', () => {
    const result = applyEdits(text, [{ start: 3, end: 3, oldDigest: '', newDigest: NEW }]);
    expect(result).toEqual({ ok: false, error: '1 edit could not be applied: edit at offset 3: old digest is empty' });
  });

  it('rejects overlapping edits, including the same edit twice', () => {
    const edit = editFor(text, OLD, NEW);
    const shifted = { start: edit.start + 5, end: edit.end + 5, oldDigest: OLD, newDigest: NEW };
    for (const edits of [
      [edit, edit],
      [shifted, edit],
    ]) {
      const result = applyEdits(text, edits);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toContain(`overlaps the edit at offset ${edit.start}`);
    }
  });

  it('lists every problem, not just the first', () => {
    const result = applyEdits(text, [
      { start: 0, end: 71, oldDigest: OLD, newDigest: NEW },
      { ...editFor(text, OTHER, 'sha256:nope'), newDigest: 'sha256:nope' },
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatch(/^2 edits could not be applied: edit at offset 0: .*; edit at offset \d+: new digest "sha256:nope"/);
  });

  it('keeps offsets in UTF-16 units next to astral characters', () => {
    const emoji = `# 🐳 café\nFROM alpine:3.20@${OLD}\n`;
    const result = applyEdits(emoji, [editFor(emoji, OLD, NEW)]);
    expect(result).toEqual({ ok: true, text: `# 🐳 café\nFROM alpine:3.20@${NEW}\n`, applied: 1 });
  });
});

describe('applyEdits: insertions (pinbot pin)', () => {
  const text = `FROM node:22 AS build\r\nFROM nginx\n`;
  const after = (needle: string): number => text.indexOf(needle) + needle.length;
  const insert = (at: number, prefix = '@', digest = NEW): DigestEdit => ({
    start: at,
    end: at,
    oldDigest: '',
    newDigest: digest,
    insertion: { prefix, suffix: '' },
  });

  it('writes the prefix and the digest at the point, and nothing else', () => {
    const result = applyEdits(text, [insert(after('node:22')), insert(after('nginx'), ':latest@', OTHER)]);
    expect(result).toEqual({ ok: true, text: `FROM node:22@${NEW} AS build\r\nFROM nginx:latest@${OTHER}\n`, applied: 2 });
  });

  it('mixes with replacements in one call, offsets read against the original text', () => {
    const pinned = `FROM node:22@${OLD} AS build\nFROM nginx\n`;
    const at = pinned.indexOf('nginx') + 'nginx'.length;
    const replace: DigestEdit = { start: pinned.indexOf(OLD), end: pinned.indexOf(OLD) + OLD.length, oldDigest: OLD, newDigest: NEW };
    expect(applyEdits(pinned, [{ ...insert(at), insertion: { prefix: ':1@', suffix: '' } }, replace])).toEqual({
      ok: true,
      text: `FROM node:22@${NEW} AS build\nFROM nginx:1@${NEW}\n`,
      applied: 2,
    });
  });

  it('is a no-op when the inserted text is already at the point', () => {
    // Offsets are the scanned text's: later insertions shift, so this holds for an edit at its own offset.
    const edits = [insert(after('node:22'))];
    const once = applyEdits(text, edits);
    if (!once.ok) throw new Error(once.error);
    expect(applyEdits(once.text, edits)).toEqual({ ok: true, text: once.text, applied: 0 });
  });

  it('never writes a second digest or tag where one already is', () => {
    const pinned = `FROM node:22@${OLD}\nFROM nginx:1\n`;
    const digestThere = applyEdits(pinned, [insert('FROM node:22'.length)]);
    expect(digestThere.ok).toBe(false);
    if (!digestThere.ok) expect(digestThere.error).toContain(`expected nothing pinned here but found "@${OLD}`);
    const tagThere = applyEdits(pinned, [insert(pinned.indexOf('nginx') + 'nginx'.length, ':latest@')]);
    expect(tagThere.ok).toBe(false);
    if (!tagThere.ok) expect(tagThere.error).toContain('expected nothing pinned here but found ":1\\n"');
  });

  it('refuses two insertions at one point, and an insertion with a span or an old digest', () => {
    const at = after('node:22');
    const twice = applyEdits(text, [insert(at), insert(at, '@', OTHER)]);
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(twice.error).toContain(`overlaps the edit at offset ${at}`);
    for (const malformed of [
      { ...insert(at), end: at + 1 },
      { ...insert(at), oldDigest: OLD },
    ]) {
      const result = applyEdits(text, [malformed]);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toContain('an insertion has no old digest and an empty span');
    }
  });

  it('checks the inserted digest like any other', () => {
    const result = applyEdits(text, [insert(after('node:22'), '@', 'sha256:short')]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain('is not sha256: followed by 64 lowercase hex digits');
  });
});
