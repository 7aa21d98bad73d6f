import { describe, it } from '@jest/globals';
import fc from 'fast-check';
import { scanCompose } from '../../../src/scan/yaml/compose.js';
import { decoyArb, layoutArb, map, nameArb, pinArb, pinNode, quoteArb, seq, shuffled, text } from './arbitraries.js';
import { expectExactlyThePins } from './expect-pins.js';
import { renderDocuments, type YamlTree } from './yaml-render.js';

type Entry = readonly [string, YamlTree];

/** A service's `image` for a given platform: pinned (maybe inside a variable default), unpinned, or none. */
type ImageEntry = (platform: string | null) => Entry | null;

const imageArb: fc.Arbitrary<ImageEntry> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({ pin: pinArb, quote: quoteArb, wrap: fc.constantFrom('', ':-', '-'), variable: fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,8}$/) })
      .map(({ pin, quote, wrap, variable }): ImageEntry => (platform) => {
        const placed = { ...pin, platform };
        return ['image', wrap === '' ? pinNode(placed, quote) : pinNode(placed, quote, `\${${variable}${wrap}`, '}')];
      }),
  },
  { weight: 1, arbitrary: quoteArb.map((quote): ImageEntry => () => ['image', text('nginx:1.27-alpine', quote)]) },
  { weight: 1, arbitrary: fc.constant((): Entry | null => null) },
);

const extrasArb: fc.Arbitrary<Entry[]> = fc.subarray([
  ['restart', text('unless-stopped')] as Entry,
  ['ports', seq([text('8080:80', 'double'), text('443:443', 'single')])] as Entry,
  ['command', seq([text('--verbose'), text('--port=8080', 'single')])] as Entry,
]);

const serviceArb: fc.Arbitrary<{ name: string; body: YamlTree }> = fc
  .record({
    name: nameArb,
    platform: fc.option(fc.constantFrom('linux/amd64', 'linux/arm64/v8', 'windows/amd64'), { nil: null }),
    platformQuote: quoteArb,
    extras: extrasArb,
    note: fc.option(decoyArb, { nil: null }),
    image: imageArb,
  })
  .chain(({ name, platform, platformQuote, extras, note, image: imageFor }) => {
    const image = imageFor(platform);
    const entries: Entry[] = [...extras];
    if (image) entries.push(image);
    if (platform !== null) entries.push(['platform', text(platform, platformQuote)]);
    if (note) entries.push(['environment', map(['NOTE', note])]);
    if (entries.length === 0) entries.push(['build', text('.')]);
    return shuffled(entries).map((shuffledEntries) => ({ name, body: map(...shuffledEntries) }));
  });

const composeArb: fc.Arbitrary<YamlTree> = fc
  .record({
    services: fc.uniqueArray(serviceArb, { selector: (service) => service.name, minLength: 1, maxLength: 5 }),
    notes: decoyArb,
  })
  .chain(({ services, notes }) =>
    shuffled<Entry>([
      ['name', text('storefront')],
      ['x-notes', notes],
      ['services', map(...services.map(({ name, body }): Entry => [name, body]))],
    ]).map((entries) => map(...entries)),
  );

describe('scanCompose (property)', () => {
  it('finds exactly the generated pins, at their offsets, whatever the quoting, layout and line endings', () => {
    fc.assert(
      fc.property(composeArb, layoutArb, (compose, layout) => {
        const rendered = renderDocuments([compose], layout);
        expectExactlyThePins(rendered, scanCompose('compose.yaml', rendered.text), 'compose');
      }),
      { numRuns: 1000 },
    );
  });
});
