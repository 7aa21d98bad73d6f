/**
 * Content digests: computing them over raw bytes and checking a registry's claims against
 * them. A digest is what pinbot writes into people's files, so it is never taken on trust when
 * the bytes are at hand. Pure.
 */
import { createHash } from 'node:crypto';

/** Algorithms pinbot can verify, with their hex lengths (the OCI image spec's registered ones). */
const ALGORITHMS: Readonly<Record<string, number>> = { sha256: 64, sha512: 128 };

export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** A digest pinbot can verify, split into parts; undefined for anything else. */
export function parseVerifiableDigest(text: string): { readonly algorithm: string; readonly hex: string } | undefined {
  const match = /^([a-z0-9]+):([a-f0-9]+)$/.exec(text);
  if (!match || match[1] === undefined || match[2] === undefined) return undefined;
  return ALGORITHMS[match[1]] === match[2].length ? { algorithm: match[1], hex: match[2] } : undefined;
}

/** Whether `bytes` hash to `digest` (which must be verifiable; see parseVerifiableDigest). */
export function matchesDigest(bytes: Uint8Array, digest: string): boolean {
  const parsed = parseVerifiableDigest(digest);
  return parsed !== undefined && createHash(parsed.algorithm).update(bytes).digest('hex') === parsed.hex;
}

/** A manifest reference is a digest when it has an algorithm prefix; tags cannot contain ':'. */
export function isDigestReference(reference: string): boolean {
  return reference.includes(':');
}

/** distribution/reference's tag grammar. */
export const TAG = /^[\w][\w.-]{0,127}$/;
/** distribution/reference's repository path grammar: lowercase components joined by `/`. */
export const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
