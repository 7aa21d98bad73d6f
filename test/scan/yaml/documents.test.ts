import { describe, expect, it } from '@jest/globals';
import { isMap, isScalar } from 'yaml';
import { TextPositions } from '../../../src/scan/text-position.js';
import { parseYamlDocuments } from '../../../src/scan/yaml/documents.js';

const parse = (text: string) => parseYamlDocuments('f.yaml', text, new TextPositions(text));

describe('parseYamlDocuments', () => {
  it('returns every well-formed document and no problems', () => {
    const { documents, problems } = parse('a: 1\n---\nb: 2\n...\n---\nc: 3\n');
    expect(documents.map((document) => document.toJS())).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }]);
    expect(problems).toEqual([]);
  });

  it('leaves out a malformed document with one problem for it (its first error), keeping its neighbours', () => {
    const { documents, problems } = parse('ok: 1\n---\na: b: c\nx: [\n---\nalso: ok\n');
    expect(documents.map((document) => document.toJS())).toEqual([{ ok: 1 }, { also: 'ok' }]);
    expect(problems).toEqual([
      { file: 'f.yaml', line: 3, message: 'malformed YAML (document 2, column 4): Nested mappings are not allowed in compact mappings' },
    ]);
  });

  it('reports duplicate keys, which YAML forbids and consumers resolve differently', () => {
    const { documents, problems } = parse('image: a\nimage: b\n');
    expect(documents).toEqual([]);
    expect(problems).toEqual([{ file: 'f.yaml', line: 2, message: 'malformed YAML (document 1, column 1): Map keys must be unique' }]);
  });

  it('reports an error of a stream that has no document', () => {
    expect(parse('%TAG\n')).toEqual({
      documents: [],
      problems: [{ file: 'f.yaml', line: 1, message: 'malformed YAML (column 1): %TAG directive should contain exactly two parts' }],
    });
  });

  it('returns nothing for an empty or comment-only stream', () => {
    expect(parse('')).toEqual({ documents: [], problems: [] });
    expect(parse('# nothing here\n')).toEqual({ documents: [], problems: [] });
  });

  it('gives node ranges that index into the exact text, BOM and CRLF included', () => {
    const text = '\uFEFFfirst: 1\r\nsecond: two\r\n';
    const [document] = parse(text).documents;
    const root = document?.contents;
    if (!isMap(root)) throw new Error('expected a mapping');
    const second = root.items[1]?.value;
    if (!isScalar(second) || !second.range) throw new Error('expected a scalar with a range');
    expect(text.slice(second.range[0], second.range[1])).toBe('two');
    expect(second.range[0]).toBe(19);
  });
});
