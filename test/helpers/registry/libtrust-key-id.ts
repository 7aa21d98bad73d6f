/**
 * distribution 2.8 looks up the key that verifies a token by the JWT `kid` header, and it
 * indexes the keys from `auth.token.rootcertbundle` by their libtrust key ID: SHA-256 of the
 * DER SubjectPublicKeyInfo, truncated to 240 bits, base32, in twelve colon-separated groups of
 * four (`ABCD:EFGH:…`). (2.8 also accepts an `x5c` certificate chain header; `kid` is the one
 * every token server in the wild sends, so that is what the helper uses.)
 */
import { createHash } from 'node:crypto';

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 with `=` padding. */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return out.padEnd(Math.ceil(out.length / 8) * 8, '=');
}

export function libtrustKeyId(spkiDer: Uint8Array): string {
  const digest = createHash('sha256').update(spkiDer).digest().subarray(0, 30);
  const encoded = base32(digest).replace(/=+$/, '');
  return encoded.match(/.{1,4}/g)?.join(':') ?? encoded;
}
