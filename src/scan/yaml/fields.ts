import { isScalar, isSeq } from 'yaml';
import type { YamlNode } from './nodes.js';
import { locateScalar } from './scalar.js';

/** A string field of a split image shape (a kustomize `newTag`, a Helm `digest`), as written. */
export type FieldValue =
  /** Missing, `null` or `""`: the field says nothing. */
  | { readonly kind: 'absent' }
  /** The value and the offset of its first character in the text: the characters there are exactly the value. */
  | { readonly kind: 'exact'; readonly value: string; readonly start: number }
  /** A value whose characters in the file differ from it (escapes, folding): readable, but not in place. */
  | { readonly kind: 'inexact'; readonly value: string; readonly detail: string }
  /** A list, a mapping or a boolean where a string belongs. */
  | { readonly kind: 'not-text'; readonly detail: string };

const ABSENT: FieldValue = { kind: 'absent' };

/**
 * Reads a field of an image block. A plain number (`tag: 1.25`) is read as written, not as the
 * number YAML makes of it (`1.10` would become `1.1`): the text is what the user means by the tag.
 */
export function readField(node: YamlNode | undefined, text: string): FieldValue {
  if (node === undefined) return ABSENT;
  if (!isScalar(node)) return { kind: 'not-text', detail: `expected a string, found a ${isSeq(node) ? 'list' : 'mapping'}` };
  const value: unknown = node.value;
  if (value === null || value === '') return ABSENT;
  if (typeof value === 'string') {
    const located = locateScalar(node, value, text);
    return located.exact ? { kind: 'exact', value, start: located.start } : { kind: 'inexact', value, detail: located.detail };
  }
  if (typeof value === 'number' && node.type === 'PLAIN' && node.range) {
    const [start, end] = node.range;
    return { kind: 'exact', value: text.slice(start, end), start };
  }
  return { kind: 'not-text', detail: `expected a string, found a ${typeof value}` };
}
