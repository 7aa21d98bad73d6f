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

/** Docker's directive shape: `#`, a name, `=`, a value; blanks allowed around each part. */
const DIRECTIVE = /^#[ \t]*([A-Za-z][A-Za-z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$/d;
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
    const value = match?.[2];
    const at = match?.indices?.[2]?.[0];
    if (name === undefined || value === undefined || at === undefined || !KNOWN.has(name)) break;
    if (directives.some((seen) => seen.name === name)) {
      // Docker refuses the whole file here; we report it and stop reading directives.
      problems.push({ line: line.number, message: `only one "${name}" parser directive may be used; this one is ignored` });
      break;
    }
    if (name === 'escape') {
      if (ESCAPES.has(value)) escape = value;
      else problems.push({ line: line.number, message: `invalid escape directive "${value}": the escape character must be \\ or \`` });
    }
    directives.push({ name, value, start: first + at, line: line.number, text: content.trim() });
  }
  return { directives, escape, problems };
}
