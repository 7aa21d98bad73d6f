import type { Insertion } from './digest-insertion.js';
import type { FieldValue } from './fields.js';
import type { YamlNode } from './nodes.js';
import type { YamlDocumentScan } from './scan-file.js';

/** The fields of a split image shape (issue 11): a name made up by the caller, and the tag and digest fields as written. */
export interface SplitParts {
  /** The image name the block stands for, e.g. `docker.io/bitnami/nginx` or a kustomize `newName`. */
  readonly name: string;
  readonly tag: FieldValue;
  readonly digest: FieldValue;
  /** Where `pin` writes a digest this block lacks, when the format allows it byte-exactly (see digest-insertion.ts). */
  readonly insertion?: Insertion;
}

/**
 * Reports the image a block's fields make up: `name:tag@digest`, with the digest where the
 * digest field writes it and the tag where the tag field does. A tag of the form
 * `tag@sha256:…` carries the digest itself. A block whose tag or digest can't be pointed at, or
 * that writes two digests, is skipped with the reason: guessing which is the pin could rewrite
 * the wrong bytes.
 */
export function reportSplitImage(scan: YamlDocumentScan, block: YamlNode, { name, tag, digest, insertion }: SplitParts): void {
  for (const part of [tag, digest]) {
    if (part.kind === 'inexact' || part.kind === 'not-text') return scan.invalid(block, part.detail);
  }
  const tagValue = tag.kind === 'exact' ? tag : undefined;
  const digestValue = digest.kind === 'exact' ? digest : undefined;
  const inline = tagValue?.value.indexOf('@') ?? -1;
  if (inline !== -1 && digestValue !== undefined) {
    return scan.invalid(block, 'the tag carries a digest and so does the digest field; pinbot cannot tell which one is the pin');
  }
  const start = digestValue?.start ?? tagValue?.start ?? block.range?.[0] ?? 0;
  if (tagValue !== undefined && inline !== -1) {
    scan.assembled(block, {
      value: `${name}:${tagValue.value}`,
      start,
      digestStart: tagValue.start + inline + 1,
      tagStart: tagValue.start,
    });
    return;
  }
  scan.assembled(block, {
    value: `${name}${tagValue === undefined ? '' : `:${tagValue.value}`}${digestValue === undefined ? '' : `@${digestValue.value}`}`,
    start,
    digestStart: digestValue?.start ?? null,
    tagStart: tagValue?.start ?? null,
    ...(digestValue === undefined && tagValue !== undefined && insertion !== undefined ? { insertion } : {}),
  });
}
