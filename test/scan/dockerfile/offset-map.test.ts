import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { OffsetMap } from '../../../src/scan/dockerfile/offset-map.js';

/** The map must say exactly what one number per character said before (issue 8 made it segments). */
describe('OffsetMap', () => {
  const ranges = fc.array(fc.tuple(fc.nat(50), fc.nat(20)), { maxLength: 12 }).map((pairs) => {
    let at = 0;
    return pairs.map(([gap, length]) => {
      const start = at + gap;
      at = start + length + 1;
      return [start, start + length] as const;
    });
  });

  it('maps every joined index to its source offset, and nothing outside', () => {
    fc.assert(
      fc.property(ranges, fc.nat(30), (parts, cut) => {
        const expected = parts.flatMap(([start, end]) => Array.from({ length: end - start }, (_, index) => start + index));
        const map = OffsetMap.of(parts);
        expect(map.length).toBe(expected.length);
        expect(Array.from({ length: expected.length + 2 }, (_, index) => map.at(index - 1))).toEqual([undefined, ...expected, undefined]);
        const rest = map.from(cut);
        expect(Array.from({ length: rest.length }, (_, index) => rest.at(index))).toEqual(expected.slice(cut));
      }),
    );
  });

  it('maps a single line like the general case', () => {
    expect([0, 1, 2, 3].map((index) => OffsetMap.single(10, 13).at(index))).toEqual([10, 11, 12, undefined]);
    expect(OffsetMap.single(5, 5).length).toBe(0);
  });
});
