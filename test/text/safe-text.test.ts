import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { clip, echoed, jsonText, visible, visibleLines } from '../../src/text/safe-text.js';

// eslint-disable-next-line no-control-regex -- what no output may carry raw
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('visible', () => {
  it('shows C0, DEL, C1, line separators and bidi controls as escapes', () => {
    expect(visible('a\nb\r\tc\u0000\u007f')).toBe('a\\nb\\r\\tc\\u0000\\u007f');
    expect(visible('\u001b]0;owned\u0007\u001b[2J')).toBe('\\u001b]0;owned\\u0007\\u001b[2J');
    expect(visible('\u009b31m \u2028 \u202eevil\u2069')).toBe('\\u009b31m \\u2028 \\u202eevil\\u2069');
    expect(visible('café 🐳 ✓')).toBe('café 🐳 ✓');
  });

  it('keeps line feeds in multi-line output only', () => {
    expect(visibleLines('one\u001b[31m\ntwo\r\n')).toBe('one\\u001b[31m\ntwo\\r\n');
  });
});

describe('clip and echoed', () => {
  it('cuts to the limit with an ellipsis, never inside a surrogate pair', () => {
    expect(clip('abcdef', 6)).toBe('abcdef');
    expect(clip('abcdefg', 6)).toBe('abcde…');
    expect(clip('abcd🐳xyz', 6)).toBe('abcd…');
    expect(clip('abcd🐳xyz', 7)).toBe('abcd🐳…');
  });

  it('echoes a 1 MiB line as 200 characters', () => {
    const line = `FROM ${'a'.repeat(1024 * 1024)}`;
    expect(echoed(line)).toBe(`FROM ${'a'.repeat(194)}…`);
  });

  it('never lets a control character through and never exceeds the limit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.integer({ min: 2, max: 300 }), (text, max) => {
        const shown = echoed(text, max);
        expect(shown.length).toBeLessThanOrEqual(max);
        expect(UNSAFE.test(shown)).toBe(false);
        // Well-formed UTF-16: no lone surrogate left by a cut (they would not survive UTF-8 encoding).
        expect(Buffer.from(shown, 'utf8').toString('utf8')).toBe(shown);
      }),
    );
  });
});

describe('jsonText', () => {
  it('parses back to the same value and carries no raw control character', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, text) => {
        for (const input of [value, { text }]) {
          const json = jsonText(input);
          expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(input)));
          expect(UNSAFE.test(json)).toBe(false);
        }
      }),
    );
  });
});
