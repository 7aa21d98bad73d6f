import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { quote } from '../../src/reference/errors.js';
import { formatReference } from '../../src/reference/format.js';
import { DOMAIN_REGEXP, IDENTIFIER_REGEXP, PATH_COMPONENT_REGEXP, REFERENCE_REGEXP } from '../../src/reference/grammar.js';
import { parseImageReference } from '../../src/reference/parse.js';
import type { ReferenceErrorCode } from '../../src/reference/types.js';

const RUNS = { numRuns: 1500 };
const HUB_SPELLINGS = ['docker.io', 'index.docker.io', 'registry-1.docker.io'];

const chars = (text: string): fc.Arbitrary<string> => fc.constantFrom(...text.split(''));
const run = (unit: fc.Arbitrary<string>, minLength: number, maxLength: number): fc.Arbitrary<string> =>
  fc.string({ unit, minLength, maxLength });

const lowerAlnum = chars('abcdefghijklmnopqrstuvwxyz0123456789');
const hexLower = chars('0123456789abcdef');
const wordChar = chars('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_');

const pathComponent = fc
  .tuple(run(lowerAlnum, 1, 8), fc.array(fc.tuple(fc.constantFrom('.', '_', '__', '-', '--'), run(lowerAlnum, 1, 8)), { maxLength: 3 }))
  .map(([head, rest]) => head + rest.map(([separator, text]) => separator + text).join(''));
const path = fc.array(pathComponent, { minLength: 1, maxLength: 4 }).map((components) => components.join('/'));

const label = fc
  .tuple(chars('abcxyzABC019'), run(chars('abcxyzABC019-'), 0, 6), chars('abcxyzABC019'))
  .map(([first, middle, last]) => first + middle + last);
const port = fc.integer({ min: 1, max: 65535 }).map((value) => `:${value}`);
const optionalPort = fc.option(port, { nil: '' });
const ipv6 = fc
  .array(run(hexLower, 1, 4), { minLength: 2, maxLength: 8 })
  // Real IPv6 text always has a colon, which is also what marks `[…]` as a host when normalising.
  .chain((groups) => fc.constantFrom(`[${groups.join(':')}]`, `[${groups.join('::')}]`, `[::${groups.join(':')}]`));

/** Only registries the normalisation rule recognises as hosts (dot, port, localhost or brackets). */
const registryHost = fc
  .oneof(
    fc.tuple(
      fc.array(label, { minLength: 2, maxLength: 4 }).map((labels) => labels.join('.')),
      optionalPort,
    ),
    fc.tuple(fc.constant('localhost'), optionalPort),
    fc.tuple(ipv6, optionalPort),
    fc.tuple(label, port),
  )
  .map(([host, suffix]) => host + suffix);
const domain = fc.option(fc.oneof(registryHost, fc.constantFrom(...HUB_SPELLINGS)), { nil: undefined });

const tag = fc.option(
  fc.tuple(wordChar, run(fc.oneof(wordChar, chars('.-')), 0, 20)).map(([a, b]) => a + b),
  { nil: undefined },
);
const digest = fc.option(
  fc.oneof(
    run(hexLower, 64, 64).map((hex) => `sha256:${hex}`),
    run(hexLower, 128, 128).map((hex) => `sha512:${hex}`),
    run(hexLower, 32, 70).map((hex) => `blake3:${hex}`),
  ),
  { nil: undefined },
);

/** A valid reference plus what it must parse to, worked out from how it was generated. */
const validReference = fc
  .record({ domain, path, tag, digest })
  // Without a registry, a dotted first component of a multi-part path would itself be a host.
  .filter((parts) => parts.domain !== undefined || !parts.path.split('/')[0]?.includes('.') || !parts.path.includes('/'))
  .map((parts) => {
    const name = parts.domain === undefined ? parts.path : `${parts.domain}/${parts.path}`;
    const registry = parts.domain === undefined || HUB_SPELLINGS.includes(parts.domain) ? 'docker.io' : parts.domain;
    const repository = registry === 'docker.io' && !parts.path.includes('/') ? `library/${parts.path}` : parts.path;
    const text = name + (parts.tag === undefined ? '' : `:${parts.tag}`) + (parts.digest === undefined ? '' : `@${parts.digest}`);
    return { text, name, registry, repository, tag: parts.tag, digest: parts.digest };
  });

describe('generated valid references', () => {
  it('parse to the expected canonical parts and format back to the exact input', () => {
    fc.assert(
      fc.property(validReference, (expected) => {
        expect(REFERENCE_REGEXP.test(expected.text)).toBe(true);
        const result = parseImageReference(expected.text);
        if (!result.ok) {
          throw new Error(result.error.message);
        }
        const reference = result.reference;
        expect(reference).toEqual({
          original: expected.text,
          originalName: expected.name,
          registry: expected.registry,
          repository: expected.repository,
          name: `${expected.registry}/${expected.repository}`,
          tag: expected.tag,
          digest: expected.digest,
          digestAlgorithm: expected.digest?.split(':')[0],
        });
        expect(formatReference(reference)).toBe(expected.text);
      }),
      RUNS,
    );
  });

  it('format to a canonical form that parses to the same reference and is a fixed point', () => {
    fc.assert(
      fc.property(validReference, ({ text }) => {
        const first = parseImageReference(text);
        if (!first.ok) {
          throw new Error(first.error.message);
        }
        const canonical = formatReference(first.reference, 'canonical');
        const again = parseImageReference(canonical);
        if (!again.ok) {
          throw new Error(again.error.message);
        }
        const { registry, repository, name, tag, digest } = first.reference;
        expect(again.reference).toMatchObject({ registry, repository, name, tag, digest });
        expect(formatReference(again.reference, 'canonical')).toBe(canonical);
      }),
      RUNS,
    );
  });
});

const CODES: readonly ReferenceErrorCode[] = [
  'empty',
  'invalid-format',
  'name-too-long',
  'uppercase-repository',
  'invalid-tag',
  'invalid-digest',
];

/** Strings built from the grammar's own punctuation and tokens, so many are nearly valid. */
const nearlyValid = fc
  .array(
    fc.oneof(
      chars('aAz09._-/:@[]%+~ '),
      fc.constantFrom('localhost', 'docker.io/', 'ghcr.io', ':5000', '__', '--', 'sha256:', 'f'.repeat(32), 'f'.repeat(64)),
    ),
    { maxLength: 24 },
  )
  .map((tokens) => tokens.join(''));

const anyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  nearlyValid,
);

describe('arbitrary input', () => {
  it('never throws, and every failure has a known code and a message quoting the input', () => {
    fc.assert(
      fc.property(anyString, (text) => {
        const result = parseImageReference(text);
        if (result.ok) {
          expect(result.reference.original).toBe(text);
          return;
        }
        expect(CODES).toContain(result.error.code);
        expect(result.error.message.startsWith(`${quote(text)} is not a valid image reference: `)).toBe(true);
      }),
      RUNS,
    );
  });

  /**
   * The parser splits and checks parts on its own, so this ties it to the composed regex: it never
   * accepts what the grammar rejects, and it rejects grammar-valid text only for normalisation
   * reasons (image IDs, hosts that fail the host grammar, sha256 form, path length).
   */
  it('agrees with the composed reference grammar', () => {
    fc.assert(
      fc.property(nearlyValid, (text) => {
        const result = parseImageReference(text);
        const grammatical = REFERENCE_REGEXP.exec(text);
        if (result.ok) {
          expect(grammatical).not.toBeNull();
          return;
        }
        if (grammatical === null) {
          return;
        }
        const [, name = '', , digest] = grammatical;
        const slash = name.indexOf('/');
        const first = name.slice(0, slash);
        const hostLike = slash >= 0 && (first === 'localhost' || /[.:A-Z]/.test(first));
        const explained =
          IDENTIFIER_REGEXP.test(text) ||
          (hostLike && !DOMAIN_REGEXP.test(first)) ||
          // Docker takes a first component without '.', ':' or capitals (and not localhost) for a
          // path, not a host, so a bracketed "[ffff]" the host grammar allows is a bad path component.
          (slash >= 0 && !hostLike && !PATH_COMPONENT_REGEXP.test(first)) ||
          (digest?.startsWith('sha256:') === true && !/^sha256:[a-f0-9]{64}$/.test(digest)) ||
          result.error.code === 'name-too-long';
        expect({ text, explained, message: result.error.message }).toEqual({ text, explained: true, message: result.error.message });
      }),
      RUNS,
    );
  });
});
