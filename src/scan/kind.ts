import picomatch from 'picomatch';
/**
 * Which scanner reads a file, decided by its path alone. Order matters: a workflow is YAML
 * and could pass for a manifest, so the narrower rules come first.
 */
const RULES: ReadonlyArray<{ kind: FileKind; matches: (path: string) => boolean }> = [
  {
    kind: 'dockerfile',
    matches: basenameGlob([
      'Dockerfile',
      'Containerfile',
      'Dockerfile.!(dockerignore)',
      'Containerfile.!(containerignore|dockerignore)',
      '*.{Dockerfile,dockerfile,Containerfile,containerfile}',
    ]),
  },
  {
    kind: 'github-actions',
    matches: pathGlob(['.github/workflows/*.{yml,yaml}', '**/.github/workflows/*.{yml,yaml}', 'action.{yml,yaml}', '**/action.{yml,yaml}']),
  },
  // `.devcontainer/devcontainer.json`, `.devcontainer.json`, `.devcontainer/<name>/devcontainer.json`
  // (https://containers.dev/implementors/spec/#devcontainerjson), at any depth.
  { kind: 'devcontainer', matches: isDevcontainerConfig },
  // Kustomize reads exactly these three names (kustomize's `konfig.RecognizedKustomizationFileNames`).
  { kind: 'kustomize', matches: (path) => KUSTOMIZATION_NAMES.has(basename(path)) },
  // `values.yaml` and its per-environment siblings (`values-prod.yaml`, `values.staging.yml`).
  { kind: 'helm-values', matches: (path) => /^values.*\.ya?ml$/.test(basename(path)) },
  { kind: 'compose', matches: basenameGlob(['{docker-,}compose*.{yml,yaml}']) },
  { kind: 'yaml', matches: basenameGlob(['*.{yml,yaml}']) },
];

/**
 * `yaml` means YAML of no known name: read as Kubernetes manifests (by content), or as a
 * compose/stack file when it has top-level `services`. A file of no known kind that a user
 * included explicitly is read as a Dockerfile, the one format without a telltale extension.
 */
export type FileKind = 'dockerfile' | 'compose' | 'github-actions' | 'devcontainer' | 'kustomize' | 'helm-values' | 'yaml';

export function kindForPath(path: string): FileKind {
  return RULES.find((rule) => rule.matches(path))?.kind ?? 'dockerfile';
}

function basenameGlob(globs: string[]): (path: string) => boolean {
  const isMatch = picomatch(globs, { dot: true, basename: true });
  return (path) => isMatch(path);
}

function pathGlob(globs: string[]): (path: string) => boolean {
  const isMatch = picomatch(globs, { dot: true });
  return (path) => isMatch(path);
}

/*
 * The issue 11 rules are plain string checks rather than globs: every YAML file of a repository
 * passes through them before reaching the manifest rule, and globs cost more per call (measured
 * with `npm run bench -- scan`).
 */
const KUSTOMIZATION_NAMES: ReadonlySet<string> = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function isDevcontainerConfig(path: string): boolean {
  if (!path.endsWith('.json')) return false;
  const parts = path.split('/');
  const name = parts.at(-1);
  if (name === '.devcontainer.json') return true;
  return name === 'devcontainer.json' && (parts.at(-2) === '.devcontainer' || parts.at(-3) === '.devcontainer');
}
