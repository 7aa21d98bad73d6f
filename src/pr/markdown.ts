/**
 * Markdown pieces for PR bodies. Values go into code spans: GitHub does not turn `@scope/x`
 * (a common monorepo directory) into a team mention, `#12` into an issue link or `<b>` into HTML
 * inside code, so a file name can never ping anyone or inject markup.
 */

import { visible } from '../text/safe-text.js';

/** `text` as a code span, fenced with more backticks than any run inside it (CommonMark). */
export function codeSpan(text: string): string {
  const shown = visible(text);
  if (shown === '') return '';
  const longestRun = Math.max(0, ...(shown.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  // CommonMark strips one space from each end when both ends have one, and a backtick at an
  // edge would merge with the fence: pad with a space in both cases.
  const pad = shown.startsWith('`') || shown.endsWith('`') || (shown.startsWith(' ') && shown.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${shown}${pad}${fence}`;
}

/**
 * A table cell holding `text` as code. GFM splits rows at every `|` not escaped by a backslash
 * (a backslash pair escapes itself), even inside code spans, so each pipe gets an odd run of
 * backslashes before it. GitHub then drops one backslash before each pipe when rendering.
 */
export function codeCell(text: string): string {
  return codeSpan(text).replace(/(\\*)\|/g, (_match, slashes: string) => (slashes.length % 2 === 0 ? `${slashes}\\|` : `${slashes}\\\\|`));
}

/** A GFM table; `rows` cells are already markdown. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Shortened digest for tables: algorithm and the first 12 hex digits, e.g. `sha256:0123456789ab`. */
export function shortDigest(digest: string, hexDigits = 12): string {
  const colon = digest.indexOf(':');
  return colon < 0 ? digest.slice(0, hexDigits) : digest.slice(0, colon + 1 + hexDigits);
}

/** `n thing` or `n things`. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
