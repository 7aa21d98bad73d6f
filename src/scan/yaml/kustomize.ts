import type { Scanner } from '../types.js';
import { intoEmptyField, newFieldAfter } from './digest-insertion.js';
import type { YamlNode } from './nodes.js';
import type { YamlDocumentScan } from './scan-file.js';
import { scanYamlFile } from './scan-file.js';
import { reportSplitImage } from './split-image.js';

/**
 * Finds the image overrides of a kustomization (`kustomization.yaml`, `.yml`, `Kustomization`):
 * each `images:` entry names an image (`name`) and may rename it (`newName`), retag it (`newTag`)
 * and pin it (`digest`). The pin is the entry's tag and digest: `digest` is where the digest is
 * written (the only bytes an update changes) and `newTag` says what it follows. A `newTag` of
 * the form `tag@sha256:…` carries both.
 * See https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/images/
 */
export const scanKustomization: Scanner = (path, text) =>
  scanYamlFile(path, text, 'kustomize', (scan) => {
    for (const entry of scan.walk.items(scan.walk.get(scan.walk.root, 'images'))) visitEntry(scan, entry);
  });

function visitEntry(scan: YamlDocumentScan, entry: YamlNode): void {
  const { walk, field } = scan;
  if (!walk.isMapping(entry)) return scan.invalid(entry, 'expected an images entry: a mapping with name, newName, newTag and digest');
  const tag = field(walk.get(entry, 'newTag'));
  const digest = field(walk.get(entry, 'digest'));
  // An entry that only renames leaves tag and digest to the resources, which are scanned themselves.
  if (tag.kind === 'absent' && digest.kind === 'absent') return;
  const newName = field(walk.get(entry, 'newName'));
  const name = newName.kind === 'absent' ? field(walk.get(entry, 'name')) : newName;
  if (name.kind === 'inexact' || name.kind === 'not-text') return scan.invalid(entry, name.detail);
  if (name.kind === 'absent') return scan.invalid(entry, 'the entry has neither name nor newName');
  // Pinning fills in an empty `digest: ""`, or adds the `digest` field kustomize documents.
  const digestNode = walk.get(entry, 'digest');
  const insertion = digestNode === undefined ? newFieldAfter(entry, 'newTag', scan.text) : intoEmptyField(digestNode, scan.text);
  reportSplitImage(scan, entry, { name: name.value, tag, digest, ...(insertion === undefined ? {} : { insertion }) });
}
