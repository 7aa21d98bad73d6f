import { describe, expect, it } from '@jest/globals';
import { kindForPath } from '../../src/scan/kind.js';
import { scanFile } from '../../src/scan/scan-file.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('kindForPath', () => {
  it.each([
    ['Dockerfile', 'dockerfile'],
    ['build/Containerfile', 'dockerfile'],
    ['Dockerfile.prod', 'dockerfile'],
    ['api.Dockerfile', 'dockerfile'],
    ['tools/ci.dockerfile', 'dockerfile'],
    ['.github/workflows/ci.yml', 'github-actions'],
    ['actions/setup/action.yaml', 'github-actions'],
    ['compose.yaml', 'compose'],
    ['ops/docker-compose.prod.yml', 'compose'],
    ['deploy/app.yaml', 'yaml'],
    ['images.txt', 'dockerfile'],
    // Issue 11's kinds.
    ['kustomization.yaml', 'kustomize'],
    ['overlays/prod/kustomization.yml', 'kustomize'],
    ['base/Kustomization', 'kustomize'],
    ['my-kustomization.yaml', 'yaml'],
    ['charts/web/values.yaml', 'helm-values'],
    ['values-prod.yml', 'helm-values'],
    ['values.staging.yaml', 'helm-values'],
    ['charts/web/values.schema.json', 'dockerfile'],
    ['.devcontainer/devcontainer.json', 'devcontainer'],
    ['.devcontainer.json', 'devcontainer'],
    ['svc/.devcontainer/python/devcontainer.json', 'devcontainer'],
    ['devcontainer.json', 'dockerfile'],
    ['.devcontainer/a/b/devcontainer.json', 'dockerfile'],
  ])('%s is read as %s', (path, kind) => {
    expect(kindForPath(path)).toBe(kind);
  });
});

describe('scanFile', () => {
  it('reads a YAML file of no known name with top-level services as a compose file', () => {
    const result = scanFile('stack.yml', `version: "3.8"\nservices:\n  web:\n    image: nginx:1.27@${DIGEST}\n`);
    expect(result.references.map((r) => [r.kind, r.line])).toEqual([['compose', 4]]);
  });

  it('recognises top-level services after a BOM, with CRLF line endings', () => {
    const text = `\uFEFFservices:\r\n  web:\r\n    image: nginx:1.27@${DIGEST}\r\n`;
    const result = scanFile('deploy/stack.yml', text);
    expect(result.references.map((r) => [r.kind, r.line, text.slice(r.digestStart, r.digestEnd)])).toEqual([['compose', 3, DIGEST]]);
  });

  it('reads other YAML as Kubernetes manifests by content', () => {
    const result = scanFile('k8s/pod.yaml', `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: nginx:1.27@${DIGEST}\n`);
    expect(result.references.map((r) => r.kind)).toEqual(['kubernetes']);
  });

  it('does not report a Helm template as malformed YAML', () => {
    const template =
      'apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: {{ .Values.replicas }}\n  {{- if .Values.x }}\n  foo: [\n  {{- end }}\n';
    expect(scanFile('chart/templates/deploy.yaml', template)).toEqual({ references: [], unpinned: [], skipped: [], problems: [] });
  });

  it('still reports malformed YAML that is not a template', () => {
    const result = scanFile('deploy/broken.yaml', 'apiVersion: v1\nkind: Pod\nspec: [\n  image: x\n');
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ file: 'deploy/broken.yaml' });
  });
});

describe('YAML of no known name without an image key', () => {
  it('is not parsed, so it cannot be reported as malformed', () => {
    expect(scanFile('settings/app.yaml', 'a: [\n')).toEqual({ references: [], unpinned: [], skipped: [], problems: [] });
  });
});
