import fc from 'fast-check';
import type { PrMarker, ProposedUpdate } from '../../src/pr/types.js';

const chars = (text: string): fc.Arbitrary<string> => fc.constantFrom(...Array.from(text));
const hex = (length: number): fc.Arbitrary<string> => fc.string({ unit: chars('0123456789abcdef'), minLength: length, maxLength: length });

/**
 * Non-empty strings meant to break things: comment terminators, markdown table and code
 * syntax, line breaks, a lone surrogate, astral characters, and arbitrary code points.
 */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  fc.string({ unit: chars('-><!`|\\\n\r\t" @#[]()*_éß🐳\u2028\u0000\ud800'), minLength: 1, maxLength: 24 }),
  fc.constantFrom('-->', '--!>', '<!-- pinbot:marker e30 -->', '`|`', 'a|b', '``` | ```', '@acme/platform', '\ud83d'),
);

export const objectId: fc.Arbitrary<string> = fc.oneof(hex(40), hex(64));
export const digest: fc.Arbitrary<string> = fc.oneof(
  hex(64).map((value) => `sha256:${value}`),
  hex(128).map((value) => `sha512:${value}`),
);

export const proposedUpdate: fc.Arbitrary<ProposedUpdate> = fc.record({
  file: hostileText,
  line: fc.integer({ min: 1, max: 1_000_000 }),
  image: hostileText,
  displayName: hostileText,
  tag: hostileText,
  from: fc.option(digest, { nil: null }),
  to: digest,
  platform: fc.option(hostileText, { nil: null }),
});

export const prMarker: fc.Arbitrary<PrMarker> = fc.record({
  version: fc.constant(1 as const),
  branch: hostileText,
  baseSha: objectId,
  headSha: objectId,
  updates: fc.array(proposedUpdate, { maxLength: 5 }),
  omittedWorkflowFiles: fc.array(hostileText, { maxLength: 3 }),
  humanCommitNotified: fc.option(objectId, { nil: null }),
});
