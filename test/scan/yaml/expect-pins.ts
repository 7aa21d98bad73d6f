/** Assertions shared by the YAML scanner tests: exact pins, exact offsets, consistent positions. */
import { expect } from '@jest/globals';
import type { ReferenceKind, ScanResult } from '../../../src/scan/types.js';
import type { Rendered } from './yaml-render.js';

/** Every reported span is the digest itself, and line/column/bytes agree with the text. */
export function expectConsistentOffsets(text: string, result: ScanResult): void {
  for (const reference of result.references) {
    expect(text.slice(reference.digestStart, reference.digestEnd)).toBe(reference.image.digest);
    const before = text.slice(0, reference.digestStart);
    expect(reference.line).toBe(before.split('\n').length);
    expect(reference.column).toBe(reference.digestStart - (before.lastIndexOf('\n') + 1) + 1);
    expect(reference.digestByteStart).toBe(Buffer.byteLength(before, 'utf8'));
    expect(reference.digestByteEnd - reference.digestByteStart).toBe(Buffer.byteLength(reference.image.digest, 'utf8'));
  }
  // A tag-only reference's insertion point sits where `pin` would write, in both measures.
  for (const unpinned of result.unpinned) {
    const before = text.slice(0, unpinned.insertion.start);
    expect(unpinned.insertion.start).toBeLessThanOrEqual(text.length);
    expect(unpinned.line).toBe(before.split('\n').length);
    expect(unpinned.insertion.byteStart).toBe(Buffer.byteLength(before, 'utf8'));
  }
}

/** Exactly the rendered pins are found, at their offsets, with their platforms, and nothing fails. */
export function expectExactlyThePins(rendered: Rendered, result: ScanResult, kind: ReferenceKind): void {
  const found = result.references.map((reference) => ({
    digestStart: reference.digestStart,
    ref: reference.image.original,
    tag: reference.image.tag,
    platform: reference.platform,
    kind: reference.kind,
  }));
  const expected = rendered.pins.map(({ pin, digestStart }) => ({
    digestStart,
    ref: pin.ref,
    tag: pin.tag,
    platform: pin.platform,
    kind,
  }));
  expect(found).toEqual(expected);
  expect(result.problems).toEqual([]);
  expectConsistentOffsets(rendered.text, result);
}
