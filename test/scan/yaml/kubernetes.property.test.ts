import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { scanKubernetes } from '../../../src/scan/yaml/kubernetes.js';
import { decoyArb, layoutArb, map, nameArb, pinArb, pinNode, quoteArb, seq, shuffled, text } from './arbitraries.js';
import { expectExactlyThePins } from './expect-pins.js';
import { renderDocuments, type YamlTree } from './yaml-render.js';

type Entry = readonly [string, YamlTree];

/** A container with a pinned image (recorded) or an unpinned one (never found). */
const containerArb: fc.Arbitrary<YamlTree> = fc
  .record({
    name: nameArb,
    image: fc.oneof(
      { weight: 4, arbitrary: fc.tuple(pinArb, quoteArb).map(([pin, quote]) => pinNode(pin, quote)) },
      { weight: 1, arbitrary: quoteArb.map((quote) => text('busybox:1.36', quote)) },
    ),
    args: fc.boolean(),
  })
  .chain(({ name, image, args }) => {
    const entries: Entry[] = [
      ['name', text(name)],
      ['image', image],
    ];
    if (args) entries.push(['args', seq([text('--port=8080', 'double'), text('--verbose')])]);
    return shuffled(entries).map((shuffledEntries) => map(...shuffledEntries));
  });

const containersArb = fc.array(containerArb, { minLength: 1, maxLength: 3 });

const podSpecArb: fc.Arbitrary<YamlTree> = fc
  .record({
    containers: containersArb,
    initContainers: fc.option(containersArb, { nil: null }),
    ephemeralContainers: fc.option(containersArb, { nil: null }),
  })
  .chain(({ containers, initContainers, ephemeralContainers }) => {
    const entries: Entry[] = [
      ['containers', seq(containers)],
      ['restartPolicy', text('Always')],
    ];
    if (initContainers) entries.push(['initContainers', seq(initContainers)]);
    if (ephemeralContainers) entries.push(['ephemeralContainers', seq(ephemeralContainers)]);
    return shuffled(entries).map((shuffledEntries) => map(...shuffledEntries));
  });

const KINDS = [
  'Pod',
  'PodTemplate',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
] as const;
type WorkloadKind = (typeof KINDS)[number];

const API_VERSIONS: Record<WorkloadKind, string> = {
  Pod: 'v1',
  PodTemplate: 'v1',
  ReplicationController: 'v1',
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  ReplicaSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
};

/** Puts a pod spec where `kind` keeps it, written the way the Kubernetes docs write it. */
function workload(kind: WorkloadKind, name: string, podSpec: YamlTree): YamlTree {
  const labels = map(['labels', map(['app', text(name)])]);
  const template = map(['metadata', labels], ['spec', podSpec]);
  const head: Entry[] = [
    ['apiVersion', text(API_VERSIONS[kind])],
    ['kind', text(kind)],
    ['metadata', map(['name', text(name)])],
  ];
  switch (kind) {
    case 'Pod':
      return map(...head, ['spec', podSpec]);
    case 'PodTemplate':
      return map(...head, ['template', template]);
    case 'CronJob':
      return map(...head, [
        'spec',
        map(['schedule', text('*/5 * * * *', 'double')], ['jobTemplate', map(['spec', map(['template', template])])]),
      ]);
    default:
      return map(...head, ['spec', map(['selector', map(['matchLabels', map(['app', text(name)])])], ['template', template])]);
  }
}

const workloadArb = fc
  .record({ kind: fc.constantFrom(...KINDS), name: nameArb, podSpec: podSpecArb })
  .map(({ kind, name, podSpec }) => workload(kind, name, podSpec));

/** Documents that mention images but are not workloads: nothing in them may be reported. */
const decoyDocumentArb: fc.Arbitrary<YamlTree> = fc.oneof(
  decoyArb.map((note) => map(['apiVersion', text('v1')], ['kind', text('ConfigMap')], ['data', map(['notes', note])])),
  // Workload-shaped, but without apiVersion/kind: a values file or some tool's config.
  pinArb.map((pin) => map(['spec', map(['containers', seq([map(['image', text(pin.ref)])])])])),
  // A core kind whose schema holds no image: its data is text, whatever it says.
  pinArb.map((pin) => map(['apiVersion', text('v1')], ['kind', text('ConfigMap')], ['data', map(['image', text(pin.ref)])])),
);

/**
 * A custom kind pinbot has no schema for: its `image` strings count only when they are full
 * pins (issue 11); a tag alone is never guessed to be an image.
 */
const customArb: fc.Arbitrary<YamlTree> = fc
  .tuple(pinArb, quoteArb, fc.boolean())
  .map(([pin, quote, pinned]) =>
    map(
      ['apiVersion', text('monitoring.coreos.com/v1')],
      ['kind', text('Prometheus')],
      [
        'spec',
        map(['image', pinned ? pinNode(pin, quote) : text('quay.io/prometheus/prometheus:v2.54.1', quote)], ['replicas', text('2')]),
      ],
    ),
  );

const listArb = fc
  .array(workloadArb, { minLength: 1, maxLength: 3 })
  .map((items) => map(['apiVersion', text('v1')], ['kind', text('List')], ['items', seq(items)]));

const documentsArb = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: workloadArb },
    { weight: 1, arbitrary: listArb },
    { weight: 2, arbitrary: decoyDocumentArb },
    { weight: 1, arbitrary: customArb },
  ),
  { minLength: 1, maxLength: 4 },
);

describe('scanKubernetes (property)', () => {
  // Guards the generator itself: a kind whose pod spec were misplaced would find nothing and
  // expect nothing, and the property would pass without testing that kind.
  it.each(KINDS)('reads the pod spec of a generated %s', (kind) => {
    const [pin] = fc.sample(pinArb, { numRuns: 1, seed: 42 });
    if (pin === undefined) throw new Error('test setup: no sample');
    const podSpec = map(['containers', seq([map(['name', text('app')], ['image', pinNode(pin, 'plain')])])]);
    const layout = { indent: 2, indentSequences: true, eols: ['\n'] as const, comments: [0] as const, bom: false, leadingMarker: false };
    const rendered = renderDocuments([workload(kind, 'app', podSpec)], layout);
    expect(rendered.pins).toHaveLength(1);
    expectExactlyThePins(rendered, scanKubernetes('pod.yaml', rendered.text), 'kubernetes');
  });

  it('finds exactly the generated pins across documents, whatever the quoting, layout and line endings', () => {
    fc.assert(
      fc.property(documentsArb, layoutArb, (documents, layout) => {
        const rendered = renderDocuments(documents, layout);
        expectExactlyThePins(rendered, scanKubernetes('manifests.yaml', rendered.text), 'kubernetes');
      }),
      { numRuns: 1000 },
    );
  });
});
