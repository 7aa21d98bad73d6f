import { parseImageReference } from '../reference/parse.js';
import type { ImageReference } from '../reference/types.js';
import type { TextPositions } from './text-position.js';
import type { DigestInsertion, FoundReference, ReferenceKind, SkippedCandidate, SkipReason, TextSpan, UnpinnedReference } from './types.js';

/** A place in a file whose value names an image, as found by a scanner. */
export interface ImageCandidate {
  readonly file: string;
  readonly kind: ReferenceKind;
  /** The image text exactly as it stands in the file (unquoted, no surrounding blanks). */
  readonly value: string;
  /** String offset of `value` in the scanned text. */
  readonly start: number;
  readonly platform: string | null;
  /** What to show for a skipped candidate (the instruction or the value); defaults to `value`. */
  readonly context?: string;
  /**
   * Split shapes (issue 11): `value` is assembled from several places (a kustomize entry's
   * fields, a Helm image block, ARGs), so its digest is not simply the end of `value` at `start`.
   * Where the assembled value's digest and tag are written in the text, each in one exact piece;
   * null when a part is not written in one piece, or not written at all.
   */
  readonly split?: SplitPlaces;
}

/** Where the parts of a split shape are written, and where `pin` may put a digest it lacks. */
export interface SplitPlaces {
  readonly digestStart: number | null;
  readonly tagStart: number | null;
  /**
   * Where pinning writes the digest of an unpinned split shape (a new `digest:` field, a value
   * for an empty one, `@sha256:…` after an ARG's tag), decided by the scanner that knows the
   * format; absent when it cannot be done byte-exactly and safely: the shape is then not pinnable.
   */
  readonly insertion?: Omit<DigestInsertion, 'byteStart'>;
}

export type CandidateOutcome =
  | { readonly found: true; readonly reference: FoundReference }
  /** `unpinned` is set for a tag-only reference (skipped as `no-digest`): `pin` can add its digest. */
  | { readonly found: false; readonly skipped: SkippedCandidate; readonly unpinned?: UnpinnedReference };

/** Matches `$NAME`, `${NAME}`, `${NAME:-default}` and `$(params.x)` (Tekton, Argo, Kubernetes): anything an expander would replace. */
export const VARIABLE = /\$(?:[{(]|[A-Za-z_])/;

/**
 * Decides whether a candidate is a pinned reference pinbot can follow, or why not.
 * Shared by every scanner so the skip reasons mean the same thing everywhere.
 */
export function classifyCandidate(candidate: ImageCandidate, positions: TextPositions): CandidateOutcome {
  const skipped = (reason: SkipReason, detail?: string, image?: ImageReference): SkippedCandidate => ({
    file: candidate.file,
    line: positions.line(candidate.start),
    reason,
    text: (candidate.context ?? candidate.value).trim(),
    ...(detail === undefined ? {} : { detail }),
    ...(image === undefined ? {} : { image }),
  });
  const skip = (reason: SkipReason, detail?: string, image?: ImageReference): CandidateOutcome => ({
    found: false,
    skipped: skipped(reason, detail, image),
  });

  if (VARIABLE.test(candidate.value)) return skip('variable');
  const parsed = parseImageReference(candidate.value);
  if (!parsed.ok) return skip('invalid-reference', parsed.error.message);
  const image = parsed.reference;
  if (image.digest === undefined) {
    const unpinned = unpinnedReference(candidate, image, positions);
    return { found: false, skipped: skipped('no-digest', undefined, image), ...(unpinned === undefined ? {} : { unpinned }) };
  }
  if (image.tag === undefined) return skip('no-tag', undefined, image);
  if (image.digestAlgorithm !== 'sha256') {
    return skip('unsupported-digest', `digest algorithm ${image.digestAlgorithm ?? '?'} is not supported (only sha256)`, image);
  }

  const split = candidate.split;
  if (split !== undefined && split.digestStart === null) {
    return skip('variable', 'the digest is assembled from several pieces; pinbot updates only a digest written in one piece', image);
  }
  const digestStart = split?.digestStart ?? candidate.start + candidate.value.length - image.digest.length;
  const digestEnd = digestStart + image.digest.length;
  const { line, column } = positions.position(digestStart);
  const digestByteStart = positions.byteOffset(digestStart);
  const tagStart = split?.tagStart ?? null;
  return {
    found: true,
    reference: {
      file: candidate.file,
      line,
      column,
      kind: candidate.kind,
      image: { ...image, tag: image.tag, digest: image.digest },
      digestStart,
      digestEnd,
      digestByteStart,
      digestByteEnd: digestByteStart + image.digest.length,
      platform: candidate.platform,
      ...(tagStart === null ? {} : { tagSpan: textSpan(tagStart, tagStart + image.tag.length, positions) }),
    },
  };
}

/** A span of the text with its line, column and UTF-8 byte offsets. */
export function textSpan(start: number, end: number, positions: TextPositions): TextSpan {
  const { line, column } = positions.position(start);
  return { line, column, start, end, byteStart: positions.byteOffset(start), byteEnd: positions.byteOffset(end) };
}

/** The default tag Docker reads into a reference written without one (`FROM node` is `node:latest`). */
export const IMPLIED_TAG = 'latest';

/**
 * Where a tag-only reference takes its digest: right after the tag, or after the name with the
 * implied `:latest` written out, so the pin says which tag it follows (issue 10). A split shape
 * takes it where its scanner says, or is not pinnable (issue 11).
 */
function unpinnedReference(candidate: ImageCandidate, image: ImageReference, positions: TextPositions): UnpinnedReference | undefined {
  const tagWritten = image.tag !== undefined;
  // A split shape says where its digest goes (or that none can go in byte-exactly); a whole
  // reference takes it right after the tag, writing the implied `:latest` out.
  const insertion =
    candidate.split === undefined
      ? { start: candidate.start + candidate.value.length, prefix: tagWritten ? '@' : `:${IMPLIED_TAG}@`, suffix: '' }
      : candidate.split.insertion;
  if (insertion === undefined) return undefined;
  const { start, prefix, suffix } = insertion;
  const { line, column } = positions.position(start);
  return {
    file: candidate.file,
    line,
    column,
    kind: candidate.kind,
    image: { ...image, tag: image.tag ?? IMPLIED_TAG, digest: undefined },
    tagWritten,
    insertion: { start, byteStart: positions.byteOffset(start), prefix, suffix },
    platform: candidate.platform,
  };
}

/** Where scanners gather what their candidates turned out to be. */
export interface Collected {
  readonly references: FoundReference[];
  readonly skipped: SkippedCandidate[];
  readonly unpinned: UnpinnedReference[];
}

/** Collects candidate outcomes into the scanner result arrays. */
export function collect(outcome: CandidateOutcome, into: Collected): void {
  if (outcome.found) into.references.push(outcome.reference);
  else {
    into.skipped.push(outcome.skipped);
    if (outcome.unpinned !== undefined) into.unpinned.push(outcome.unpinned);
  }
}
