import { describe, expect, it } from '@jest/globals';
import { Parser } from 'yaml';
import { CstParser, usingNodeBuildParser } from '../../../src/scan/yaml/cst-parser.js';

const tokens = (parser: typeof Parser, text: string): unknown[] => {
  const lines: number[] = [];
  const all: unknown[] = [...new parser((offset) => lines.push(offset)).parse(text)];
  return [all, lines];
};

describe('the CST parser the scanners use', () => {
  it('is the yaml package’s ES module build, without the per-token environment lookup', () => {
    // Losing it keeps every scan correct but 15% slower (`npm run bench -- scan`).
    expect(usingNodeBuildParser()).toBe(false);
    expect(CstParser).not.toBe(Parser);
  });

  it.each([
    [
      'a manifest stream with CRLF line ends',
      'apiVersion: v1\r\nkind: Pod\r\nspec:\r\n  containers:\r\n    - image: "nginx:1.27@sha256:' +
        'a'.repeat(64) +
        '"\r\n---\r\nkind: List\r\n',
    ],
    [
      'a BOM, anchors, merge keys and flow collections',
      '\uFEFFbase: &b { repository: bitnami/nginx, tag: "1.27" }\nimage:\n  <<: *b\n  digest: ""\n',
    ],
    ['block scalars and comments', 'run: |\n  docker pull redis:7.4\n# image: not-this\nargs: >-\n  --a\n  --b\n...\n'],
    ['malformed YAML', 'services:\n  app:\n    image: [unclosed\n  db: {a: 1\n\t- x\n"unterminated\n'],
    ['a stray directive and an empty stream', '%YAML 1.2\n'],
  ])('reads %s into the same tokens and line starts as the Node build', (_name, text) => {
    expect(tokens(CstParser, text)).toEqual(tokens(Parser, text));
  });
});
