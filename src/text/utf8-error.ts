/**
 * Locates the first byte that breaks UTF-8 well-formedness (RFC 3629), so an "undecodable file"
 * message can say where. TextDecoder only reports that decoding failed, not where.
 */

/** Where a malformed sequence starts: byte offset plus 1-based line for the message. */
export interface Utf8ErrorLocation {
  readonly byteOffset: number;
  readonly line: number;
}

/** Returns the start of the first malformed sequence, or null when the bytes are valid UTF-8. */
export function findInvalidUtf8(bytes: Uint8Array): Utf8ErrorLocation | null {
  let line = 1;
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    if (lead === 0x0a) line += 1;
    const length = sequenceLength(bytes, i);
    if (length === 0) return { byteOffset: i, line };
    i += length;
  }
  return null;
}

/** Length of the well-formed sequence starting at `i`, or 0 when it is malformed or truncated. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i] ?? 0;
  if (lead < 0x80) return 1;
  // Ranges for the second byte follow the table in RFC 3629 §4: they exclude overlong forms,
  // surrogates (after 0xED) and code points above U+10FFFF (after 0xF4).
  const [length, low, high] = leadRule(lead);
  if (length === 0) return 0;
  const second = bytes[i + 1];
  if (second === undefined || second < low || second > high) return 0;
  for (let k = 2; k < length; k++) {
    const next = bytes[i + k];
    if (next === undefined || next < 0x80 || next > 0xbf) return 0;
  }
  return length;
}

function leadRule(lead: number): [length: number, low: number, high: number] {
  if (lead >= 0xc2 && lead <= 0xdf) return [2, 0x80, 0xbf];
  if (lead === 0xe0) return [3, 0xa0, 0xbf];
  if (lead === 0xed) return [3, 0x80, 0x9f];
  if (lead >= 0xe1 && lead <= 0xef) return [3, 0x80, 0xbf];
  if (lead === 0xf0) return [4, 0x90, 0xbf];
  if (lead >= 0xf1 && lead <= 0xf3) return [4, 0x80, 0xbf];
  if (lead === 0xf4) return [4, 0x80, 0x8f];
  return [0, 0, 0];
}
