import { findInvalidUtf8 } from './utf8-error.js';

export type DecodeResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: 'binary' | 'undecodable'; readonly message: string };

/**
 * `fatal` refuses to guess: a replacement character written back would corrupt the file.
 * `ignoreBOM` keeps a leading U+FEFF in the string, so offsets match the file and
 * `Buffer.from(text, 'utf8')` gives back the original bytes, BOM included.
 */
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decodes a file's bytes for scanning and rewriting. Text files pinbot edits never contain NUL,
 * so a NUL byte marks the file as binary even when it happens to be valid UTF-8.
 * Messages have no subject so callers can prefix the path: `Dockerfile: not valid UTF-8 at …`.
 */
export function decodeFile(bytes: Uint8Array): DecodeResult {
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return { ok: false, reason: 'binary', message: `binary file (NUL byte at byte ${nul})` };
  }
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    const where = findInvalidUtf8(bytes);
    const at = where === null ? '' : ` at byte ${where.byteOffset} (line ${where.line})`;
    return { ok: false, reason: 'undecodable', message: `not valid UTF-8${at}` };
  }
}
