/**
 * Glob matching that cannot hang. Globs come from users' config files, and a regex-compiling
 * matcher turns `*a*a*a*a*a*a*a*a*b` into exponential backtracking; here all globs of a list
 * become one automaton (glob-automaton.ts) that reads each path once, character by character,
 * whatever the globs are and however many.
 *
 * Syntax (glob-syntax.ts): `*` (any characters but `/`), `**` as a whole segment (any number
 * of segments), `?` (one character but `/`), `[abc]`, `[a-z]`, `[!a-z]` / `[^a-z]`, `{a,b}`
 * (nested), and `\` to escape. Dotfiles match like any other name. A directory pattern matches
 * the path itself, not what is beneath it (callers decide that).
 */
import { GlobAutomaton } from './glob-automaton.js';
import { expandBraces, globAlternatives, MAX_GLOB_LENGTH } from './glob-syntax.js';

export { globProblem, MAX_ALTERNATIVES, MAX_GLOB_LENGTH } from './glob-syntax.js';

/**
 * Limits on one list of globs (`include` or `exclude`). Matching costs at most the size of the
 * automaton per character of a path, and the automaton grows with the globs' text once `{…}`
 * alternatives are spelled out, so that is what is capped: 64 KiB is some 2,000 globs of a
 * realistic 30 characters, far beyond any real config, while 300 hostile 256-character globs
 * with 64 alternatives each (1.2 MB spelled out) are refused. The count cap keeps the error
 * list of a config that is simply too long readable.
 */
export const MAX_GLOBS = 1000;
export const MAX_GLOB_LIST_SIZE = 64 * 1024;

/**
 * Why a list of globs is too big to accept, or undefined. Each glob counts as its `{…}`
 * alternatives spelled out; counting stops at the cap, so checking costs at most the cap.
 */
export function globListProblem(globs: readonly string[]): string | undefined {
  if (globs.length > MAX_GLOBS)
    return `at most ${MAX_GLOBS.toLocaleString('en-US')} globs are allowed, got ${globs.length.toLocaleString('en-US')}`;
  let size = 0;
  for (const glob of globs) {
    // An over-long glob is refused on its own; it counts as written.
    const alternatives = glob.length > MAX_GLOB_LENGTH ? undefined : expandBraces(glob);
    size += alternatives === undefined ? glob.length : alternatives.reduce((sum, alternative) => sum + alternative.length, 0);
    if (size > MAX_GLOB_LIST_SIZE) {
      return `the globs add up to more than ${MAX_GLOB_LIST_SIZE.toLocaleString('en-US')} characters with their {…} alternatives spelled out`;
    }
  }
  return undefined;
}

/** A compiled list of globs over `/`-separated relative paths. Invalid globs never match. */
export interface GlobSet {
  /** Does a glob match the whole path? */
  matches(path: string): boolean;
  /** Does a glob match the path or one of the directories above it? */
  matchesItselfOrParent(path: string): boolean;
}

export function compileGlobSet(globs: readonly string[]): GlobSet {
  const automaton = new GlobAutomaton(globs.flatMap((glob) => globAlternatives(glob) ?? []));
  return {
    matches: (path) => automaton.matches(path),
    matchesItselfOrParent: (path) => automaton.matchesItselfOrParent(path),
  };
}

/** Compiles globs into one predicate over `/`-separated relative paths. Invalid globs never match. */
export function compileGlob(globs: readonly string[]): (path: string) => boolean {
  const set = compileGlobSet(globs);
  return (path) => set.matches(path);
}
