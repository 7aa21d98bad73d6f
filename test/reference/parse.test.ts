import { describe, expect, it } from '@jest/globals';
import { parseImageReference } from '../../src/reference/parse.js';
import type { ParseCase } from './distribution-cases.js';
import {
  INVALID_NAMES,
  NAME_CASES,
  NORMALIZED_CASES,
  REFERENCE_PARSE_CASES,
  REPOSITORY_INFO_CASES,
  VALID_NAMES,
  WITH_NAME_FAILURES,
} from './distribution-cases.js';

/** Checks one ported case: either the exact canonical parts, or the exact error code. */
function expectCase(testCase: ParseCase): void {
  const result = parseImageReference(testCase.input);
  if ('error' in testCase) {
    expect(result.ok ? 'parsed' : result.error.code).toBe(testCase.error);
    return;
  }
  if (!result.ok) {
    throw new Error(`expected ${JSON.stringify(testCase.input)} to parse, got: ${result.error.message}`);
  }
  const { reference } = result;
  expect({
    registry: reference.registry,
    repository: reference.repository,
    name: reference.name,
    tag: reference.tag,
    digest: reference.digest,
    original: reference.original,
  }).toEqual({
    registry: testCase.registry,
    repository: testCase.repository,
    name: `${testCase.registry}/${testCase.repository}`,
    tag: testCase.tag,
    digest: testCase.digest,
    original: testCase.input,
  });
}

/** Jest titles get unwieldy for the 250-character cases, so long inputs are shortened there. */
const title = (input: string): string => (input.length > 70 ? `${input.slice(0, 60)}… (${input.length} chars)` : input);
const titled = <T extends { input: string }>(cases: readonly T[]): [string, T][] =>
  cases.map((testCase) => [title(testCase.input), testCase]);

describe('distribution/reference reference_test.go', () => {
  it.each(titled(REFERENCE_PARSE_CASES))('TestReferenceParse %s', (_title, testCase) => expectCase(testCase));
  it.each(titled(WITH_NAME_FAILURES))('TestWithNameFailure %s', (_title, testCase) => expectCase(testCase));
  it.each(titled(NAME_CASES))('names, tags and digests %s', (_title, testCase) => expectCase(testCase));
});

describe('distribution/reference normalize_test.go', () => {
  it.each(VALID_NAMES)('accepts %s', (input) => {
    const result = parseImageReference(input);
    expect(result.ok ? 'parsed' : result.error.message).toBe('parsed');
  });

  it.each(titled(INVALID_NAMES))('rejects %s', (_title, testCase) => expectCase(testCase));

  it.each(REPOSITORY_INFO_CASES.flatMap((info) => info.spellings.map((spelling) => [spelling, info] as const)))(
    'TestParseRepositoryInfo %s',
    (spelling, info) => {
      expectCase({ input: spelling, registry: info.registry, repository: info.repository });
    },
  );

  it.each(titled(NORMALIZED_CASES))('normalises %s', (_title, testCase) => expectCase(testCase));
});
