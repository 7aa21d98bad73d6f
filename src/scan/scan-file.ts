import { scanDockerfile } from './dockerfile/scan.js';
import { scanDevcontainer } from './json/devcontainer.js';
import { kindForPath } from './kind.js';
import type { ScanResult } from './types.js';
import { scanCompose } from './yaml/compose.js';
import { scanGithubActions } from './yaml/github-actions.js';
import { scanHelmValues } from './yaml/helm-values.js';
import { scanKubernetes } from './yaml/kubernetes.js';
import { scanKustomization } from './yaml/kustomize.js';

/** Top-level `services:` (a compose or `docker stack` file under a name of its own), after a BOM too. */
const TOP_LEVEL_SERVICES = /^\uFEFF?services[ \t]*:/m;
/** Go template actions, as in Helm charts: such files are only YAML once rendered. */
const TEMPLATE_ACTION = /\{\{/;

/**
 * Scans one decoded file (BOM kept) with the scanner its path calls for. Pure. `kindPath`
 * chooses the scanner when `path` (what reports show) lacks the folders that tell.
 */
export function scanFile(path: string, text: string, kindPath: string = path): ScanResult {
  switch (kindForPath(kindPath)) {
    case 'dockerfile':
      return scanDockerfile(path, text);
    case 'compose':
      return scanCompose(path, text);
    case 'github-actions':
      return scanGithubActions(path, text);
    case 'devcontainer':
      return scanDevcontainer(path, text);
    case 'kustomize':
      return scanKustomization(path, text);
    case 'helm-values':
      return scanHelmValues(path, text);
    case 'yaml':
      return scanYaml(path, text);
  }
}

/**
 * YAML of no known name: manifests by content, else a compose-style file. A template that is
 * not YAML until rendered (a Helm chart's `templates/`) is not a problem to report: what it
 * pins is decided by its values file, which is scanned on its own.
 */
function scanYaml(path: string, text: string): ScanResult {
  // Both readings need an `image` key: without the word there is nothing to find, and parsing
  // the many plain YAML files of a repository (values, settings, CI configs) would be wasted.
  if (!text.includes('image')) return { references: [], unpinned: [], skipped: [], problems: [] };
  const asManifests = scanKubernetes(path, text);
  const foundNothing = asManifests.references.length === 0 && asManifests.skipped.length === 0;
  if (foundNothing && TOP_LEVEL_SERVICES.test(text)) return scanCompose(path, text);
  if (asManifests.problems.length > 0 && TEMPLATE_ACTION.test(text)) return { ...asManifests, problems: [] };
  return asManifests;
}
