import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { applyEdits, type DigestEdit } from '../../src/rewrite/apply-edits.js';

const RUNS = { numRuns: 1000 };

const hex64 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });
const digest = hex64.map((hex) => `sha256:${hex}`);

/** A piece of a line: either filler text or a pinned image whose digest span we track. */
type Piece = { readonly filler: string } | { readonly image: string; readonly digest: string };

const filler: fc.Arbitrary<Piece> = fc
  .oneof(
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.constantFrom(' ', '  ', '\t', '\t\t', '"', "'", '# ', '#', 'FROM ', 'image: ', '- ', '\\', '\u00a0', '🐳'),
    fc.string({ unit: 'grapheme', maxLength: 8 }).map((text) => `# ${text}`),
  )
  .map((text) => ({ filler: text }));

const pin: fc.Arbitrary<Piece> = fc.record({
  image: fc.constantFrom('node:22@', 'ghcr.io/acme/app:v1.2.3@', 'localhost:5000/x/y:latest@', 'débian:12@', '@'),
  digest,
});

const line = fc.array(fc.oneof({ weight: 3, arbitrary: filler }, { weight: 1, arbitrary: pin }), { maxLength: 6 });

/** A file text built from lines, plus the spans of every digest in it. */
interface GeneratedFile {
  readonly text: string;
  readonly spans: readonly { readonly start: number; readonly end: number; readonly digest: string }[];
}

const file: fc.Arbitrary<GeneratedFile> = fc
  .record({
    bom: fc.boolean(),
    lines: fc.array(fc.record({ pieces: line, ending: fc.constantFrom('\n', '\r\n', '\r') }), { maxLength: 12 }),
    finalNewline: fc.boolean(),
  })
  .map(({ bom, lines, finalNewline }) => {
    let text = bom ? '\ufeff' : '';
    const spans: { start: number; end: number; digest: string }[] = [];
    lines.forEach(({ pieces, ending }, index) => {
      for (const piece of pieces) {
        if ('filler' in piece) {
          text += piece.filler;
        } else {
          text += piece.image;
          spans.push({ start: text.length, end: text.length + piece.digest.length, digest: piece.digest });
          text += piece.digest;
        }
      }
      if (index < lines.length - 1 || finalNewline) text += ending;
    });
    return { text, spans };
  });

/** A file and edits for a random subset of its digests, in random order. */
const fileWithEdits = file.chain((generated) =>
  fc
    .shuffledSubarray([...generated.spans])
    .chain((chosen) => fc.tuple(fc.constant(chosen), fc.array(digest, { minLength: chosen.length, maxLength: chosen.length })))
    .map(([chosen, newDigests]) => ({
      ...generated,
      edits: chosen.map((span, i): DigestEdit => ({
        start: span.start,
        end: span.end,
        oldDigest: span.digest,
        newDigest: newDigests[i] ?? '',
      })),
    })),
);

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('applyEdits properties', () => {
  it('changes exactly the digest spans, character for character and byte for byte', () => {
    fc.assert(
      fc.property(fileWithEdits, ({ text, edits }) => {
        const result = applyEdits(text, edits);
        if (!result.ok) throw new Error(result.error);
        expect(result.text.length).toBe(text.length);
        expect(result.applied).toBe(edits.filter((edit) => edit.oldDigest !== edit.newDigest).length);

        const edited = new Map(edits.map((edit) => [edit.start, edit]));
        for (let i = 0; i < text.length; i++) {
          const edit = edited.get(i);
          if (edit !== undefined) {
            expect(result.text.slice(edit.start, edit.end)).toBe(edit.newDigest);
            i = edit.end - 1;
          } else if (result.text[i] !== text[i]) {
            throw new Error(`character ${i} changed from ${JSON.stringify(text[i])} to ${JSON.stringify(result.text[i])}`);
          }
        }

        // Digests are ASCII, so byte spans keep their length and everything else must match exactly.
        const before = utf8(text);
        const after = utf8(result.text);
        expect(after.length).toBe(before.length);
        let cursor = 0;
        for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
          const byteStart = Buffer.byteLength(text.slice(0, edit.start), 'utf8');
          expect(after.subarray(cursor, byteStart).equals(before.subarray(cursor, byteStart))).toBe(true);
          expect(after.subarray(byteStart, byteStart + edit.newDigest.length).toString('latin1')).toBe(edit.newDigest);
          cursor = byteStart + edit.newDigest.length;
        }
        expect(after.subarray(cursor).equals(before.subarray(cursor))).toBe(true);
      }),
      RUNS,
    );
  });

  it('applying the same edits twice equals applying them once', () => {
    fc.assert(
      fc.property(fileWithEdits, ({ text, edits }) => {
        const once = applyEdits(text, edits);
        if (!once.ok) throw new Error(once.error);
        expect(applyEdits(once.text, edits)).toEqual({ ok: true, text: once.text, applied: 0 });
      }),
      RUNS,
    );
  });

  it('a wrong old digest fails the whole call and returns no text', () => {
    const withWrongEdit = fileWithEdits
      .filter(({ edits }) => edits.length > 0)
      .chain((generated) => fc.record({ generated: fc.constant(generated), index: fc.nat(generated.edits.length - 1), wrong: digest }))
      .filter(({ generated, index, wrong }) => {
        const edit = generated.edits[index];
        return edit !== undefined && wrong !== edit.oldDigest && wrong !== edit.newDigest;
      });
    fc.assert(
      fc.property(withWrongEdit, ({ generated, index, wrong }) => {
        const edits = generated.edits.map((edit, i) => (i === index ? { ...edit, oldDigest: wrong } : edit));
        const target = edits[index];
        const found = generated.text.slice(target?.start, target?.end);
        const result = applyEdits(generated.text, edits);
        // When the wrong edit's new digest happens to sit there already, it is a legitimate no-op.
        if (found === target?.newDigest) {
          expect(result.ok).toBe(true);
          return;
        }
        expect(result.ok).toBe(false);
        expect(result).not.toHaveProperty('text');
        if (!result.ok) expect(result.error).toContain(`edit at offset ${target?.start}: expected "${wrong}"`);
      }),
      RUNS,
    );
  });
});
