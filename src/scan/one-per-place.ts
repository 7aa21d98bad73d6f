import type { FoundReference, ScanProblem, ScanResult, UnpinnedReference } from './types.js';

/** An image's name and tag: two uses of one digest or one tag are the same image when these are equal. */
export const imageKey = (reference: FoundReference): string => `${reference.image.name}:${reference.image.tag}`;

/**
 * One digest, one reference. Several instructions may reach the digest of one ARG (`$HASH` in
 * `FROM a:1${HASH}` and `FROM b:2${HASH}`), several YAML blocks the digest field they merge from
 * one anchor; when they make different images of it, no new digest can be right for all of
 * them, so none is reported and the file gets a problem: updating it for one image would break
 * the others. Linear: one map over the references.
 */
export function oneReferencePerDigest(findings: ScanResult, file: string): ScanResult {
  // Nearly every file has no shared places: hand its findings back untouched.
  if (
    allDistinct(findings.references, (reference) => reference.digestStart) &&
    allDistinct(findings.unpinned, (unpinned) => unpinned.insertion.start)
  ) {
    return findings;
  }
  const byDigest = new Map<number, FoundReference[]>();
  for (const reference of findings.references) {
    const same = byDigest.get(reference.digestStart);
    if (same === undefined) byDigest.set(reference.digestStart, [reference]);
    else same.push(reference);
  }
  const references: FoundReference[] = [];
  const problems: ScanProblem[] = [...findings.problems];
  for (const [first, ...others] of byDigest.values()) {
    if (first === undefined) continue;
    const images = [...new Set([first, ...others].map(imageKey))];
    if (images.length === 1) references.push(first);
    else {
      problems.push({
        file,
        line: first.line,
        message: `the digest here is used as the digest of different images (${namesOf(images)}); pinbot cannot update one digest for all of them and leaves it alone`,
      });
    }
  }
  return { references, unpinned: oneUnpinnedPerInsertion(findings.unpinned), skipped: findings.skipped, problems };
}

const unpinnedKey = (unpinned: UnpinnedReference): string => `${unpinned.image.name}:${unpinned.image.tag}`;

/**
 * The same for `pin`: an ARG's tag (`ARG V=noble`) that FROM lines make different images of
 * (`ubuntu:${V}`, `debian:${V}`, or `$V` itself) would get one digest for all of them, right for
 * at most one. Such places are not pinnable; they stay listed as `no-digest`. Several uses of
 * one place as the same image are pinned once.
 */
function oneUnpinnedPerInsertion(unpinned: readonly UnpinnedReference[]): UnpinnedReference[] {
  const byPlace = new Map<number, { first: UnpinnedReference; images: Set<string> }>();
  for (const reference of unpinned) {
    const same = byPlace.get(reference.insertion.start);
    if (same === undefined) byPlace.set(reference.insertion.start, { first: reference, images: new Set([unpinnedKey(reference)]) });
    else same.images.add(unpinnedKey(reference));
  }
  return [...byPlace.values()].filter(({ images }) => images.size === 1).map(({ first }) => first);
}

/** A few names and how many more: a hostile file may use one digest for thousands of images. */
function namesOf(images: readonly string[]): string {
  const shown = images.slice(0, 3).join(', ');
  return images.length > 3 ? `${shown} and ${images.length - 3} more` : shown;
}

function allDistinct<T>(items: readonly T[], place: (item: T) => number): boolean {
  if (items.length < 2) return true;
  const seen = new Set<number>();
  for (const item of items) {
    const at = place(item);
    if (seen.has(at)) return false;
    seen.add(at);
  }
  return true;
}
