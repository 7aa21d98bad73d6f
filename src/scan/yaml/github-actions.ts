import type { Scanner } from '../types.js';
import type { YamlNode } from './nodes.js';
import { PINNED_ONLY } from './pinned-only.js';
import type { ImageSiteOptions, YamlDocumentScan } from './scan-file.js';
import { scanYamlFile } from './scan-file.js';

const DOCKER_PREFIX = 'docker://';

/**
 * `uses:` and an action's `runs.image` name an image only as `docker://image`; anything else
 * (`actions/checkout@v4`, `./local`, `Dockerfile`) is not an image reference at all.
 */
const DOCKER_URL: ImageSiteOptions = {
  select: (value) =>
    value.startsWith(DOCKER_PREFIX)
      ? { kind: 'image', offset: DOCKER_PREFIX.length, length: value.length - DOCKER_PREFIX.length }
      : { kind: 'not-image' },
};

/**
 * Finds images in GitHub Actions workflows (`jobs.*.container`, `jobs.*.services.*.image`,
 * `docker://` steps, inputs of actions that take an image, pins in `strategy.matrix`) and action metadata (`runs.image`, composite `runs.steps`). The two file
 * shapes are told apart by their top-level keys, so either may be passed in.
 */
export const scanGithubActions: Scanner = (path, text) =>
  scanYamlFile(path, text, 'github-actions', (scan) => {
    const { walk } = scan;
    for (const job of walk.values(walk.get(walk.root, 'jobs'))) visitJob(scan, job);

    const runs = walk.get(walk.root, 'runs');
    scan.image(walk.get(runs, 'image'), DOCKER_URL);
    visitSteps(scan, walk.get(runs, 'steps'));
  });

/**
 * Actions whose inputs take an image (issue 11): the input's value is an image reference, so it
 * is reported like `container:`, pinned or not. Keyed by `owner/repo` in lower case (GitHub
 * names are case-insensitive).
 */
const IMAGE_INPUTS: ReadonlyMap<string, string> = new Map([
  // https://github.com/docker/setup-qemu-action#inputs: the binfmt installer image.
  ['docker/setup-qemu-action', 'image'],
  // https://github.com/helm/kind-action#inputs: the kind node image, often pinned by digest.
  ['helm/kind-action', 'node_image'],
]);

function visitJob(scan: YamlDocumentScan, job: YamlNode): void {
  const { walk } = scan;
  visitMatrix(scan, walk.path(job, ['strategy', 'matrix']));
  // `container:` is either the image itself or a mapping with an `image` key.
  const container = walk.get(job, 'container');
  scan.image(walk.isMapping(container) ? walk.get(container, 'image') : container);
  for (const service of walk.values(walk.get(job, 'services'))) scan.image(walk.get(service, 'image'));
  visitSteps(scan, walk.get(job, 'steps'));
}

function visitSteps(scan: YamlDocumentScan, steps: YamlNode | undefined): void {
  const { walk } = scan;
  for (const step of walk.items(steps)) {
    const uses = walk.get(step, 'uses');
    scan.image(uses, DOCKER_URL);
    const action = walk.string(uses)?.split('@')[0]?.toLowerCase();
    const input = action === undefined ? undefined : IMAGE_INPUTS.get(action);
    if (input !== undefined) scan.image(walk.path(step, ['with', input]));
  }
}

/**
 * A job's `strategy.matrix` holds whatever values a workflow needs; a value is an image only
 * when it is a reference with a digest (issue 11's rule for values without a schema). Lists,
 * `include` and `exclude` entries are all read; each node once, without recursion.
 */
function visitMatrix(scan: YamlDocumentScan, matrix: YamlNode | undefined): void {
  const { walk } = scan;
  const seen = new Set<YamlNode>();
  const pending: YamlNode[] = matrix === undefined ? [] : [matrix];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (seen.has(node)) continue;
    seen.add(node);
    if (walk.isMapping(node)) pending.push(...walk.values(node));
    else if (walk.string(node) !== undefined) scan.image(node, { select: PINNED_ONLY });
    else pending.push(...walk.items(node));
  }
}
