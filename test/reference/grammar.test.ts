import { describe, expect, it } from '@jest/globals';
import {
  DIGEST_REGEXP,
  DOMAIN_REGEXP,
  IDENTIFIER_REGEXP,
  NAME_REGEXP,
  PATH_REGEXP,
  REFERENCE_REGEXP,
  TAG_REGEXP,
  anchored,
  anyTimes,
  capture,
  literal,
  oneOf,
  optional,
} from '../../src/reference/grammar.js';
import { parseImageReference } from '../../src/reference/parse.js';
import type { MatchCase } from './distribution-regexp-cases.js';
import { DOMAIN_MATCH_CASES, IDENTIFIER_MATCH_CASES, NAME_MATCH_CASES, REFERENCE_MATCH_CASES } from './distribution-regexp-cases.js';

/** Mirrors upstream's checkRegexp: whole-input match, then each capture ('' when a group is unset). */
function expectMatch(regexp: RegExp, testCase: MatchCase): void {
  const match = regexp.exec(testCase.input);
  if (!testCase.match) {
    expect(match).toBeNull();
    return;
  }
  expect(match).not.toBeNull();
  expect(match?.[0]).toBe(testCase.input);
  if (testCase.subs !== undefined) {
    expect(match?.slice(1).map((group) => group ?? '')).toEqual(testCase.subs);
  }
}

describe('grammar helpers', () => {
  it('compose non-capturing groups, captures, alternation and anchors', () => {
    expect(optional('a', 'b')).toBe('(?:ab)?');
    expect(anyTimes('a', 'b')).toBe('(?:ab)*');
    expect(capture('a', 'b')).toBe('(ab)');
    expect(oneOf('a', 'b')).toBe('(?:a|b)');
    expect(anchored('a', 'b')).toBe('^ab$');
  });

  it('escapes metacharacters so literals match themselves', () => {
    const special = '.[]()*+?^$|{}\\';
    expect(new RegExp(anchored(literal(special))).test(special)).toBe(true);
    expect(new RegExp(anchored(literal('.'))).test('x')).toBe(false);
  });
});

describe('distribution/reference regexp_test.go tables', () => {
  it('has the capture groups upstream has', () => {
    expect(NAME_REGEXP.exec('a')?.length).toBe(3);
    expect(REFERENCE_REGEXP.exec('a')?.length).toBe(4);
  });

  it.each(DOMAIN_MATCH_CASES)('domain $input → $match', (testCase) => {
    expectMatch(DOMAIN_REGEXP, testCase);
  });

  it.each(NAME_MATCH_CASES)('name $input → $match', (testCase) => {
    expectMatch(NAME_REGEXP, testCase);
  });

  it.each(REFERENCE_MATCH_CASES)('reference $input → $match', (testCase) => {
    expectMatch(REFERENCE_REGEXP, testCase);
  });

  it.each(IDENTIFIER_MATCH_CASES)('identifier $input → $match', (testCase) => {
    expectMatch(IDENTIFIER_REGEXP, testCase);
  });
});

describe('tag and digest productions', () => {
  it('allows tags of 1 to 128 word characters, dots and dashes, not leading with . or -', () => {
    expect(TAG_REGEXP.test('a')).toBe(true);
    expect(TAG_REGEXP.test('_')).toBe(true);
    expect(TAG_REGEXP.test(`v${'1'.repeat(127)}`)).toBe(true);
    expect(TAG_REGEXP.test(`v${'1'.repeat(128)}`)).toBe(false);
    expect(TAG_REGEXP.test('.hidden')).toBe(false);
    expect(TAG_REGEXP.test('-rc1')).toBe(false);
    expect(TAG_REGEXP.test('1.0+build')).toBe(false);
  });

  it('captures the algorithm and hex of a digest, with at least 32 hex characters', () => {
    expect(DIGEST_REGEXP.exec(`sha256+b64u.v2:${'A'.repeat(32)}`)?.slice(1)).toEqual(['sha256+b64u.v2', 'A'.repeat(32)]);
    expect(DIGEST_REGEXP.test(`sha256:${'a'.repeat(31)}`)).toBe(false);
    expect(DIGEST_REGEXP.test(`2sha:${'a'.repeat(32)}`)).toBe(false);
    expect(DIGEST_REGEXP.test(`sha256:${'g'.repeat(32)}`)).toBe(false);
  });
});

/**
 * Backtracking regexes can take exponential or quadratic time on crafted input. These 100 KB
 * inputs each target one repetition of the grammar and end in a character that forces a full
 * failure. Linear matching finishes in milliseconds; a quadratic pattern would need about 10^10
 * steps and an exponential one would never finish, so such a regression hangs this test until
 * Jest's timeout stops it. No timer is asserted here: tests never fail on timing alone.
 */
describe('hostile input', () => {
  const size = 100_000;
  const half = size / 2;
  const hostile: Record<string, string> = {
    'one long component': `${'a'.repeat(size)}!`,
    'dash separators': `${'a-'.repeat(half)}!`,
    'a long dash run': `a${'-'.repeat(size)}!`,
    'dot and underscore separators': `${'a._'.repeat(size / 3)}!`,
    'underscore runs': `${'a__'.repeat(size / 3)}_!`,
    'many path components': `${'a/'.repeat(half)}!`,
    'many domain labels': `${'a.'.repeat(half)}a:1/!`,
    'dashed domain labels': `${'a-a.'.repeat(size / 4)}/a!`,
    'long port': `a.b:${'1'.repeat(size)}x/a`,
    'long IPv6 host': `[${':'.repeat(size)}/a`,
    'long tag-like tail': `a:${'z'.repeat(size)}`,
    'long digest algorithm': `a@${'a'.repeat(size)}!`,
    'many algorithm components': `a@${'a+'.repeat(half)}:${'f'.repeat(64)}`,
    'long digest hex': `a@sha256:${'f'.repeat(size)}!`,
    'uppercase everywhere': `${'A/'.repeat(half)}A`,
    'alternating colons and slashes': `${'a:/'.repeat(size / 3)}!`,
  };
  const regexps = { REFERENCE_REGEXP, NAME_REGEXP, DOMAIN_REGEXP, PATH_REGEXP, TAG_REGEXP, DIGEST_REGEXP };

  it.each(Object.entries(hostile))('%s: every production fails fast', (_label, input) => {
    for (const regexp of Object.values(regexps)) {
      expect(regexp.test(input)).toBe(false);
    }
    expect(parseImageReference(input).ok).toBe(false);
  });
});
