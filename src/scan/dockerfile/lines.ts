/** One physical line of a Dockerfile, as offsets into the scanned text. */
export interface PhysicalLine {
  /** 1-based line number. */
  readonly number: number;
  /** Offset of the line's first character (just past the BOM on line 1). */
  readonly start: number;
  /** Offset just past the line's last character; the LF and any CR before it are excluded. */
  readonly end: number;
}

/** A problem the lexer noticed; the scanner adds the file name. */
export interface LexProblem {
  readonly line: number;
  readonly message: string;
}

const BOM = 0xfeff;
const CR = 13;

/**
 * Splits the text at LF, as Docker's line scanner does: a CR before the LF belongs to the line
 * ending (so CRLF and LF may be mixed freely); a lone CR is not a line break.
 */
export function splitLines(text: string): PhysicalLine[] {
  const lines: PhysicalLine[] = [];
  let start = text.charCodeAt(0) === BOM ? 1 : 0;
  for (let number = 1; ; number++) {
    const lf = text.indexOf('\n', start);
    const stop = lf === -1 ? text.length : lf;
    let end = stop;
    while (end > start && text.charCodeAt(end - 1) === CR) end--;
    lines.push({ number, start, end });
    if (lf === -1) return lines;
    start = lf + 1;
  }
}

/** Whitespace as Go's unicode.IsSpace sees it in Dockerfiles (the BOM is not whitespace). */
export function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0x85 || code === 0xa0;
}

/** Offset of the first non-blank character of a line, or `line.end` when the line is blank. */
export function firstNonSpace(text: string, line: PhysicalLine): number {
  let at = line.start;
  while (at < line.end && isSpace(text.charCodeAt(at))) at++;
  return at;
}

/** A line whose first non-blank character is `#` is a comment, wherever it stands. */
export function isCommentOrBlank(text: string, line: PhysicalLine): boolean {
  const first = firstNonSpace(text, line);
  return first === line.end || text.charCodeAt(first) === 35;
}

/**
 * Where a line's content ends and whether it continues on the next line: the escape character
 * as the last non-blank character (spaces and tabs after it are tolerated, as BuildKit does).
 */
export function continuation(text: string, from: number, end: number, escape: string): { end: number; continued: boolean } {
  let at = end;
  while (at > from && (text[at - 1] === ' ' || text[at - 1] === '\t')) at--;
  if (at > from && text[at - 1] === escape) return { end: at - 1, continued: true };
  return { end, continued: false };
}
