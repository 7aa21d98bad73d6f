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

/**
 * The longest text within `maxLength` that `render(rows)` gives for some row count up to
 * `maxRows`, found by binary search (length grows with the row count). Rendering with no rows at
 * all is the floor, returned even when it is longer.
 */
export function fitRows(render: (rows: number) => string, maxRows: number, maxLength: number): string {
  const whole = render(Number.POSITIVE_INFINITY);
  if (whole.length <= maxLength) return whole;
  let low = 0;
  let high = maxRows;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (render(middle).length <= maxLength) low = middle;
    else high = middle - 1;
  }
  return render(low);
}

/** The first `limit` rows, then one row saying how many more there are. */
export function limitRows(rows: readonly (readonly string[])[], limit: number, columns: number): (readonly string[])[] {
  if (rows.length <= limit) return [...rows];
  const more = [`…and ${rows.length - limit} more`, ...Array.from({ length: columns - 1 }, () => '')];
  return [...rows.slice(0, limit), more];
}

/**
 * Says which workflow files a PR leaves out for lack of the `workflows` permission (GitHub
 * refuses an App's change under `.github/workflows/` without it), and what that leaves them as.
 */
export function omittedWorkflowsNote(omitted: readonly string[], rows: number, consequence: string): string {
  const items = omitted.slice(0, rows).map((file) => `- ${codeSpan(file)}`);
  if (omitted.length > items.length) items.push(`- …and ${omitted.length - items.length} more`);
  return [
    `**Not included:** this installation of pinbot lacks the ${codeSpan('workflows')} permission, which GitHub ` +
      `requires for changing files under ${codeSpan('.github/workflows/')}, so these files ${consequence}:`,
    items.join('\n'),
    'Once the installation is granted that permission, pinbot includes them.',
  ].join('\n\n');
}
