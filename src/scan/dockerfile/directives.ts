import type { LexProblem, PhysicalLine } from './lines.js';
import { firstNonSpace } from './lines.js';

/** A parser directive from the top of the file, e.g. `# syntax=docker/dockerfile:1`. */
export interface Directive {
  /** Lowercased name: `syntax`, `escape` or `check`. */
  readonly name: string;
  /** The value as written, surrounding blanks excluded. */
  readonly value: string;
  /** Offset of `value` in the scanned text. */
  readonly start: number;
  readonly line: number;
  /** The directive line, trimmed. */
  readonly text: string;
}

export interface DirectiveResult {
  readonly directives: Directive[];
  /** The line-continuation (escape) character in force for the rest of the file. */
  readonly escape: string;
  readonly problems: LexProblem[];
}

/**
 * Docker's directive shape: `#`, a name, `=`, a value; blanks allowed around each part. Docker
 * writes it `=\s*(.+?)\s*$`; in a backtracking engine that lazy group retries every trailing
 * blank for every character (11 s for one line of 100,000 spaces, issue 8), so the value is
 * captured whole here and its blanks are trimmed by `directiveValue`.
 */
const DIRECTIVE = /^#[ \t]*([A-Za-z][A-Za-z0-9]*)[ \t]*=(.*)$/d;
const KNOWN = new Set(['syntax', 'escape', 'check']);
const ESCAPES = new Set(['\\', '`']);

/**
 * Reads parser directives. Per Docker's rules they count only at the very top: the first line
 * that is not a known directive (a blank line, another comment, an instruction, an unknown
 * directive) ends them, and everything after that is an ordinary comment.
 */
export function readDirectives(text: string, lines: readonly PhysicalLine[]): DirectiveResult {
  const directives: Directive[] = [];
  const problems: LexProblem[] = [];
  let escape = '\\';
  for (const line of lines) {
    const first = firstNonSpace(text, line);
    const content = text.slice(first, line.end);
    const match = DIRECTIVE.exec(content);
    const name = match?.[1]?.toLowerCase();
    const found = directiveValue(match?.[2] ?? '');
    const at = match?.indices?.[2]?.[0];
    if (name === undefined || found === undefined || at === undefined || !KNOWN.has(name)) break;
    const { value } = found;
    if (directives.some((seen) => seen.name === name)) {
      // Docker refuses the whole file here; we report it and stop reading directives.
      problems.push({ line: line.number, message: `only one "${name}" parser directive may be used; this one is ignored` });
      break;
    }
    if (name === 'escape') {
      if (ESCAPES.has(value)) escape = value;
      else problems.push({ line: line.number, message: `invalid escape directive "${value}": the escape character must be \\ or \`` });
    }
    directives.push({ name, value, start: first + at + found.offset, line: line.number, text: content.trim() });
  }
  return { directives, escape, problems };
}

const isBlank = (char: string | undefined): boolean => char === ' ' || char === '\t';

/**
 * What Docker's `=[ \t]*(.+?)[ \t]*$` captures from the text after `=`, found in linear time: the
 * text between leading and trailing blanks; for blanks only, the last blank (the lazy group
 * needs one character); for nothing, no directive.
 */
function directiveValue(afterEquals: string): { value: string; offset: number } | undefined {
  let begin = 0;
  while (isBlank(afterEquals[begin])) begin++;
  if (begin === afterEquals.length) return begin === 0 ? undefined : { value: afterEquals.slice(-1), offset: begin - 1 };
  let end = afterEquals.length;
  while (isBlank(afterEquals[end - 1])) end--;
  return { value: afterEquals.slice(begin, end), offset: begin };
}
