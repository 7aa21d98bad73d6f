import type { ReferenceErrorCode, ReferenceParseError } from './types.js';

/** Inputs longer than this are shown shortened in messages, so one bad line cannot flood a log. */
export const MAX_QUOTED_LENGTH = 80;

/** How many leading characters of an over-long input a message keeps. */
const QUOTED_PREFIX_LENGTH = 60;

/**
 * Quotes user text for a message. JSON quoting makes whitespace, control characters and quotes
 * visible (`"node\t"` rather than an invisible tab); long text keeps its start plus its length.
 */
export function quote(text: string): string {
  if (text.length <= MAX_QUOTED_LENGTH) {
    return JSON.stringify(text);
  }
  return `${JSON.stringify(`${text.slice(0, QUOTED_PREFIX_LENGTH)}…`)} (${text.length} characters)`;
}

/** One thing wrong with a part of a reference, before it is tied to the whole input. */
export interface Problem {
  readonly code: ReferenceErrorCode;
  /** What is wrong, as a clause: `tag "x y" may contain only …`. */
  readonly detail: string;
}

/** Turns a problem into the error returned to callers, naming the whole input first. */
export function referenceError(text: string, problem: Problem): ReferenceParseError {
  return {
    code: problem.code,
    message: `${quote(text)} is not a valid image reference: ${problem.detail}`,
  };
}
