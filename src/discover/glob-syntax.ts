/**
 * The glob syntax pinbot accepts, parsed into segments for the matcher in glob-automaton.ts:
 * `*` (any characters but `/`), `**` as a whole segment (any number of segments), `?` (one
 * character but `/`), `[abc]`, `[a-z]`, `[!a-z]` / `[^a-z]`, `{a,b}` (nested), and `\` to escape.
 */

export const MAX_GLOB_LENGTH = 256;
/** Brace alternatives one glob may expand to: `{a,b}{c,d}` is 4. */
export const MAX_ALTERNATIVES = 64;

export type Token =
  | { readonly kind: 'literal'; readonly char: string }
  | { readonly kind: 'one' }
  | { readonly kind: 'star' }
  /** `source`: the class as written between the brackets, which identifies it. */
  | { readonly kind: 'class'; readonly source: string; readonly test: (char: string) => boolean };

/** A segment is `**` (any number of path segments) or a list of tokens for one path segment. */
export type Segment = 'globstar' | readonly Token[];

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

/** A valid glob's alternatives (`{a,b}` expanded), each as segments; undefined for an invalid glob. */
export function globAlternatives(glob: string): Segment[][] | undefined {
  if (globProblem(glob) !== undefined) return undefined;
  return (expandBraces(glob) ?? []).flatMap((alternative) => {
    const segments = parseSegments(alternative);
    return segments === undefined ? [] : [segments];
  });
}

/** `{a,b}c` → `ac`, `bc` (nested braces too); undefined past MAX_ALTERNATIVES. */
export function expandBraces(glob: string): string[] | undefined {
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
  return { kind: 'class', source: body, test: (char) => char !== '/' && inside(char) !== negated };
}
