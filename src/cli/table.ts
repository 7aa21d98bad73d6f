import { visible } from '../text/safe-text.js';

/**
 * Renders rows as left-aligned columns separated by two spaces; the last column is not padded.
 * Cells hold file names, file text and registry answers: control characters are shown as
 * escapes, so no cell can move the cursor, ring the bell or break a row (issue 8, finding 11).
 */
export function renderTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const all = [header, ...rows].map((row) => row.map(visible));
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  return all
    .map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  '))
    .join('\n');
}

/** `sha256:0123456789ab…` → `sha256:0123456789ab`: enough to recognise, short enough to read. */
export function shortDigest(digest: string): string {
  const [algorithm, hex = ''] = digest.split(':');
  return `${algorithm}:${hex.slice(0, 12)}`;
}
