import { isScalar } from 'yaml';
import type { Scanner } from '../types.js';
import { intoEmptyField } from './digest-insertion.js';
import { eachPair } from './each-pair.js';
import type { YamlNode } from './nodes.js';
import { PINNED_ONLY } from './pinned-only.js';
import type { YamlDocumentScan } from './scan-file.js';
import { scanYamlFile } from './scan-file.js';
import { reportSplitImage } from './split-image.js';

/**
 * Keys that hold an image in Helm values, by the charts' own conventions: `image`, and names
 * ending in it (`initImage`, `kubectlImage`, `volumePermissions.image`).
 */
const IMAGE_KEY = /image$/i;

/**
 * Finds images in Helm values files (`values*.y*ml`) at any depth:
 * - image blocks, `image: { registry, repository, tag, digest }` (Bitnami's shape; `registry`
 *   and `digest` optional) and `image: { repository, tag }` whose tag is `tag@sha256:…`: the
 *   schema every popular chart follows, so a block without a digest is reported as `no-digest`;
 * - an image written whole under such a key (`image: nginx:1.27@sha256:…`, in a sidecar or an
 *   `extraContainers` item), reported only when it is a reference with a digest (issue 11's
 *   rule for strings pinbot has no schema for).
 * Templates (`{{ … }}`) are values only a render decides: they are skipped, never guessed.
 */
export const scanHelmValues: Scanner = (path, text) =>
  // Without the word there is no image key: parsing a large values file would be wasted.
  MENTIONS_IMAGE.test(text) ? scanYamlFile(path, text, 'helm-values', (scan) => visitValues(scan, scan.walk.root)) : NOTHING;

const MENTIONS_IMAGE = /image/i;
const NOTHING = { references: [], unpinned: [], skipped: [], problems: [] };

/**
 * Visits a tree of Helm values: a values file's root, or a Flux HelmRelease's `spec.values`.
 */
export function visitValues(scan: YamlDocumentScan, root: YamlNode | undefined): void {
  const { walk } = scan;
  eachPair(walk, root, (key, value) => {
    if (!IMAGE_KEY.test(key)) return true;
    if (walk.isMapping(value) && walk.get(value, 'repository') !== undefined) imageBlock(scan, value);
    else if (isScalar(value) && typeof value.value === 'string') scan.image(value, { select: PINNED_ONLY });
    else return true;
    return false;
  });
}

function imageBlock(scan: YamlDocumentScan, block: YamlNode): void {
  const { walk, field } = scan;
  const registry = field(walk.get(block, 'registry'));
  const repository = field(walk.get(block, 'repository'));
  for (const part of [registry, repository]) {
    if (part.kind === 'inexact' || part.kind === 'not-text') return scan.invalid(block, part.detail);
  }
  if (repository.kind !== 'exact') return;
  const tag = field(walk.get(block, 'tag'));
  const digest = field(walk.get(block, 'digest'));
  const written = [registry, repository, tag, digest].some((part) => part.kind === 'exact' && part.value.includes('{{'));
  if (written) return scan.invalid(block, 'a Helm template ({{ … }}) that only rendering the chart decides');
  const name = registry.kind === 'exact' ? `${registry.value}/${repository.value}` : repository.value;
  // Pinning fills in the chart's own empty `digest: ""` field; a block without one is not
  // pinnable: whether the chart reads a digest at all is up to its templates, and a `tag` of
  // `1.2@sha256:…` would also land in labels that reject `@` (issue 11).
  const insertion = intoEmptyField(walk.get(block, 'digest'), scan.text);
  reportSplitImage(scan, block, { name, tag, digest, ...(insertion === undefined ? {} : { insertion }) });
}
