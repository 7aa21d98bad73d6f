/**
 * Questions asked of an index's entries: which are attestations, which serve a platform,
 * and whether a new index changed any platform the old one served. Pure.
 */
import type { IndexEntry } from './manifest.js';
import { platformsIdentical, platformsMatch, type Platform } from './platform.js';

/** BuildKit's annotation on the provenance/SBOM entries it adds to an index. */
const REFERENCE_TYPE = 'vnd.docker.reference.type';
const ATTESTATION = 'attestation-manifest';

/**
 * Attestations (provenance, SBOM) ride along in an index as `unknown/unknown` entries; they
 * change on every build, so they must never count as a platform or be proposed as one.
 */
export function isAttestation(entry: IndexEntry): boolean {
  if (entry.annotations[REFERENCE_TYPE] === ATTESTATION) return true;
  return entry.platform?.os === 'unknown' && entry.platform.architecture === 'unknown';
}

/** The image entries (attestations excluded) that serve the given platform. */
export function entriesForPlatform(entries: readonly IndexEntry[], platform: Platform): IndexEntry[] {
  return entries.filter((entry) => !isAttestation(entry) && entry.platform !== undefined && platformsMatch(entry.platform, platform));
}

/**
 * True when every platform the old index served is served by the new index with the very same
 * manifest: the index digest moved only because attestations changed or platforms were added.
 * Entries without a platform are compared by digest alone.
 */
export function platformsUnchanged(oldEntries: readonly IndexEntry[], newEntries: readonly IndexEntry[]): boolean {
  const candidates = newEntries.filter((entry) => !isAttestation(entry));
  return oldEntries
    .filter((entry) => !isAttestation(entry))
    .every((old) => candidates.some((candidate) => candidate.digest === old.digest && samePlatformField(old.platform, candidate.platform)));
}

function samePlatformField(a: Platform | undefined, b: Platform | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return platformsIdentical(a, b);
}

/**
 * Key for the (old index, new index) verdict. Digests name content, so the verdict holds for
 * any repository and can be cached for as long as the process lives.
 */
export function verdictKey(oldDigest: string, newDigest: string): string {
  return `${oldDigest}->${newDigest}`;
}
