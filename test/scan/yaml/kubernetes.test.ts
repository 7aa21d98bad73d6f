import { describe, expect, it } from '@jest/globals';
import { scanKubernetes } from '../../../src/scan/yaml/kubernetes.js';
import { expectConsistentOffsets } from './expect-pins.js';
import { brief, DIGEST, readFixture } from './fixtures.js';

const { a: A, b: B, c: C, d: D, e: E } = DIGEST;
const EMPTY = { references: [], unpinned: [], skipped: [], problems: [] };

describe('scanKubernetes on storefront.k8s.yaml (ConfigMap, Deployment, CronJob, Service)', () => {
  const text = readFixture('storefront.k8s.yaml');
  const result = scanKubernetes('k8s/storefront.yaml', text);

  it('finds the Deployment and CronJob containers, and nothing in ConfigMap text or comments', () => {
    // The non-ASCII annotation above them makes byte offsets differ from string offsets.
    expect(result.references.map(brief)).toEqual([
      { line: 33, column: 42, digestStart: 821, digestByteStart: 828, image: `ghcr.io/acme/api:v3.2.0@${A}`, platform: null },
      { line: 37, column: 44, digestStart: 1009, digestByteStart: 1016, image: `envoyproxy/envoy:v1.31.2@${B}`, platform: null },
      { line: 55, column: 51, digestStart: 1484, digestByteStart: 1491, image: `ghcr.io/acme/report:2024.10@${C}`, platform: null },
    ]);
    expect(result.references.every((reference) => reference.kind === 'kubernetes')).toBe(true);
    expectConsistentOffsets(text, result);
  });

  it('skips the unpinned container and reports no problems', () => {
    expect(result.skipped).toEqual([
      {
        file: 'k8s/storefront.yaml',
        line: 40,
        reason: 'no-digest',
        text: 'busybox:1.36',
        image: expect.objectContaining({ name: 'docker.io/library/busybox', tag: '1.36' }),
      },
    ]);
    expect(result.problems).toEqual([]);
  });
});

describe('scanKubernetes on the mixed line-ending variant', () => {
  const text = readFixture('storefront.mixed-eol.k8s.yaml');

  it('is stored with both CRLF and bare LF line endings', () => {
    expect(text).toContain('\r\n');
    expect(/[^\r]\n/.test(text)).toBe(true);
  });

  it('reports the same lines and columns, with offsets into the exact text', () => {
    const result = scanKubernetes('storefront.yaml', text);
    expect(result.references.map(brief)).toEqual([
      { line: 33, column: 42, digestStart: 837, digestByteStart: 844, image: `ghcr.io/acme/api:v3.2.0@${A}`, platform: null },
      { line: 37, column: 44, digestStart: 1027, digestByteStart: 1034, image: `envoyproxy/envoy:v1.31.2@${B}`, platform: null },
      { line: 55, column: 51, digestStart: 1511, digestByteStart: 1518, image: `ghcr.io/acme/report:2024.10@${C}`, platform: null },
    ]);
    expect(result.skipped.map(({ line, reason }) => [line, reason])).toEqual([[40, 'no-digest']]);
    expectConsistentOffsets(text, result);
  });
});

describe('scanKubernetes on postgres-statefulset.yaml', () => {
  const text = readFixture('postgres-statefulset.yaml');
  const result = scanKubernetes('postgres.yaml', text);

  it('finds containers and initContainers, in file order', () => {
    expect(result.references.map(brief)).toEqual([
      { line: 16, column: 31, digestStart: 302, digestByteStart: 302, image: `busybox:1.36.1@${D}`, platform: null },
      // `image: >-` over one line: the digest is on the line below the key.
      { line: 20, column: 26, digestStart: 522, digestByteStart: 522, image: `busybox:1.36.1@${D}`, platform: null },
      { line: 23, column: 30, digestStart: 664, digestByteStart: 664, image: `postgres:16.4@${C}`, platform: null },
      {
        line: 28,
        column: 71,
        digestStart: 943,
        digestByteStart: 943,
        image: `quay.io/prometheuscommunity/postgres-exporter:v0.15.0@${E}`,
        platform: null,
      },
    ]);
    expectConsistentOffsets(text, result);
  });

  it('skips an ephemeral container taken from a variable', () => {
    expect(result.skipped).toEqual([{ file: 'postgres.yaml', line: 31, reason: 'variable', text: '${DEBUG_IMAGE}' }]);
  });
});

describe('scanKubernetes on partly-broken.k8s.yaml', () => {
  const result = scanKubernetes('mixed.yaml', readFixture('partly-broken.k8s.yaml'));

  it('reports the malformed document with its line and the parser message', () => {
    expect(result.problems).toEqual([
      {
        file: 'mixed.yaml',
        line: 15,
        message: 'malformed YAML (document 2, column 1): Flow sequence in block collection must be sufficiently indented and end with a ]',
      },
    ]);
  });

  it('still scans the documents around it, including a List holding a Pod and a PodTemplate', () => {
    expect(result.references.map(({ line, image }) => [line, image.original])).toEqual([
      [8, `ghcr.io/acme/app:1.0@${A}`],
      [30, `ghcr.io/acme/app:3.0@${C}`],
      [39, `ghcr.io/acme/app:4.0@${D}`],
    ]);
  });
});

describe('scanKubernetes on other shapes', () => {
  const scan = (text: string) => scanKubernetes('manifest.yaml', text);

  it('returns an empty result, without problems, for YAML that is not Kubernetes', () => {
    expect(scan(readFixture('compose.yaml'))).toEqual(EMPTY);
    expect(scan(readFixture('ci-workflow.yml'))).toEqual(EMPTY);
    expect(scan('')).toEqual(EMPTY);
  });

  it('needs both apiVersion and kind', () => {
    const containers = `    containers:\n      - name: app\n        image: ghcr.io/acme/app:1.0@${A}\n`;
    expect(scan(`kind: Pod\nspec:\n${containers}`)).toEqual(EMPTY);
    expect(scan(`apiVersion: v1\nspec:\n${containers}`)).toEqual(EMPTY);
    expect(scan(`apiVersion: v1\nkind: 7\nspec:\n${containers}`)).toEqual(EMPTY);
  });

  it('finds the pod templates of workload kinds it has no table entry for (Rollout, Knative Service, DeploymentConfig, ScaledJob)', () => {
    const podSpec = (indent: string, name: string): string =>
      [
        `${indent}containers:`,
        `${indent}  - name: ${name}`,
        `${indent}    image: ghcr.io/acme/${name}:1.0@${A}`,
        `${indent}initContainers:`,
        `${indent}  - image: ghcr.io/acme/${name}-init:1.0@${B}`,
      ].join('\n');
    const documents = [
      `apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nspec:\n  strategy: {canary: {}}\n  template:\n    spec:\n${podSpec('      ', 'rollout')}`,
      `apiVersion: serving.knative.dev/v1\nkind: Service\nspec:\n  template:\n    spec:\n${podSpec('      ', 'knative')}`,
      `apiVersion: apps.openshift.io/v1\nkind: DeploymentConfig\nspec:\n  template:\n    spec:\n${podSpec('      ', 'openshift')}`,
      `apiVersion: keda.sh/v1alpha1\nkind: ScaledJob\nspec:\n  jobTargetRef:\n    template:\n      spec:\n${podSpec('        ', 'keda')}`,
    ];
    const text = documents.join('\n---\n') + '\n';
    const result = scan(text);
    expect(result.references.map(({ image }) => image.originalName)).toEqual(
      ['rollout', 'knative', 'openshift', 'keda'].flatMap((name) => [`ghcr.io/acme/${name}`, `ghcr.io/acme/${name}-init`]),
    );
    expectConsistentOffsets(text, result);
  });

  it('finds no image in the data of core kinds, nor in non-container fields that hold no full pin', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'data:',
      `  image: ghcr.io/acme/app:1.0@${A}`,
      '---',
      'apiVersion: example.com/v1',
      'kind: Widget',
      'spec:',
      '  image: ghcr.io/acme/app:1.0',
      '  other: {image: "${IMAGE}", image2: ghcr.io/acme/app:1.0@' + A + '}',
      '  containers: 3',
      '  template: {spec: {containers: "none"}}',
      '',
    ].join('\n');
    expect(scan(text)).toEqual(EMPTY);
  });

  it('finds a full pin in any `image` field of a kind it has no schema for (issue 11), and nothing less', () => {
    const text = [
      'apiVersion: monitoring.coreos.com/v1',
      'kind: Alertmanager',
      'spec:',
      `  image: quay.io/prometheus/alertmanager:v0.27.0@${A}`,
      '  sidecars:',
      '    - name: reloader',
      `      image: "ghcr.io/acme/reloader:2.1@${B}"`,
      '    - name: unpinned',
      '      image: ghcr.io/acme/unpinned:1.0',
      '  steps:',
      `    - {name: digest-only, image: "ghcr.io/acme/tool@${C}"}`,
      '',
    ].join('\n');
    const result = scan(text);
    expect(result.references.map(brief).map(({ line, image }) => [line, image])).toEqual([
      [4, `quay.io/prometheus/alertmanager:v0.27.0@${A}`],
      [7, `ghcr.io/acme/reloader:2.1@${B}`],
    ]);
    // A digest without a tag still pins: reported (as `no-tag`), so the policy sees it.
    expect(result.skipped.map(({ line, reason }) => [line, reason])).toEqual([[11, 'no-tag']]);
    expect(result.problems).toEqual([]);
    expectConsistentOffsets(text, result);
  });

  it('reads Job, DaemonSet, ReplicaSet and ReplicationController pod templates', () => {
    const documents = ['batch/v1 Job', 'apps/v1 DaemonSet', 'apps/v1 ReplicaSet', 'v1 ReplicationController'].map((head, index) => {
      const [apiVersion, kind] = head.split(' ');
      return `apiVersion: ${apiVersion}\nkind: ${kind}\nspec:\n  template:\n    spec:\n      containers:\n      - image: ghcr.io/acme/app${index}:1.0@${A}\n`;
    });
    const result = scan(documents.join('---\n'));
    expect(result.references.map(({ line, image }) => [line, image.original])).toEqual([
      [7, `ghcr.io/acme/app0:1.0@${A}`],
      [15, `ghcr.io/acme/app1:1.0@${A}`],
      [23, `ghcr.io/acme/app2:1.0@${A}`],
      [31, `ghcr.io/acme/app3:1.0@${A}`],
    ]);
  });

  it('reports an image reached through an alias once, at its anchor', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'spec:',
      '  initContainers:',
      `    - image: &tools ghcr.io/acme/tools:1.0@${B}`,
      '  containers:',
      '    - image: *tools',
      '    - image: *tools',
      '',
    ].join('\n');
    const result = scan(text);
    expect(result.references.map(brief)).toEqual([
      { line: 5, column: 44, digestStart: 92, digestByteStart: 92, image: `ghcr.io/acme/tools:1.0@${B}`, platform: null },
    ]);
    expect(result.skipped).toEqual([]);
    expectConsistentOffsets(text, result);
  });

  it('skips a container image that is a mapping rather than a string', () => {
    const result = scan('apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image:\n        name: nginx\n');
    expect(result.skipped).toEqual([
      {
        file: 'manifest.yaml',
        line: 6,
        reason: 'invalid-reference',
        text: 'name: nginx',
        detail: 'expected an image string, found a mapping',
      },
    ]);
  });

  it('does not recurse forever through a List that contains itself', () => {
    const result = scan('apiVersion: v1\nkind: List\nitems: &items\n  - apiVersion: v1\n    kind: List\n    items: *items\n');
    expect(result).toEqual(EMPTY);
  });
});
