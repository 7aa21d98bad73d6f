/**
 * Text that came from somewhere else (a registry's error, a file's line, a file name, a symlink's
 * target) is shown through these before it reaches a terminal, a log or a PR: control characters
 * become visible escapes, and echoed source text is capped (issue 8, findings 11 and 13: ESC and
 * BEL from a registry reached the terminal; a 1 MiB `FROM` line was echoed whole).
 *
 * Escaped: C0 controls (ESC, BEL, CR, …), DEL, C1 controls (U+0080–U+009F: a UTF-8 terminal may
 * read U+009B as CSI), the Unicode line separators, and the bidirectional overrides and isolates
 * that reorder what a reader sees ("Trojan Source", CVE-2021-42574).
 */

/** How much source text (a skipped line, a reference, a problem) any output echoes. */
export const MAX_ECHOED_TEXT = 200;

/** How much of an error message (a registry's answer, with the request it was about) any output echoes. */
export const MAX_ECHOED_MESSAGE = 1000;

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- the same, except the line feed that separates output lines
const UNSAFE_IN_LINES = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// What JSON.stringify leaves raw: DEL, C1, separators, bidi controls.
const UNSAFE_IN_JSON = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const unicodeEscape = (character: string): string => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
const escape = (character: string): string => NAMED_ESCAPES[character] ?? unicodeEscape(character);

/** One line of text with every control character shown as an escape (`\n`, `\u001b`). */
export function visible(text: string): string {
  return text.replace(UNSAFE, escape);
}

/** Several lines (a rendered table, a report): like `visible`, but line feeds stay line feeds. */
export function visibleLines(text: string): string {
  return text.replace(UNSAFE_IN_LINES, escape);
}

/**
 * At most `max` characters: longer text is cut and ends with `…`. Never splits a surrogate pair,
 * so the result is always well-formed.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/**
 * Source text as any output echoes it: control characters escaped, at most `max` characters.
 * Cut before escaping too, so a 1 MiB line costs no more than a short one.
 */
export function echoed(text: string, max = MAX_ECHOED_TEXT): string {
  return clip(visible(clip(text, max)), max);
}

/**
 * JSON for a terminal or a log: `JSON.stringify` already escapes C0 controls, and this escapes
 * what it leaves raw. Parsing the result gives exactly the same value.
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value).replace(UNSAFE_IN_JSON, unicodeEscape);
}
