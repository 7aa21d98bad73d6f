import { isMap, isPair, isScalar } from 'yaml';
import type { SplitPlaces } from '../candidate.js';
import type { YamlNode } from './nodes.js';

/** Where `pin` writes the digest of an unpinned split shape, and what goes around it. */
export type Insertion = NonNullable<SplitPlaces['insertion']>;

/**
 * `digest: ""` (Bitnami's default) or `digest: ''`: the digest goes between the quotes, and
 * nothing else changes. Any other empty spelling (`digest:`, `~`, `null`) would have to be
 * replaced, not filled in: not pinnable.
 */
export function intoEmptyField(node: YamlNode | undefined, text: string): Insertion | undefined {
  if (!isScalar(node) || node.value !== '' || node.range === undefined || node.range === null) return undefined;
  const [start, end] = node.range;
  const written = text.slice(start, end);
  return written === '""' || written === "''" ? { start: start + 1, prefix: '', suffix: '' } : undefined;
}

/** Blanks or a comment, and nothing else, after the tag on its line. */
const REST_OF_LINE = /^[ \t]*(?:#[^\r\n]*)?$/;
/** What may stand before a block mapping's key on its line: indentation and sequence dashes. */
const LEAD = /^[ -]*$/;

/**
 * A new `digest:` key right after the tag's (kustomize's `digest` field, issue 11): in a flow
 * mapping `, digest: sha256:…` just after the tag; in a block mapping a line of its own below the
 * tag's, at the tag key's column, with the tag line's line ending. Only when the tag's key and
 * value are written in `block` itself (not merged in from elsewhere), on one line, followed by
 * nothing but a comment; otherwise the shape is not pinnable rather than guessed at.
 */
export function newFieldAfter(block: YamlNode, tagKey: string, text: string): Insertion | undefined {
  if (!isMap(block)) return undefined;
  const pair = block.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === tagKey);
  if (pair === undefined || !isScalar(pair.key) || !isScalar(pair.value)) return undefined;
  const keyRange = pair.key.range;
  const valueRange = pair.value.range;
  if (!keyRange || !valueRange) return undefined;
  const [keyStart] = keyRange;
  const [, valueEnd] = valueRange;
  if (text.slice(keyStart, valueEnd).includes('\n')) return undefined;
  if (block.flow === true) return { start: valueEnd, prefix: ', digest: ', suffix: '' };
  const lead = text.slice(text.lastIndexOf('\n', keyStart - 1) + 1, keyStart);
  if (!LEAD.test(lead)) return undefined;
  let lineEnd = text.indexOf('\n', valueEnd);
  let eol = '\n';
  if (lineEnd === -1) {
    lineEnd = text.length;
    eol = text.includes('\r\n') ? '\r\n' : '\n';
  } else if (text.charAt(lineEnd - 1) === '\r') {
    lineEnd -= 1;
    eol = '\r\n';
  }
  if (!REST_OF_LINE.test(text.slice(valueEnd, lineEnd))) return undefined;
  return { start: lineEnd, prefix: `${eol}${' '.repeat(lead.length)}digest: `, suffix: '' };
}
