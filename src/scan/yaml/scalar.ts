import type { Scalar } from 'yaml';

/** Where a scalar's string value stands in the source text, or why it cannot be pointed at. */
export type ScalarLocation =
  | { readonly exact: true; readonly value: string; readonly start: number }
  | { readonly exact: false; readonly text: string; readonly detail: string };

/**
 * Finds a string scalar's value in the original text. An offset is given only when the
 * characters in the file are exactly the parsed value (a single-line plain scalar, or a quoted
 * one without escapes or line folding): anything else would need a mapping from value to source
 * positions, and a wrong offset would later rewrite the wrong bytes.
 */
export function locateScalar(node: Scalar, value: string, text: string): ScalarLocation {
  // Every node of a parsed document has a range; a built one would not, and has no place in the text.
  if (!node.range) return { exact: false, text: value, detail: 'the image value has no position in the file' };
  const [start, end] = node.range;
  const source = text.slice(start, end);
  // A skipped value is shown as parsed (no quotes, escapes or block indicators), as users read it.
  const inexact = (detail: string): ScalarLocation => ({ exact: false, text: value.trim(), detail });

  switch (node.type) {
    case 'PLAIN':
      return source === value ? { exact: true, value, start } : inexact('the image value is folded over several lines');
    case 'QUOTE_SINGLE':
    case 'QUOTE_DOUBLE': {
      const inner = source.slice(1, -1);
      if (inner === value) return { exact: true, value, start: start + 1 };
      return inexact(
        node.type === 'QUOTE_DOUBLE'
          ? 'the image value is double-quoted with escape sequences or line breaks'
          : 'the image value is single-quoted with escaped quotes or line breaks',
      );
    }
    case 'BLOCK_FOLDED':
    case 'BLOCK_LITERAL': {
      const line = blockLine(source, value);
      if (line !== undefined) return { exact: true, value, start: start + line };
      return inexact('the image value is a block scalar (| or >); only single-line values are read');
    }
    default:
      return inexact('the image value is a block scalar (| or >); only single-line values are read');
  }
}

/**
 * `image: >-` (or `|-`) over one line: the strip indicator leaves no line break, so the value is
 * exactly that line's text after its indentation, and a common way to keep long pins readable.
 * Returns the value's offset in `source` (which starts at the block header), or undefined when
 * the value is not one such line: a kept line break, several lines, or no unique match.
 */
function blockLine(source: string, value: string): number | undefined {
  if (value === '' || value.includes('\n')) return undefined;
  const header = source.indexOf('\n');
  if (header === -1) return undefined;
  const at = source.indexOf(value, header + 1);
  if (at === -1 || source.indexOf(value, at + 1) !== -1) return undefined;
  const lineStart = source.lastIndexOf('\n', at) + 1;
  const after = source.slice(at + value.length);
  const indentedOnly = /^[ ]*$/.test(source.slice(lineStart, at));
  return indentedOnly && /^\r?(?:\n|$)/.test(after) ? at : undefined;
}
