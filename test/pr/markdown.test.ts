import { describe, expect, it } from '@jest/globals';
import { codeCell, codeSpan, count, shortDigest, table } from '../../src/pr/markdown.js';
import { visible } from '../../src/text/safe-text.js';

describe('codeSpan', () => {
  it.each([
    ['Dockerfile', '`Dockerfile`'],
    ['a`b', '``a`b``'],
    ['a``b`c', '```a``b`c```'],
    ['`edge', '`` `edge ``'],
    ['edge`', '`` edge` ``'],
    [' both ', '`  both  `'],
    [' left', '` left`'],
    ['', ''],
  ])('fences %j as %j', (text, markdown) => {
    expect(codeSpan(text)).toBe(markdown);
  });
});

describe('codeCell', () => {
  it.each([
    ['a|b', '`a\\|b`'],
    // A backslash of the file's own before a pipe: three in total, so the pipe stays escaped.
    ['a\\|b', '`a\\\\\\|b`'],
    ['a\\\\|b', '`a\\\\\\|b`'],
    ['no pipes\\', '`no pipes\\`'],
  ])('escapes every pipe in %j', (text, markdown) => {
    expect(codeCell(text)).toBe(markdown);
  });
});

describe('visible', () => {
  it('shows control characters as escapes so a row stays on one line', () => {
    expect(visible('a\nb\r\tc\u0000\u007f')).toBe('a\\nb\\r\\tc\\u0000\\u007f');
  });
});

describe('small helpers', () => {
  it('shortens digests to twelve hex digits', () => {
    expect(shortDigest('sha256:0d4b1d6f3f3b6c2b5d8e1f0a9c7b6a5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b')).toBe('sha256:0d4b1d6f3f3b');
    expect(shortDigest('sha512:abcdef0123456789', 7)).toBe('sha512:abcdef0');
  });

  it('counts with plurals', () => {
    expect(count(1, 'file')).toBe('1 file');
    expect(count(0, 'file')).toBe('0 files');
    expect(count(2, 'entry', 'entries')).toBe('2 entries');
  });

  it('lays out a GFM table', () => {
    expect(table(['A', 'B'], [['1', '2']])).toBe('| A | B |\n| --- | --- |\n| 1 | 2 |');
  });
});
