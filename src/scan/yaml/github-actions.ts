import type { Scanner } from '../types.js';
import type { YamlNode } from './nodes.js';
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
 * `docker://` steps) and action metadata (`runs.image`, composite `runs.steps`). The two file
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

function visitJob(scan: YamlDocumentScan, job: YamlNode): void {
  const { walk } = scan;
  // `container:` is either the image itself or a mapping with an `image` key.
  const container = walk.get(job, 'container');
  scan.image(walk.isMapping(container) ? walk.get(container, 'image') : container);
  for (const service of walk.values(walk.get(job, 'services'))) scan.image(walk.get(service, 'image'));
  visitSteps(scan, walk.get(job, 'steps'));
}

function visitSteps(scan: YamlDocumentScan, steps: YamlNode | undefined): void {
  for (const step of scan.walk.items(steps)) scan.image(scan.walk.get(step, 'uses'), DOCKER_URL);
}
