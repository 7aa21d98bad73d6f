import type { ImageReference } from '../reference/types.js';

export type ReferenceKind = 'dockerfile' | 'compose' | 'kubernetes' | 'github-actions';

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
  readonly skipped: SkippedCandidate[];
  readonly problems: ScanProblem[];
}

/** Every scanner is pure: same path and text, same result. */
export type Scanner = (path: string, text: string) => ScanResult;
