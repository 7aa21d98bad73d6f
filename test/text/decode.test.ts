import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decodeFile } from '../../src/text/decode.js';
import { findInvalidUtf8 } from '../../src/text/utf8-error.js';

const BOM = Uint8Array.of(0xef, 0xbb, 0xbf);
const bytes = (...parts: (string | Uint8Array)[]): Uint8Array =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : part)));

/** Valid UTF-8 with one byte overwritten: mostly still text, sometimes broken in a subtle place. */
const nearlyValidUtf8 = fc
  .tuple(fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), fc.nat(), fc.integer({ min: 0x01, max: 0xff }))
  .map(([text, position, byte]) => {
    const encoded = bytes(text);
    encoded[position % encoded.length] = byte;
    return encoded;
  });

describe('decodeFile', () => {
  it('decodes UTF-8 and keeps the BOM in the string', () => {
    const input = bytes(BOM, 'FROM alpine:3.20\r\n');
    const result = decodeFile(input);
    expect(result).toEqual({ ok: true, text: '\ufeffFROM alpine:3.20\r\n' });
    if (result.ok) expect(Buffer.from(result.text, 'utf8').equals(input)).toBe(true);
  });

  it('decodes an empty file', () => {
    expect(decodeFile(new Uint8Array())).toEqual({ ok: true, text: '' });
  });

  it('reports a NUL byte as binary with its offset', () => {
    expect(decodeFile(bytes(Uint8Array.of(0x89), 'PNG\r\n', Uint8Array.of(0x1a, 0x0a, 0x00)))).toEqual({
      ok: false,
      reason: 'binary',
      message: 'binary file (NUL byte at byte 8)',
    });
  });

  it.each([
    ['Latin-1 é', bytes('# caf', Uint8Array.of(0xe9), '\n'), 5, 1],
    ['truncated sequence at the end', bytes('a\nb\n', Uint8Array.of(0xe2, 0x82)), 4, 3],
    ['overlong encoding of "/"', bytes('x', Uint8Array.of(0xc0, 0xaf)), 1, 1],
    ['UTF-16 surrogate encoded in UTF-8', bytes('ok\n\n', Uint8Array.of(0xed, 0xa0, 0x80)), 4, 3],
    ['code point above U+10FFFF', bytes(Uint8Array.of(0xf4, 0x90, 0x80, 0x80)), 0, 1],
    ['stray continuation byte', bytes('é', Uint8Array.of(0x80)), 2, 1],
  ])('reports invalid UTF-8 with byte and line (%s)', (_label, input, byte, line) => {
    expect(decodeFile(input)).toEqual({
      ok: false,
      reason: 'undecodable',
      message: `not valid UTF-8 at byte ${byte} (line ${line})`,
    });
  });

  it('round-trips arbitrary valid UTF-8, with or without a BOM, byte for byte', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.boolean(), (text, withBom) => {
        const input = withBom ? bytes(BOM, text) : bytes(text);
        const result = decodeFile(input);
        if (text.includes('\0')) {
          expect(result).toMatchObject({ ok: false, reason: 'binary' });
          return;
        }
        if (!result.ok) throw new Error(result.message);
        expect(result.text).toBe(withBom ? `\ufeff${text}` : text);
        expect(Buffer.from(result.text, 'utf8').equals(Buffer.from(input))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('for arbitrary bytes either round-trips, or says binary, or locates the bad byte', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), nearlyValidUtf8), (input) => {
        const result = decodeFile(input);
        if (result.ok) {
          expect(Buffer.from(result.text, 'utf8').equals(Buffer.from(input))).toBe(true);
          expect(findInvalidUtf8(input)).toBeNull();
        } else if (result.reason === 'binary') {
          expect(input.includes(0)).toBe(true);
        } else {
          const where = findInvalidUtf8(input);
          expect(where).not.toBeNull();
          // Everything before the reported byte is valid on its own.
          expect(findInvalidUtf8(input.subarray(0, where?.byteOffset))).toBeNull();
        }
      }),
      { numRuns: 1000 },
    );
  });
});
