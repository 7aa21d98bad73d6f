/**
 * Tags that look immutable: a full version (`1.2.3`, `v1.2.3-alpine`), a commit id
 * (`3f2a9c1`, `sha-3f2a9c1`) or a date or build stamp (`bookworm-20240110`, `2024.01.10`,
 * `build-1234`). When such a tag's digest moves, someone re-pointed what readers take to be a
 * fixed release (issue 12): worth a warning. Patterns come from the repository's config, so
 * they are RE2 expressions (re2js, a pure-JavaScript port: linear-time matching, no
 * backtracking, no native build to break on Node upgrades), matched anywhere in the tag.
 */
import { RE2JS } from 're2js';

/** The built-in patterns: the default of `immutableTags`, shown in the configuration reference. */
export const DEFAULT_IMMUTABLE_TAGS: readonly string[] = [
  // A full version: three or more numeric parts, with an optional suffix (`-alpine`, `+build.5`).
  '^v?[0-9]+\\.[0-9]+\\.[0-9]+([.+_-].*)?$',
  // A commit id (seven to forty hex digits), alone or after `sha-`/`git-`, as CI tag schemes write it.
  '^((sha|git|commit)[-_])?[0-9a-f]{7,40}$',
  // A calendar date stamp: 20240110, 2024-01-10, 2024.01.10, alone or in a tag such as bookworm-20240110.
  '(^|[^0-9])(19|20)[0-9]{2}[.-]?(0[1-9]|1[0-2])[.-]?(0[1-9]|[12][0-9]|3[01])([^0-9]|$)',
  // A build stamp: build-1234, build.1234.
  '(^|[^a-z])build[.-]?[0-9]+([^0-9]|$)',
];

/** Longest pattern accepted in the config: RE2 compiles in time and space linear in the pattern. */
export const MAX_PATTERN_LENGTH = 256;

export type TagMatcher = (tag: string) => boolean;

/** The problem with a pattern, in RE2's words, or undefined when it compiles. */
export function tagPatternProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) return `a pattern may be at most ${MAX_PATTERN_LENGTH} characters long`;
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return `not an RE2 regular expression (${message}); RE2 has no lookarounds or backreferences`;
  }
}

const compiled = new Map<string, TagMatcher>();

/** A matcher for a list of patterns (already validated by the config schema); compiled once per list. */
export function immutableTagMatcher(patterns: readonly string[]): TagMatcher {
  const key = JSON.stringify(patterns);
  const known = compiled.get(key);
  if (known !== undefined) return known;
  const expressions = patterns.flatMap((pattern) => {
    try {
      return [RE2JS.compile(pattern)];
    } catch {
      return [];
    }
  });
  const matcher: TagMatcher = (tag) => expressions.some((expression) => expression.test(tag));
  // A bounded memo: configs are few, but a hostile stream of them must not grow memory.
  if (compiled.size >= 256) compiled.clear();
  compiled.set(key, matcher);
  return matcher;
}

export const TAG_MOVED_WARNING = 'immutable-looking tag re-pointed';

/** The warning for a moved tag that looks immutable, or undefined. */
export function tagMovedWarning(tag: string, looksImmutable: TagMatcher): string | undefined {
  if (!looksImmutable(tag)) return undefined;
  return `${TAG_MOVED_WARNING}: "${tag}" reads like a fixed release, but it now points to a different image`;
}
