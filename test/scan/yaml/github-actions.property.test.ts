import { describe, it } from '@jest/globals';
import fc from 'fast-check';
import { scanGithubActions } from '../../../src/scan/yaml/github-actions.js';
import { decoyArb, layoutArb, map, nameArb, pinArb, pinNode, quoteArb, seq, shuffled, text } from './arbitraries.js';
import { expectExactlyThePins } from './expect-pins.js';
import { renderDocuments, type YamlTree } from './yaml-render.js';

type Entry = readonly [string, YamlTree];

const pinnedArb = fc.tuple(pinArb, quoteArb).map(([pin, quote]) => pinNode(pin, quote));
const dockerUrlArb = fc.tuple(pinArb, quoteArb).map(([pin, quote]) => pinNode(pin, quote, 'docker://'));

/** A step: a `docker://` pin, an action (not an image), or a script that merely mentions one. */
const stepArb: fc.Arbitrary<YamlTree> = fc.oneof(
  fc.tuple(nameArb, dockerUrlArb).chain(([name, uses]) =>
    shuffled<Entry>([
      ['name', text(name)],
      ['uses', uses],
    ]).map((e) => map(...e)),
  ),
  quoteArb.map((quote) => map(['uses', text('actions/checkout@v4', quote)])),
  quoteArb.map((quote) => map(['uses', text('docker://alpine:3.20', quote)])),
  decoyArb.map((script) => map(['name', text('Show image')], ['run', script])),
);
const stepsArb = fc.array(stepArb, { minLength: 1, maxLength: 4 });

const containerArb: fc.Arbitrary<YamlTree> = fc.oneof(
  pinnedArb,
  pinnedArb.map((image) => map(['image', image], ['options', text('--cpus 2', 'double')])),
  pinnedArb.map((image) => map(['options', text('--user 1001', 'single')], ['image', image])),
  quoteArb.map((quote) => text('node:22-bookworm', quote)),
);

const servicesArb = fc
  .uniqueArray(fc.tuple(nameArb, pinnedArb), { selector: ([name]) => name, minLength: 1, maxLength: 3 })
  .map((services) =>
    map(...services.map(([name, image]): Entry => [name, map(['image', image], ['ports', seq([text('5432:5432', 'double')])])])),
  );

const jobArb: fc.Arbitrary<YamlTree> = fc
  .record({
    container: fc.option(containerArb, { nil: null }),
    services: fc.option(servicesArb, { nil: null }),
    steps: stepsArb,
  })
  .chain(({ container, services, steps }) => {
    const entries: Entry[] = [
      ['runs-on', text('ubuntu-24.04')],
      ['steps', seq(steps)],
    ];
    if (container) entries.push(['container', container]);
    if (services) entries.push(['services', services]);
    return shuffled(entries).map((e) => map(...e));
  });

const workflowArb: fc.Arbitrary<YamlTree> = fc
  .uniqueArray(fc.tuple(nameArb, jobArb), { selector: ([name]) => name, minLength: 1, maxLength: 3 })
  .map((jobs) => map(['name', text('CI')], ['on', map(['push', map(['branches', seq([text('main')])])])], ['jobs', map(...jobs)]));

const actionArb: fc.Arbitrary<YamlTree> = fc
  .oneof(
    dockerUrlArb.map((image) => map(['using', text('docker')], ['image', image], ['args', seq([text('--check')])])),
    stepsArb.map((steps) => map(['using', text('composite', 'single')], ['steps', seq(steps)])),
  )
  .map((runs) => map(['name', text('Render docs')], ['description', text('Renders the docs', 'double')], ['runs', runs]));

describe('scanGithubActions (property)', () => {
  it('finds exactly the generated pins in workflows and actions, whatever the quoting, layout and line endings', () => {
    fc.assert(
      fc.property(fc.oneof(workflowArb, actionArb), layoutArb, (file, layout) => {
        const rendered = renderDocuments([file], layout);
        expectExactlyThePins(rendered, scanGithubActions('.github/workflows/ci.yml', rendered.text), 'github-actions');
      }),
      { numRuns: 1000 },
    );
  });
});
