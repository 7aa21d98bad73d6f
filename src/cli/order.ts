/**
 * One order for everything the CLI lists (tables, error lists, JSON arrays): by file, then
 * line, then column. File names compare as people read them (`Dockerfile.2` before
 * `Dockerfile.10`, case folded), with a code-point tie-break so the order never depends on the
 * machine's locale or on which PATH was scanned first.
 */
const collator = new Intl.Collator('en', { numeric: true });

export function compareFiles(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

export interface Position {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

/** A file-level entry (no line) comes before the lines of its file. */
export function byPosition(a: Position, b: Position): number {
  return compareFiles(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

/** Sorts a copy by position, reading the position with `at`. */
export function sortedByPosition<T>(items: readonly T[], at: (item: T) => Position): T[] {
  return [...items].sort((a, b) => byPosition(at(a), at(b)));
}
