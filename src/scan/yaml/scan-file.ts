import { isScalar, isSeq } from 'yaml';
import { classifyCandidate, collect, type Collected } from '../candidate.js';
import { oneReferencePerDigest } from '../one-per-place.js';
import { TextPositions } from '../text-position.js';
import type { ReferenceKind, ScanProblem, ScanResult } from '../types.js';
import { parseYamlDocuments } from './documents.js';
import type { Insertion } from './digest-insertion.js';
import { readField, type FieldValue } from './fields.js';
import { NodeWalker, WalkLimitError, type YamlNode } from './nodes.js';
import { locateScalar } from './scalar.js';

/** Which part of an image position's string names the image. */
export type Selection = { readonly kind: 'image'; readonly offset: number; readonly length: number } | { readonly kind: 'not-image' };

export interface ImageSiteOptions {
  /** Platform stated next to the image (a literal), else null. */
  readonly platform?: string | null;
  /** Picks the image out of the value (after `docker://`, inside `${VAR:-…}`); default: all of it. */
  readonly select?: (value: string) => Selection;
}

/**
 * An image whose parts sit in several fields of one block (issue 11's split shapes: a kustomize
 * `images:` entry, a Helm `image:` block): the reference they make up, and where its digest and
 * tag are written, each in one exact piece (null when not written that way, or not at all).
 */
export interface AssembledImage {
  readonly value: string;
  /** Where the block is reported when it is skipped (its line). */
  readonly start: number;
  readonly digestStart: number | null;
  readonly tagStart: number | null;
  /** Where `pin` writes the digest when the block has none; absent: not pinnable. */
  readonly insertion?: Insertion;
}

/** What a file-kind scanner gets for each well-formed document. */
export interface YamlDocumentScan {
  readonly walk: NodeWalker;
  /** Reports the node at an image position: found, skipped, or nothing when it names no image. */
  readonly image: (node: YamlNode | undefined, options?: ImageSiteOptions) => void;
  /** Reports an image assembled from the fields of `block`; a block reached again (an alias) is reported once. */
  readonly assembled: (block: YamlNode, image: AssembledImage) => void;
  /** Reports `block` as skipped (`invalid-reference`), once, with why. */
  readonly invalid: (block: YamlNode, detail: string) => void;
  /** A field's value and where it is written. */
  readonly field: (node: YamlNode | undefined) => FieldValue;
  /** The first source line of a node, trimmed: how a block is shown. */
  readonly firstLine: (node: YamlNode) => string;
  /** The scanned text, for scanners that work out where a new field would go. */
  readonly text: string;
}

const WHOLE_VALUE = (value: string): Selection => ({ kind: 'image', offset: 0, length: value.length });

/**
 * Runs a file-kind visitor over every well-formed document of a YAML file and classifies the
 * image values it points at, with offsets into the original text.
 */
export function scanYamlFile(file: string, text: string, kind: ReferenceKind, visit: (scan: YamlDocumentScan) => void): ScanResult {
  const positions = new TextPositions(text);
  const { documents, problems } = parseYamlDocuments(file, text, positions);
  const into: Collected = { references: [], skipped: [], unpinned: [] };
  // A value reached again through an alias is the same node: it is reported once, at its anchor.
  const reported = new Set<YamlNode>();

  const skipInvalid = (node: YamlNode, shown: string, detail: string): void => {
    const line = positions.line(node.range?.[0] ?? 0);
    into.skipped.push({ file, line, reason: 'invalid-reference', text: shown, detail });
  };
  // The first source line of a node: enough to recognise it without quoting a whole mapping.
  const firstLine = (node: YamlNode): string =>
    text
      .slice(node.range?.[0] ?? 0, node.range?.[1] ?? 0)
      .split(/\r?\n/)[0]
      ?.trim() ?? '';

  const image = (node: YamlNode | undefined, options: ImageSiteOptions = {}): void => {
    if (node === undefined || reported.has(node)) return;
    reported.add(node);
    if (!isScalar(node)) {
      skipInvalid(node, firstLine(node), `expected an image string, found a ${isSeq(node) ? 'list' : 'mapping'}`);
      return;
    }
    // `image:` or `image: ""` names no image, so there is nothing to pin or to skip.
    if (node.value === null || node.value === '') return;
    if (typeof node.value !== 'string') {
      skipInvalid(node, firstLine(node), `expected an image string, found a ${typeof node.value}`);
      return;
    }

    const selection = (options.select ?? WHOLE_VALUE)(node.value);
    if (selection.kind === 'not-image') return;
    const located = locateScalar(node, node.value, text);
    if (!located.exact) {
      skipInvalid(node, located.text, located.detail);
      return;
    }
    const whole = selection.offset === 0 && selection.length === located.value.length;
    const outcome = classifyCandidate(
      {
        file,
        kind,
        value: located.value.slice(selection.offset, selection.offset + selection.length),
        start: located.start + selection.offset,
        platform: options.platform ?? null,
        ...(whole ? {} : { context: located.value }),
      },
      positions,
    );
    collect(outcome, into);
  };

  const assembled = (block: YamlNode, parts: AssembledImage): void => {
    if (reported.has(block)) return;
    reported.add(block);
    // A skipped block shows the reference its fields make up (`nginx:1.27`), as users would write it.
    const { value, start, digestStart, tagStart, insertion } = parts;
    const split = { digestStart, tagStart, ...(insertion === undefined ? {} : { insertion }) };
    collect(classifyCandidate({ file, kind, value, start, platform: null, split }, positions), into);
  };
  const invalid = (block: YamlNode, detail: string): void => {
    if (reported.has(block)) return;
    reported.add(block);
    skipInvalid(block, firstLine(block), detail);
  };
  const field = (node: YamlNode | undefined): FieldValue => readField(node, text);

  const walkProblems: ScanProblem[] = [];
  for (const document of documents) {
    try {
      visit({ walk: new NodeWalker(document, text.length), image, assembled, invalid, field, firstLine, text });
    } catch (error) {
      // What was found before the limit stands; the rest of this document is not read.
      if (!(error instanceof WalkLimitError)) throw error;
      const line = positions.line(document.contents?.range?.[0] ?? 0);
      walkProblems.push({ file, line, message: `YAML too complex to follow: ${error.message}; the rest of this document was not scanned` });
    }
  }
  // Blocks that share fields through merge keys (`<<: *base`) share their digest's bytes: one
  // reference for them, or none when they make different images of it (issue 11).
  const found = oneReferencePerDigest({ ...into, problems: [...problems, ...walkProblems] }, file);
  // Visiting follows each format's structure; reports follow the file, top to bottom.
  return {
    references: found.references.sort((a, b) => a.digestStart - b.digestStart),
    unpinned: found.unpinned.sort((a, b) => a.insertion.start - b.insertion.start),
    skipped: found.skipped.sort((a, b) => a.line - b.line),
    problems: found.problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
  };
}
