import { describe, expect, test } from '@jest/globals';
import { createPublicKey } from 'node:crypto';
import fc from 'fast-check';
import { base32, libtrustKeyId } from '../helpers/registry/libtrust-key-id.js';

describe('base32', () => {
  test.each([
    ['', ''],
    ['f', 'MY======'],
    ['fo', 'MZXQ===='],
    ['foo', 'MZXW6==='],
    ['foob', 'MZXW6YQ='],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI======'],
  ])('RFC 4648 vector %j', (input, expected) => {
    expect(base32(Buffer.from(input))).toBe(expected);
  });

  test('always 8-character blocks over the RFC alphabet, 8 characters per 5 bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const encoded = base32(bytes);
        expect(encoded).toMatch(/^[A-Z2-7]*=*$/);
        expect(encoded.length).toBe(Math.ceil(bytes.length / 5) * 8);
      }),
    );
  });
});

describe('libtrustKeyId', () => {
  test('matches an ID computed independently (python: b32encode(sha256(spki)[:30]))', () => {
    const pem = [
      '-----BEGIN PUBLIC KEY-----',
      'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEG6VrKJ7PKOEMQ9ABnrtyYfHo7ujT',
      'vNafgT4+tU+9YhBGP1NihKHkcLZxTqkLQSEh3Jb20ZFHrZZBVVAuai8c2w==',
      '-----END PUBLIC KEY-----',
    ].join('\n');
    const der = createPublicKey(pem).export({ type: 'spki', format: 'der' });
    expect(libtrustKeyId(der)).toBe('CKNT:DFPU:BXG3:F5GK:FTUP:55HG:AM7O:JM6Z:T2C2:DBIQ:UDUT:BSTK');
  });

  test('is always twelve colon-separated groups of four', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), (der) => {
        expect(libtrustKeyId(der)).toMatch(/^[A-Z2-7]{4}(:[A-Z2-7]{4}){11}$/);
      }),
    );
  });
});
