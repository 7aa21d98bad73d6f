import type { ImageReference } from '../reference/types.js';

/** The kind of file a reference was found in, so reports and PR bodies can say where a pin came from. */
export type ReferenceKind = 'dockerfile' | 'compose' | 'kubernetes' | 'github-actions' | 'kustomize' | 'helm-values' | 'devcontainer';

/** A span of the scanned text, located every way a report or the rewriter needs. */
export interface TextSpan {
  /** 1-based line and column (UTF-16 code units) of the span's start. */
  readonly line: number;
  readonly column: number;
  /** UTF-16 offsets in the scanned string; end exclusive. */
  readonly start: number;
  readonly end: number;
  /** The same span in UTF-8 bytes of the file. */
  readonly byteStart: number;
  readonly byteEnd: number;
}

/** A pinned reference (`image:tag@digest`) found in a file. */
export interface FoundReference {
  /** Path as given to the scanner (relative, `/` separators). */
  readonly file: string;
  /** 1-based line where the digest is written. */
  readonly line: number;
  /** 1-based column (UTF-16 code units) where the digest starts. */
  readonly column: number;
  readonly kind: ReferenceKind;
  /** Parsed reference; `tag` and `digest` are both set. */
  readonly image: ImageReference & { readonly tag: string; readonly digest: string };
  /** Offsets of the digest text (`sha256:…`) in the scanned string (UTF-16 indices; end exclusive). */
  readonly digestStart: number;
  readonly digestEnd: number;
  /** The same span in UTF-8 bytes of the file. */
  readonly digestByteStart: number;
  readonly digestByteEnd: number;
  /** Platform stated next to the reference (`FROM --platform=linux/arm64`), else null. */
  readonly platform: string | null;
  /**
   * Set only when one pin (an `ARG` default) is used by several `FROM` lines whose stated
   * platforms are more than `platform` (the first use's): each distinct platform as written, in
   * file order. One manifest serves one platform, so the resolver checks the pin against every
   * one of them and refuses what it can't serve (issue 8, finding 8).
   */
  readonly platforms?: readonly string[];
  /**
   * Set only for split shapes (issue 11), where the tag is not written right before the digest:
   * a kustomize `newTag` beside its `digest`, a Helm `tag` beside `digest`, an ARG holding the
   * tag or the digest of a `FROM` assembled from several ARGs. Where the tag is written, when it
   * is written in one piece; the digest's own place is `digestStart`/`digestEnd` as always, and
   * updates rewrite only those bytes.
   */
  readonly tagSpan?: TextSpan;
}

/**
 * Where and what to write to pin a reference: `prefix + digest + suffix` goes in at `start`,
 * and nothing else changes. For `node:22` that is `@` + digest right after the tag; for a
 * reference written without a tag (`node`) it is `:latest@` + digest, so the pin names the tag
 * it follows. Scanners of split shapes (a tag in one key, the digest in another: issue 11) say
 * what their shape needs here, and `pin` writes it as given.
 */
export interface DigestInsertion {
  /** Offset in the scanned string (UTF-16 index) where the text goes in. */
  readonly start: number;
  /** The same place in UTF-8 bytes of the file. */
  readonly byteStart: number;
  /** Written just before the digest, e.g. `@` or `:latest@`. */
  readonly prefix: string;
  /** Written just after the digest; empty for every shape so far. */
  readonly suffix: string;
}

/**
 * An image reference with a tag and no digest (what `refs` lists as `no-digest`): what
 * `pinbot pin` resolves and pins. Build stages, `scratch`, unresolved variables, digest-only
 * references and values pinbot cannot point at exactly are never reported here.
 */
export interface UnpinnedReference {
  readonly file: string;
  /** 1-based line of the insertion point (for an ARG-given image, the ARG's line). */
  readonly line: number;
  /** 1-based column (UTF-16 code units) of the insertion point. */
  readonly column: number;
  readonly kind: ReferenceKind;
  /** Parsed reference; `tag` is what the pin follows: as written, or `latest` when none is written. */
  readonly image: ImageReference & { readonly tag: string; readonly digest: undefined };
  /** False for `FROM node`: the tag `latest` is implied, and pinning writes it out. */
  readonly tagWritten: boolean;
  readonly insertion: DigestInsertion;
  /** Platform stated next to the reference, else null (a pin takes the tag's index all the same). */
  readonly platform: string | null;
}

export type SkipReason = 'no-digest' | 'no-tag' | 'stage' | 'scratch' | 'variable' | 'unsupported-digest' | 'invalid-reference';

/** A place that names an image but is not a pinned reference pinbot can follow. */
export interface SkippedCandidate {
  readonly file: string;
  readonly line: number;
  readonly reason: SkipReason;
  /** The source text of the candidate (the instruction or the image value), trimmed. */
  readonly text: string;
  /** Optional detail, e.g. the grammar error for `invalid-reference`. */
  readonly detail?: string;
  /**
   * The parsed reference, when the candidate is a valid image reference (`no-digest`, `no-tag`,
   * `unsupported-digest`): the policy checks need its canonical name, tag and digest (issue 14).
   * Not part of any command's output: reports list the fields above.
   */
  readonly image?: ImageReference;
}

/** A file-level problem: malformed YAML, an undecodable file, a truncated instruction. */
export interface ScanProblem {
  readonly file: string;
  /** 1-based line when known. */
  readonly line?: number;
  readonly message: string;
}

export interface ScanResult {
  readonly references: FoundReference[];
  /** Tag-only references, each also listed in `skipped` as `no-digest` (what `refs` shows). */
  readonly unpinned: UnpinnedReference[];
  readonly skipped: SkippedCandidate[];
  readonly problems: ScanProblem[];
}

/** Every scanner is pure: same path and text, same result. */
export type Scanner = (path: string, text: string) => ScanResult;
