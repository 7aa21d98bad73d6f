import { compileGlobSet } from './glob.js';

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
  // Issue 11: kustomizations and Helm values are YAML (above) but listed for the same reason;
  // `Kustomization` has no extension, and dev container configs are JSON.
  '**/kustomization.{yaml,yml}',
  '**/Kustomization',
  '**/values*.{yaml,yml}',
  '**/.devcontainer/devcontainer.json',
  '**/.devcontainer.json',
  '**/.devcontainer/*/devcontainer.json',
]);

/**
 * Never images, whatever the globs say: BuildKit's per-Dockerfile ignore files
 * (`Dockerfile.dockerignore`) sit right next to Dockerfiles and share their name.
 */
const NEVER_SCANNED = compileGlobSet(['**/*.{dockerignore,containerignore}']);

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
  // Each list is one automaton that reads a path once: neither a pattern nor the number of
  // patterns can make matching slow (issue 8).
  const included = compileGlobSet(include);
  const excluded = compileGlobSet(exclude);
  return {
    matches: (relativePath) =>
      included.matches(relativePath) && !NEVER_SCANNED.matches(relativePath) && !excluded.matchesItselfOrParent(relativePath),
    excludesDirectory: (relativePath) => excluded.matchesItselfOrParent(relativePath),
  };
}

/** Pure check of one relative path (`/` separators) against include and exclude globs. */
export function matchesGlobs(relativePath: string, include: readonly string[], exclude: readonly string[]): boolean {
  return compileGlobs(include, exclude).matches(relativePath);
}
