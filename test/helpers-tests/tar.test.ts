import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { singleFileTar } from '../helpers/registry/tar.js';

function field(archive: Buffer, offset: number, length: number): string {
  return archive
    .subarray(offset, offset + length)
    .toString('ascii')
    .replace(/\0.*$/s, '');
}

describe('singleFileTar', () => {
  test('writes a ustar header a tar reader accepts', () => {
    const archive = singleFileTar('etc/hello.txt', Buffer.from('hello\n'));
    expect(field(archive, 0, 100)).toBe('etc/hello.txt');
    expect(field(archive, 100, 8)).toBe('0000644');
    expect(parseInt(field(archive, 124, 12), 8)).toBe(6);
    expect(field(archive, 156, 1)).toBe('0');
    expect(field(archive, 257, 6)).toBe('ustar');
    // The checksum is the byte sum of the header with the checksum field read as spaces.
    const header = Buffer.from(archive.subarray(0, 512));
    header.fill(' ', 148, 156);
    const sum = header.reduce((total, byte) => total + byte, 0);
    expect(parseInt(field(archive, 148, 8), 8)).toBe(sum);
  });

  test('places the content after the header, pads to blocks, and ends with two zero blocks', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        const content = Buffer.from(bytes);
        const archive = singleFileTar('f', content);
        const dataBlocks = Math.ceil(content.length / 512);
        expect(archive.length).toBe(512 * (1 + dataBlocks + 2));
        expect(archive.subarray(512, 512 + content.length).equals(content)).toBe(true);
        expect(archive.subarray(512 + content.length).every((b) => b === 0)).toBe(true);
      }),
    );
  });

  test('refuses a name that does not fit the header', () => {
    expect(() => singleFileTar('x'.repeat(101), Buffer.alloc(0))).toThrow('path longer than 100 bytes');
  });
});
