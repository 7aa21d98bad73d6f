import type { NodeWalker, YamlNode } from './nodes.js';

/** What a custom resource's visitor can report: pod specs, containers (one `image` each), images, Helm values. */
export interface WorkloadVisit {
  readonly walk: NodeWalker;
  podSpec(node: YamlNode | undefined): void;
  /** Searches under `node` for pod specs (a mapping with a `containers` list), as for unknown kinds. */
  findPodSpecs(node: YamlNode | undefined): void;
  /** A mapping with an `image` string: a container, a Tekton step, an Argo script. */
  container(node: YamlNode | undefined): void;
  helmValues(node: YamlNode | undefined): void;
}

type Visitor = (visit: WorkloadVisit, object: YamlNode) => void;

const at =
  (...keys: string[]): Visitor =>
  (visit, object) =>
    visit.podSpec(visit.walk.path(object, keys));

/**
 * Tekton task spec: `steps`, `sidecars` and the `stepTemplate` every step inherits from.
 * https://tekton.dev/docs/pipelines/tasks/
 */
function taskSpec(visit: WorkloadVisit, spec: YamlNode | undefined): void {
  const { walk } = visit;
  for (const list of ['steps', 'sidecars']) for (const item of walk.items(walk.get(spec, list))) visit.container(item);
  visit.container(walk.get(spec, 'stepTemplate'));
}

/** Tekton pipeline spec: each task and `finally` task may embed its `taskSpec`. https://tekton.dev/docs/pipelines/pipelines/ */
function pipelineSpec(visit: WorkloadVisit, spec: YamlNode | undefined): void {
  const { walk } = visit;
  for (const list of ['tasks', 'finally']) for (const task of walk.items(walk.get(spec, list))) taskSpec(visit, walk.get(task, 'taskSpec'));
}

/**
 * Argo Workflows spec: each template runs a `container`, a `script`, a `containerSet`, with
 * `initContainers` and `sidecars`. https://argo-workflows.readthedocs.io/en/latest/fields/#template
 */
function workflowSpec(visit: WorkloadVisit, spec: YamlNode | undefined): void {
  const { walk } = visit;
  for (const template of walk.items(walk.get(spec, 'templates'))) {
    visit.container(walk.get(template, 'container'));
    visit.container(walk.get(template, 'script'));
    for (const list of ['initContainers', 'sidecars']) for (const item of walk.items(walk.get(template, list))) visit.container(item);
    for (const item of walk.items(walk.path(template, ['containerSet', 'containers']))) visit.container(item);
  }
}

/**
 * Custom resources whose schema pinbot knows, by API group and kind: every image they name is
 * reported, pinned or not, like a Deployment's. Other kinds get the search for pod specs and
 * issue 11's rule for `image` strings (see kubernetes.ts).
 */
export const CUSTOM_WORKLOADS: ReadonlyMap<string, Visitor> = new Map<string, Visitor>([
  // Knative Serving: https://knative.dev/docs/serving/reference/serving-api/
  ['serving.knative.dev/Service', at('spec', 'template', 'spec')],
  ['serving.knative.dev/Configuration', at('spec', 'template', 'spec')],
  ['serving.knative.dev/Revision', at('spec')],
  // Argo Rollouts and Workflows.
  ['argoproj.io/Rollout', at('spec', 'template', 'spec')],
  ['argoproj.io/Workflow', (visit, object) => workflowSpec(visit, visit.walk.get(object, 'spec'))],
  ['argoproj.io/WorkflowTemplate', (visit, object) => workflowSpec(visit, visit.walk.get(object, 'spec'))],
  ['argoproj.io/ClusterWorkflowTemplate', (visit, object) => workflowSpec(visit, visit.walk.get(object, 'spec'))],
  ['argoproj.io/CronWorkflow', (visit, object) => workflowSpec(visit, visit.walk.path(object, ['spec', 'workflowSpec']))],
  // Tekton Pipelines.
  ['tekton.dev/Task', (visit, object) => taskSpec(visit, visit.walk.get(object, 'spec'))],
  ['tekton.dev/ClusterTask', (visit, object) => taskSpec(visit, visit.walk.get(object, 'spec'))],
  ['tekton.dev/TaskRun', (visit, object) => taskSpec(visit, visit.walk.path(object, ['spec', 'taskSpec']))],
  ['tekton.dev/Pipeline', (visit, object) => pipelineSpec(visit, visit.walk.get(object, 'spec'))],
  ['tekton.dev/PipelineRun', (visit, object) => pipelineSpec(visit, visit.walk.path(object, ['spec', 'pipelineSpec']))],
  ['tekton.dev/StepAction', (visit, object) => visit.container(visit.walk.get(object, 'spec'))],
  // Flux: a HelmRelease's values are the chart's values, often with pod templates in them.
  // https://fluxcd.io/flux/components/helm/helmreleases/#values
  [
    'helm.toolkit.fluxcd.io/HelmRelease',
    (visit, object) => {
      const values = visit.walk.path(object, ['spec', 'values']);
      visit.findPodSpecs(values);
      visit.helmValues(values);
    },
  ],
]);

/** `tekton.dev/v1` → `tekton.dev`; the core group (`v1`) is ''. */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}
