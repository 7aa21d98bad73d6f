import type { ImageReference } from '../reference/types.js';

/** Every rule a violation can break, as `pinbot verify --json` and the check run name them (issue 14). */
export const POLICY_RULES = ['require-digest', 'forbidden-tag', 'promotion-mismatch', 'promotion-missing', 'digest-missing'] as const;
export type PolicyRule = (typeof POLICY_RULES)[number];

/** One reference that breaks a rule, at the file and line where it is written. */
export interface Violation {
  readonly file: string;
  readonly line: number;
  /** Canonical image name (`docker.io/library/node`), or the source text when it is not a reference (a variable). */
  readonly image: string;
  /** The tag as written; null when there is none (or no reference to read one from). */
  readonly tag: string | null;
  readonly digest: string | null;
  readonly rule: PolicyRule;
  readonly message: string;
}

/**
 * What a place that names an image is, for the policy: a reference with a digest (pinned, with
 * or without a tag), a tag-only reference, or something that is no image reference pinbot can
 * read statically.
 */
export type MentionKind = 'digest' | 'tag-only' | 'stage' | 'scratch' | 'variable' | 'invalid';

export interface ImageMention {
  readonly file: string;
  readonly line: number;
  readonly kind: MentionKind;
  /** Set for `digest` and `tag-only`. */
  readonly image?: ImageReference;
  /** The source text (instruction or value), for what has no parsed image. */
  readonly text: string;
}

/** Where a mention is, for sorting and reports. */
export function byPlace(a: { file: string; line: number }, b: { file: string; line: number }): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line;
}
