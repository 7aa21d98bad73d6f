import { compileGlob } from './glob.js';

/**
 * The files pinbot looks at when the config names none. Paths are relative to the repository
 * root with `/` separators; a leading `**` segment also matches at the root. Every YAML file is
 * included because Kubernetes manifests can have any name: the scanners decide by content. The
 * compose, workflow and action globs are covered by the YAML glob but stay listed so the intent
 * survives if that glob is ever narrowed.
 */
export const DEFAULT_INCLUDE: readonly string[] = Object.freeze([
  '**/Dockerfile',
  '**/Containerfile',
  '**/Dockerfile.*',
  '**/*.Dockerfile',
  '**/*.dockerfile',
  '**/Containerfile.*',
  '**/compose*.{yaml,yml}',
  '**/docker-compose*.{yaml,yml}',
  '**/*.{yaml,yml}',
  '.github/workflows/*.{yaml,yml}',
  '**/action.{yaml,yml}',
]);

/**
 * Never images, whatever the globs say: BuildKit's per-Dockerfile ignore files
 * (`Dockerfile.dockerignore`) sit right next to Dockerfiles and share their name.
 */
const NEVER_SCANNED = compileGlob(['**/*.{dockerignore,containerignore}']);

/** Compiled include/exclude globs; compile once per walk, then test many paths. */
export interface GlobFilter {
  /** True when the file path is included and neither it nor any parent directory is excluded. */
  matches(relativePath: string): boolean;
  /** True when a directory is excluded, so nothing beneath it can match and the walk can skip it. */
  excludesDirectory(relativePath: string): boolean;
}

/**
 * An exclude glob that matches a directory excludes everything beneath it, as in `.gitignore`:
 * `exclude: [vendor]` and `exclude: ['vendor/**']` both drop `vendor/a/Dockerfile`.
 */
export function compileGlobs(include: readonly string[], exclude: readonly string[]): GlobFilter {
  // Users' globs go through a matcher that cannot backtrack: a pattern can't hang the process.
  const isIncluded = compileGlob(include);
  const isExcluded = compileGlob(exclude);
  const excludedOrUnderExcluded = (relativePath: string): boolean => {
    if (isExcluded(relativePath)) return true;
    for (let slash = relativePath.indexOf('/'); slash !== -1; slash = relativePath.indexOf('/', slash + 1)) {
      if (isExcluded(relativePath.slice(0, slash))) return true;
    }
    return false;
  };
  return {
    matches: (relativePath) => isIncluded(relativePath) && !NEVER_SCANNED(relativePath) && !excludedOrUnderExcluded(relativePath),
    excludesDirectory: excludedOrUnderExcluded,
  };
}

/** Pure check of one relative path (`/` separators) against include and exclude globs. */
export function matchesGlobs(relativePath: string, include: readonly string[], exclude: readonly string[]): boolean {
  return compileGlobs(include, exclude).matches(relativePath);
}
