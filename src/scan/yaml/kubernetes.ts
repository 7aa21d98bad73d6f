import { isScalar } from 'yaml';
import type { Scanner } from '../types.js';
import { apiGroup, CUSTOM_WORKLOADS, type WorkloadVisit } from './custom-resources.js';
import { visitValues } from './helm-values.js';
import type { YamlNode } from './nodes.js';
import { PINNED_ONLY } from './pinned-only.js';
import type { YamlDocumentScan } from './scan-file.js';
import { scanYamlFile } from './scan-file.js';

/** Where each workload kind keeps its pod spec. */
const POD_SPEC_PATHS: ReadonlyMap<string, readonly string[]> = new Map([
  ['Pod', ['spec']],
  ['PodTemplate', ['template', 'spec']],
  ['Deployment', ['spec', 'template', 'spec']],
  ['StatefulSet', ['spec', 'template', 'spec']],
  ['DaemonSet', ['spec', 'template', 'spec']],
  ['ReplicaSet', ['spec', 'template', 'spec']],
  ['ReplicationController', ['spec', 'template', 'spec']],
  ['Job', ['spec', 'template', 'spec']],
  ['CronJob', ['spec', 'jobTemplate', 'spec', 'template', 'spec']],
]);

/** The pod spec fields that hold containers, each with its own `image`. */
const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;

/**
 * A `List` inside a `List` is legal; the bound only keeps a hostile, deeply nested (or, through
 * aliases, self-containing) list from recursing without end.
 */
const MAX_LIST_DEPTH = 16;

/** How deep under `spec` a pod template is looked for (KEDA's is 3 levels down); it also bounds aliases. */
const MAX_POD_SPEC_DEPTH = 8;

/**
 * A document's walk: every object is visited once and every subtree searched once per depth, so
 * aliases repeating a List or a spec thousands of times cost nothing more (a List of Lists of
 * aliases was exponential: 59 s for six levels of ten, issue 8).
 */
interface ManifestScan extends YamlDocumentScan {
  readonly visited: Set<YamlNode>;
  readonly podSpecs: Set<YamlNode>;
  /** The shallowest depth each node was searched for pod specs at. */
  readonly searched: Map<YamlNode, number>;
}

/** Finds container images in Kubernetes workload manifests (multi-document; other YAML yields nothing). */
export const scanKubernetes: Scanner = (path, text) =>
  scanYamlFile(path, text, 'kubernetes', (scan) =>
    visitObject({ ...scan, visited: new Set(), podSpecs: new Set(), searched: new Map() }, scan.walk.root, 0),
  );

function visitObject(scan: ManifestScan, object: YamlNode | undefined, depth: number): void {
  const { walk } = scan;
  if (object === undefined || scan.visited.has(object)) return;
  // Only objects that say what they are count; this keeps arbitrary YAML (CI configs, values
  // files, data) that happens to have `containers:` out of the results.
  const apiVersion = walk.string(walk.get(object, 'apiVersion'));
  const kind = walk.string(walk.get(object, 'kind'));
  if (apiVersion === undefined || kind === undefined) return;

  if (kind === 'List' && depth >= MAX_LIST_DEPTH) return;
  scan.visited.add(object);
  if (kind === 'List') {
    for (const item of walk.items(walk.get(object, 'items'))) visitObject(scan, item, depth + 1);
    return;
  }
  const custom = CUSTOM_WORKLOADS.get(`${apiGroup(apiVersion)}/${kind}`);
  if (custom !== undefined) return custom(workloadVisit(scan), object);
  const podSpecPath = POD_SPEC_PATHS.get(kind);
  if (podSpecPath !== undefined) return visitPodSpec(scan, walk.path(object, podSpecPath));
  findPodSpecs(scan, walk.get(object, 'spec'), 0);
  if (isCustomResource(apiVersion)) findPinnedImages(scan, object);
}

/**
 * Kubernetes' own API groups (the core `v1`, `apps`, `batch`, `*.k8s.io`…) have schemas pinbot
 * knows: past their pod templates they hold no image (a ConfigMap's data is text). A custom
 * resource's group has a dot and is none of them (`monitoring.coreos.com`, `cluster.x-k8s.io`).
 */
function isCustomResource(apiVersion: string): boolean {
  const group = apiGroup(apiVersion);
  return group.includes('.') && !group.endsWith('.k8s.io');
}

function workloadVisit(scan: ManifestScan): WorkloadVisit {
  return {
    walk: scan.walk,
    podSpec: (node) => visitPodSpec(scan, node),
    findPodSpecs: (node) => findPodSpecs(scan, node, 0),
    container: (node) => scan.image(scan.walk.get(node, 'image')),
    helmValues: (node) => visitValues(scan, node),
  };
}

function visitPodSpec(scan: ManifestScan, podSpec: YamlNode | undefined): void {
  const { walk } = scan;
  if (podSpec === undefined || scan.podSpecs.has(podSpec)) return;
  scan.podSpecs.add(podSpec);
  for (const list of CONTAINER_LISTS) {
    for (const container of walk.items(walk.get(podSpec, list))) scan.image(walk.get(container, 'image'));
  }
}

/**
 * Workload kinds beyond the table (Argo Rollout, Knative Service, OpenShift DeploymentConfig,
 * KEDA ScaledJob, …) embed a pod template somewhere under `spec`: a pod spec is recognised by
 * its `containers` list. Only container images count, never a string that merely says `image`.
 */
function findPodSpecs(scan: ManifestScan, node: YamlNode | undefined, depth: number): void {
  const { walk } = scan;
  if (node === undefined || depth > MAX_POD_SPEC_DEPTH || (scan.searched.get(node) ?? Infinity) <= depth) return;
  scan.searched.set(node, depth);
  if (walk.isMapping(node)) {
    if (walk.items(walk.get(node, 'containers')).length > 0) return visitPodSpec(scan, node);
    for (const value of walk.values(node)) findPodSpecs(scan, value, depth + 1);
  } else {
    for (const item of walk.items(node)) findPodSpecs(scan, item, depth + 1);
  }
}

/** Lists whose items are containers or container-like steps in most custom resources' schemas. */
const CONTAINER_LIKE_LISTS = new Set(['containers', 'initContainers', 'steps', 'sidecars']);

/**
 * Issue 11's rule for a resource whose schema pinbot doesn't know: past its pod specs, a string
 * is reported only when it is a full `name:tag@sha256:…` reference (a digest without a tag is
 * listed as skipped, `no-tag`) and either its field is named `image` or it sits under a
 * `containers`, `initContainers`, `steps` or `sidecars` list (`args`, `env` values, an
 * `imageRef`…). A tag alone is never guessed to be an image. Each node is visited at most twice
 * (outside and under such a list), so aliases cost nothing more and the walk stays linear.
 */
function findPinnedImages(scan: ManifestScan, object: YamlNode): void {
  const { walk } = scan;
  const seen = new Map<YamlNode, boolean>();
  const pending: Array<{ node: YamlNode; key: string | undefined; under: boolean }> = [{ node: object, key: undefined, under: false }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { node, key, under } = next;
    if (isScalar(node)) {
      if (typeof node.value === 'string' && (key === 'image' || under)) scan.image(node, { select: PINNED_ONLY });
      continue;
    }
    if (seen.get(node) === true || seen.get(node) === under) continue;
    seen.set(node, under);
    if (walk.isMapping(node)) {
      for (const [name, value] of walk.pairs(node))
        pending.push({ node: value, key: name, under: under || (CONTAINER_LIKE_LISTS.has(name) && !walk.isMapping(value)) });
    } else {
      for (const item of walk.items(node)) pending.push({ node: item, key: undefined, under });
    }
  }
}
