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
  {
    kind: 'devcontainer',
    matches: pathGlob(['**/.devcontainer/devcontainer.json', '**/.devcontainer.json', '**/.devcontainer/*/devcontainer.json']),
  },
  // Kustomize reads exactly these three names (kustomize's `konfig.RecognizedKustomizationFileNames`).
  { kind: 'kustomize', matches: basenameGlob(['kustomization.{yaml,yml}', 'Kustomization']) },
  // `values.yaml` and its per-environment siblings (`values-prod.yaml`, `values.staging.yml`).
  { kind: 'helm-values', matches: basenameGlob(['values*.{yml,yaml}']) },
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
