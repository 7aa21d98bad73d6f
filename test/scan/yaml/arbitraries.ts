/** fast-check arbitraries shared by the YAML scanner property tests. */
import fc from 'fast-check';
import type { Layout, Pin, Quote, YamlTree } from './yaml-render.js';

const component = fc.stringMatching(/^[a-z0-9]{1,6}(?:(?:[._]|__|-{1,2})[a-z0-9]{1,6}){0,2}$/);
/** Without a registry, a first component with a dot would be read as a domain: keep dots out. */
const firstComponent = fc.stringMatching(/^[a-z0-9]{1,6}(?:(?:_|__|-{1,2})[a-z0-9]{1,6}){0,2}$/);

/**
 * A valid `name:tag@sha256:…` in the user's spelling, with or without a registry; no platform.
 * Built once: constructing `stringMatching` arbitraries is costly, so never do it inside `chain`.
 */
export const pinArb: fc.Arbitrary<Pin> = fc
  .record({
    registry: fc.constantFrom('', 'ghcr.io/', 'registry.example.com:5000/', 'localhost:5000/', 'quay.io/'),
    first: firstComponent,
    rest: fc.array(component, { maxLength: 2 }),
    tag: fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,15}$/),
    hex: fc.stringMatching(/^[0-9a-f]{64}$/),
  })
  .map(({ registry, first, rest, tag, hex }) => {
    const digest = `sha256:${hex}`;
    const name = [first, ...rest].join('/');
    return { ref: `${registry}${name}:${tag}@${digest}`, tag, digest, platform: null };
  });

export const quoteArb: fc.Arbitrary<Quote> = fc.constantFrom('plain', 'single', 'double');

export const layoutArb: fc.Arbitrary<Layout> = fc.record({
  indent: fc.constantFrom(2, 3, 4),
  indentSequences: fc.boolean(),
  eols: fc.array(fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n'), { minLength: 1, maxLength: 4 }),
  comments: fc.array(fc.constantFrom<0 | 1 | 2>(0, 1, 2), { minLength: 1, maxLength: 5 }),
  bom: fc.boolean(),
  leadingMarker: fc.boolean(),
});

/** A key or name that is plain-safe YAML and distinct from the keys scanners look for. */
export const nameArb = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/).map((name) => `n-${name}`);

export const text = (value: string, quote: Quote = 'plain'): YamlTree => ({ kind: 'text', value, quote });
export const map = (...entries: (readonly [string, YamlTree] | null)[]): YamlTree => ({
  kind: 'map',
  entries: entries.filter((entry): entry is readonly [string, YamlTree] => entry !== null),
});
export const seq = (items: readonly YamlTree[]): YamlTree => ({ kind: 'seq', items });
export const pinNode = (pin: Pin, quote: Quote, before = '', after = ''): YamlTree => ({
  kind: 'pin',
  pin,
  quote,
  before,
  after,
});

/** Text that mentions a pinned image without being one: must never be reported. */
export const decoyArb: fc.Arbitrary<YamlTree> = fc
  .tuple(pinArb, fc.constantFrom<Quote>('single', 'double'), fc.boolean())
  .map(([pin, quote, block]) =>
    block ? { kind: 'block', lines: ['Rolled out the new build.', `image: ${pin.ref}`] } : text(`image: ${pin.ref}`, quote),
  );

/** Shuffles entries (keeping all of them). */
export const shuffled = <T>(items: readonly T[]): fc.Arbitrary<T[]> =>
  fc.shuffledSubarray([...items], { minLength: items.length, maxLength: items.length });
