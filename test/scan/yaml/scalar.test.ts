import { describe, expect, it } from '@jest/globals';
import { isMap, isScalar, parseDocument, type Scalar } from 'yaml';
import { locateScalar } from '../../../src/scan/yaml/scalar.js';

/** The scalar under `key` in a one-mapping document. */
function scalarAt(text: string, key: string): Scalar & { value: string } {
  const root = parseDocument(text).contents;
  const value = isMap(root) ? root.get(key, true) : undefined;
  if (!isScalar(value) || typeof value.value !== 'string') throw new Error(`test setup: no string at ${key}`);
  return value as Scalar & { value: string };
}

describe('locateScalar', () => {
  const text = '\uFEFFplain: ghcr.io/a:1   # note\r\nsingle: \'ghcr.io/b:2\'\r\ndouble: "ghcr.io/c:3"\n';

  it.each([
    ['plain', 'ghcr.io/a:1', 8],
    ['single', 'ghcr.io/b:2', 39],
    ['double', 'ghcr.io/c:3', 62],
  ])('points at a %s scalar exactly, after any quote', (key, value, start) => {
    const location = locateScalar(scalarAt(text, key), value, text);
    expect(location).toEqual({ exact: true, value, start });
    expect(text.slice(start, start + value.length)).toBe(value);
  });

  it.each([
    ['a folded block', 'v: >-\n  ghcr.io/a:1\n', 8],
    ['a literal block with CRLF and a comment', 'v: |-  # pinned\r\n    ghcr.io/a:1\r\nw: 1\n', 21],
    ['an indentation indicator', 'v: >2-\n     ghcr.io/a:1\n', 9],
  ])('points at the one line of a stripped block scalar (%s)', (_name, source, start) => {
    const node = scalarAt(source, 'v');
    const location = locateScalar(node, node.value, source);
    expect(location).toEqual({ exact: true, value: node.value, start });
    expect(source.slice(start, start + node.value.length)).toBe(node.value);
  });

  it.each([
    ['double-quoted escapes', 'v: "a\\x3a1"\n', 'the image value is double-quoted with escape sequences or line breaks'],
    ['a double-quoted line break', 'v: "a:1\n  @b"\n', 'the image value is double-quoted with escape sequences or line breaks'],
    ['an escaped single quote', "v: 'it''s'\n", 'the image value is single-quoted with escaped quotes or line breaks'],
    ['a folded plain scalar', 'v: a:1\n  @b\n', 'the image value is folded over several lines'],
    ['a literal block', 'v: |\n  a:1\n', 'the image value is a block scalar (| or >); only single-line values are read'],
    [
      'a folded block over two lines',
      'v: >-\n  a:1\n  @b\n',
      'the image value is a block scalar (| or >); only single-line values are read',
    ],
    [
      'a folded block that keeps its line break',
      'v: >\n  a:1\n',
      'the image value is a block scalar (| or >); only single-line values are read',
    ],
  ])('refuses %s, whose text is not its value', (_name, source, detail) => {
    const node = scalarAt(source, 'v');
    expect(locateScalar(node, node.value, source)).toEqual({ exact: false, text: node.value.trim(), detail });
  });
});
