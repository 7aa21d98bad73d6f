import type { ArgLookup } from './args.js';
import type { Piece } from './words.js';
import { pieceOf, unquote } from './words.js';

/** A piece of an assembled image value: its text and where it is written, or null when it is not written in one piece. */
export interface Fragment {
  readonly value: string;
  readonly start: number | null;
}

/**
 * An image value with its variables replaced by what a build without `--build-arg` gives them
 * (issue 11): `ubuntu:${BASE_VERSION}`, `golang:${GO_VER:-1.22}`, `${HOST}${NAME}:${TAG}${HASH}`.
 */
export type Assembly =
  | { readonly kind: 'assembled'; readonly value: string; readonly fragments: readonly Fragment[] }
  | { readonly kind: 'unknown'; readonly reason: string };

/** `$NAME`, or `${NAME}` with an optional `:-`, `-`, `:+` or `+` modifier and its word (no nested `}`). */
const VARIABLE = /\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\})/dy;

/**
 * Replaces every variable of `written` by its value, following Docker's rules for FROM: a
 * variable is a global ARG's default; `${A:-w}` is `w` when A is unset or empty, `${A-w}` when
 * unset; `${A:+w}` is `w` when A is set and not empty, `${A+w}` when set. One pass over the
 * value, each ARG looked up once per use: linear. A value pinbot cannot know (an ENV, an ARG
 * without default that has no fallback, a default that uses variables itself) is `unknown`.
 */
export function assembleImage(written: Piece, lookup: (name: string) => ArgLookup): Assembly {
  const fragments: Fragment[] = [];
  const text = written.value;
  let literalFrom = 0;
  for (let at = text.indexOf('$'); at !== -1; at = text.indexOf('$', literalFrom)) {
    VARIABLE.lastIndex = at;
    const match = VARIABLE.exec(text);
    if (match === null) return { kind: 'unknown', reason: `"${text}" uses $ in a way pinbot does not expand` };
    if (at > literalFrom) fragments.push({ value: text.slice(literalFrom, at), start: written.start + literalFrom });
    const name = match[1] ?? match[2] ?? '';
    const modifier = match[3];
    const wordAt = match.indices?.[4]?.[0] ?? 0;
    const word = modifier === undefined ? undefined : unquote({ value: match[4] ?? '', start: written.start + wordAt });
    const value = variableValue(name, modifier, word, lookup(name));
    if ('reason' in value) return { kind: 'unknown', reason: value.reason };
    if (value.fragment.value !== '') fragments.push(value.fragment);
    literalFrom = at + match[0].length;
  }
  if (literalFrom < text.length) fragments.push({ value: text.slice(literalFrom), start: written.start + literalFrom });
  const value = fragments.map((fragment) => fragment.value).join('');
  if (value === '') return { kind: 'unknown', reason: `"${text}" expands to nothing` };
  if (value.includes('$')) return { kind: 'unknown', reason: `"${text}" expands to "${value}", which still holds a variable` };
  return { kind: 'assembled', value, fragments };
}

type VariableValue = { readonly fragment: Fragment } | { readonly reason: string };

function variableValue(name: string, modifier: string | undefined, word: Piece | undefined, found: ArgLookup): VariableValue {
  if ('missing' in found && found.setByEnv) return { reason: found.missing };
  const piece = 'missing' in found || found.value === null ? undefined : unquote(pieceOf(found.instruction.offsets, found.value));
  const set = piece !== undefined;
  const empty = piece?.value === '';
  const fromWord: VariableValue = { fragment: word ?? { value: '', start: null } };
  const nothing: VariableValue = { fragment: { value: '', start: null } };
  switch (modifier) {
    case ':-':
      if (!set || empty) return fromWord;
      break;
    case '-':
      if (!set) return fromWord;
      break;
    case ':+':
      return set && !empty ? fromWord : nothing;
    case '+':
      return set ? fromWord : nothing;
    default:
      if ('missing' in found) return { reason: found.missing };
      if (!set) return { reason: `ARG ${name} has no default` };
  }
  if (piece.value.includes('$')) return { reason: `ARG ${name}'s default "${piece.value}" uses another variable` };
  return { fragment: piece };
}

/**
 * Where the parts of `value` lie in the text: the offset of `value[from, from + length)` when it
 * falls inside one fragment written exactly there, else null. A digest assembled from two ARGs,
 * or split by a line continuation, has no one place to rewrite.
 */
export function locate(fragments: readonly Fragment[], from: number, length: number, text: string): number | null {
  let valueStart = 0;
  for (const fragment of fragments) {
    const valueEnd = valueStart + fragment.value.length;
    if (from >= valueStart && from + length <= valueEnd) {
      if (fragment.start === null) return null;
      const start = fragment.start + (from - valueStart);
      return text.slice(start, start + length) === fragment.value.slice(from - valueStart, from - valueStart + length) ? start : null;
    }
    valueStart = valueEnd;
  }
  return null;
}
