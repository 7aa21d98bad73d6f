/**
 * Glob matching that cannot hang. Globs come from users' config files, and a regex-compiling
 * matcher turns `*a*a*a*a*a*a*a*a*b` into exponential backtracking; here every match is a
 * dynamic programme over (pattern, path), polynomial in their lengths, with both bounded.
 *
 * Syntax: `*` (any characters but `/`), `**` as a whole segment (any number of segments),
 * `?` (one character but `/`), `[abc]`, `[a-z]`, `[!a-z]` / `[^a-z]`, `{a,b}` (nested), and
 * `\` to escape. Dotfiles match like any other name. A directory pattern matches the path
 * itself, not what is beneath it (callers decide that).
 */

export const MAX_GLOB_LENGTH = 256;
/** Brace alternatives one glob may expand to: `{a,b}{c,d}` is 4. */
const MAX_ALTERNATIVES = 64;

type Token =
  | { readonly kind: 'literal'; readonly char: string }
  | { readonly kind: 'one' }
  | { readonly kind: 'star' }
  | { readonly kind: 'class'; readonly negated: boolean; readonly test: (char: string) => boolean };

/** A segment is `**` (any number of path segments) or a list of tokens for one path segment. */
type Segment = 'globstar' | readonly Token[];

/** Why a glob is not accepted, or undefined when it is. */
export function globProblem(glob: string): string | undefined {
  if (glob.length > MAX_GLOB_LENGTH) return `a glob may be at most ${MAX_GLOB_LENGTH} characters`;
  if (/(^|[^\\])[!+@]\(/.test(glob) || /(^|[^\\])[*?]\(/.test(glob)) return 'extended globs such as !(…) are not supported; use exclude';
  if (glob.startsWith('!')) return 'a glob cannot start with "!"; list what to leave out under exclude';
  const expanded = expandBraces(glob);
  if (expanded === undefined) return `a glob may expand to at most ${MAX_ALTERNATIVES} alternatives with {…}`;
  for (const alternative of expanded) if (parseSegments(alternative) === undefined) return 'a [ character class is not closed';
  return undefined;
}

/** Compiles globs into one predicate over `/`-separated relative paths. Invalid globs never match. */
export function compileGlob(globs: readonly string[]): (path: string) => boolean {
  const patterns = globs
    .flatMap((glob) => (globProblem(glob) === undefined ? (expandBraces(glob) ?? []) : []))
    .flatMap((alternative) => {
      const segments = parseSegments(alternative);
      return segments === undefined ? [] : [segments];
    });
  return (path) => {
    const parts = path.split('/');
    return patterns.some((segments) => matchSegments(segments, parts));
  };
}

/** `{a,b}c` → `ac`, `bc` (nested braces too); undefined past MAX_ALTERNATIVES. */
function expandBraces(glob: string): string[] | undefined {
  let results = [''];
  let i = 0;
  while (i < glob.length) {
    const char = glob[i]!;
    if (char === '\\' && i + 1 < glob.length) {
      results = results.map((prefix) => prefix + glob.slice(i, i + 2));
      i += 2;
    } else if (char === '{') {
      const close = matchingBrace(glob, i);
      if (close === -1) {
        results = results.map((prefix) => prefix + char);
        i++;
        continue;
      }
      const options: string[] = [];
      for (const part of splitTopLevel(glob.slice(i + 1, close))) {
        const inner = expandBraces(part);
        if (inner === undefined) return undefined;
        options.push(...inner);
      }
      results = results.flatMap((prefix) => options.map((option) => prefix + option));
      if (results.length > MAX_ALTERNATIVES) return undefined;
      i = close + 1;
    } else {
      results = results.map((prefix) => prefix + char);
      i++;
    }
  }
  return results;
}

function matchingBrace(glob: string, open: number): number {
  let depth = 0;
  for (let i = open; i < glob.length; i++) {
    if (glob[i] === '\\') i++;
    else if (glob[i] === '{') depth++;
    else if (glob[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\') i++;
    else if (body[i] === '{') depth++;
    else if (body[i] === '}') depth--;
    else if (body[i] === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

function parseSegments(glob: string): Segment[] | undefined {
  const segments: Segment[] = [];
  for (const part of glob.split('/')) {
    if (part === '**') {
      if (segments.at(-1) !== 'globstar') segments.push('globstar');
      continue;
    }
    const tokens = parseTokens(part);
    if (tokens === undefined) return undefined;
    segments.push(tokens);
  }
  return segments;
}

function parseTokens(part: string): Token[] | undefined {
  const tokens: Token[] = [];
  for (let i = 0; i < part.length; i++) {
    const char = part[i]!;
    if (char === '\\' && i + 1 < part.length) tokens.push({ kind: 'literal', char: part[++i]! });
    else if (char === '*') {
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (char === '?') tokens.push({ kind: 'one' });
    else if (char === '[') {
      const close = part.indexOf(']', i + 2);
      if (close === -1) return undefined;
      tokens.push(characterClass(part.slice(i + 1, close)));
      i = close;
    } else tokens.push({ kind: 'literal', char });
  }
  return tokens;
}

function characterClass(body: string): Token {
  const negated = body.startsWith('!') || body.startsWith('^');
  const members = negated ? body.slice(1) : body;
  const ranges: Array<[string, string]> = [];
  for (let i = 0; i < members.length; i++) {
    const from = members[i]!;
    if (members[i + 1] === '-' && i + 2 < members.length) {
      ranges.push([from, members[i + 2]!]);
      i += 2;
    } else ranges.push([from, from]);
  }
  const inside = (char: string): boolean => ranges.some(([low, high]) => char >= low && char <= high);
  return { kind: 'class', negated, test: (char) => char !== '/' && inside(char) !== negated };
}

/** Segments against path parts: `**` matches any number of parts. O(segments × parts). */
function matchSegments(segments: readonly Segment[], parts: readonly string[]): boolean {
  // reachable[j]: the segments so far can consume exactly parts[0..j).
  let reachable = new Array<boolean>(parts.length + 1).fill(false);
  reachable[0] = true;
  for (const segment of segments) {
    const next = new Array<boolean>(parts.length + 1).fill(false);
    for (let j = 0; j <= parts.length; j++) {
      if (!reachable[j]) continue;
      if (segment === 'globstar') {
        for (let k = j; k <= parts.length; k++) next[k] = true;
        break;
      }
      if (j < parts.length && matchTokens(segment, parts[j]!)) next[j + 1] = true;
    }
    reachable = next;
  }
  return reachable[parts.length] === true;
}

/** Tokens against one path segment: the classic wildcard DP, O(tokens × characters). */
function matchTokens(tokens: readonly Token[], text: string): boolean {
  let reachable = new Array<boolean>(text.length + 1).fill(false);
  reachable[0] = true;
  for (const token of tokens) {
    const next = new Array<boolean>(text.length + 1).fill(false);
    let any = false;
    for (let j = 0; j <= text.length; j++) {
      if (token.kind === 'star') {
        any ||= reachable[j] === true;
        next[j] = any;
      } else if (reachable[j] && j < text.length) {
        const char = text[j]!;
        if (token.kind === 'one' || (token.kind === 'literal' ? token.char === char : token.test(char))) next[j + 1] = true;
      }
    }
    reachable = next;
  }
  return reachable[text.length] === true;
}
