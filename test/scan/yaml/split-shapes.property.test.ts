/**
 * Property: generated kustomizations and Helm values files, in any layout (indentation, quotes,
 * comments, line endings, BOM), yield exactly their pins: the digest where its field writes it,
 * the tag where its field does (issue 11's split shapes), and nothing for entries without a pin.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { pinEditsByFile } from '../../../src/pin/edits.js';
import type { PlannedPin } from '../../../src/pin/plan.js';
import { applyEdits } from '../../../src/rewrite/apply-edits.js';
import { scanFile } from '../../../src/scan/scan-file.js';
import type { ScanResult } from '../../../src/scan/types.js';
import { layoutArb, map, nameArb, pinArb, pinNode, quoteArb, seq, shuffled, text } from './arbitraries.js';
import { expectConsistentOffsets } from './expect-pins.js';
import type { Pin, Quote, YamlTree } from './yaml-render.js';
import { renderDocuments } from './yaml-render.js';

type Entry = readonly [string, YamlTree];

/** What a generated block must yield: its assembled reference and its tag as written, or nothing. */
interface Block {
  readonly entries: Entry[];
  readonly expected: { readonly ref: string; readonly tag: string } | null;
}

/** Plain YAML would read these tags as booleans or null: users quote them, and so do we. */
const needsQuotes = (tag: string): boolean => /^(?:true|false|null|~)$/i.test(tag);
const tagNode = (tag: string, quote: Quote): YamlTree => text(tag, quote === 'plain' && needsQuotes(tag) ? 'double' : quote);
/** A pin whose "reference" is just what the field holds, so the renderer records where its digest lands. */
const fieldPin = (ref: string, pin: Pin): Pin => ({ ...pin, ref });

/** Splits a generated `registry/name:tag@digest` into its registry (if any) and the rest of its name. */
function parts(pin: Pin): { registry: string; path: string } {
  const name = pin.ref.slice(0, pin.ref.length - pin.digest.length - pin.tag.length - 2);
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  return /[.:]|^localhost$/.test(first) ? { registry: first, path: name.slice(slash + 1) } : { registry: '', path: name };
}

const shapeArb = fc.constantFrom('fields', 'inline', 'tag-only', 'digest-only-field');

/** The tag and digest fields of a block, named `tagKey`/`digestKey`, in one of the shapes. */
function tagAndDigest(pin: Pin, shape: string, quote: Quote, tagKey: string, name: string): Block {
  if (shape === 'fields') {
    return {
      entries: [
        [tagKey, tagNode(pin.tag, quote)],
        ['digest', pinNode(fieldPin(pin.digest, pin), quote)],
      ],
      expected: { ref: `${name}:${pin.tag}@${pin.digest}`, tag: pin.tag },
    };
  }
  if (shape === 'inline') {
    return {
      entries: [[tagKey, pinNode(fieldPin(`${pin.tag}@${pin.digest}`, pin), quote)]],
      expected: { ref: `${name}:${pin.tag}@${pin.digest}`, tag: pin.tag },
    };
  }
  // Unpinned: listed as skipped, never found.
  if (shape === 'tag-only') return { entries: [[tagKey, tagNode(pin.tag, quote)]], expected: null };
  return { entries: [['digest', text('', 'double')]], expected: null };
}

const kustomizeEntryArb: fc.Arbitrary<Block> = fc
  .record({ pin: pinArb, shape: shapeArb, quote: quoteArb, rename: fc.boolean() })
  .chain(({ pin, shape, quote, rename }) => {
    const { registry, path } = parts(pin);
    const name = registry === '' ? path : `${registry}/${path}`;
    const block = tagAndDigest(pin, shape, quote, 'newTag', name);
    const naming: Entry[] = rename
      ? [
          ['name', text('upstream')],
          ['newName', text(name, quote)],
        ]
      : [['name', text(name, quote)]];
    // kustomize reads the entry's keys in any order.
    return shuffled([...naming, ...block.entries]).map((entries) => ({ entries, expected: block.expected }));
  });

const helmBlockArb: fc.Arbitrary<Block> = fc
  .record({ pin: pinArb, shape: shapeArb, quote: quoteArb, pullPolicy: fc.boolean() })
  .chain(({ pin, shape, quote, pullPolicy }) => {
    const { registry, path } = parts(pin);
    const name = registry === '' ? path : `${registry}/${path}`;
    const block = tagAndDigest(pin, shape, quote, 'tag', name);
    const naming: Entry[] =
      registry === ''
        ? [['repository', text(path, quote)]]
        : [
            ['registry', text(registry, quote)],
            ['repository', text(path, quote)],
          ];
    const extra: Entry[] = pullPolicy ? [['pullPolicy', text('IfNotPresent')]] : [];
    return shuffled([...naming, ...block.entries, ...extra]).map((entries) => ({ entries, expected: block.expected }));
  });

/** Every pin is found at its digest, with its tag's own span, and nothing else is. */
function expectBlocks(rendered: ReturnType<typeof renderDocuments>, blocks: readonly Block[], result: ScanResult, kind: string): void {
  const expected = blocks.flatMap((block) => (block.expected === null ? [] : [block.expected]));
  expect(rendered.pins).toHaveLength(expected.length);
  expect(
    result.references.map((reference) => ({
      digestStart: reference.digestStart,
      ref: reference.image.original,
      tag: reference.tagSpan === undefined ? undefined : rendered.text.slice(reference.tagSpan.start, reference.tagSpan.end),
      kind: reference.kind,
    })),
  ).toEqual(expected.map((block, index) => ({ digestStart: rendered.pins[index]!.digestStart, ref: block.ref, tag: block.tag, kind })));
  expect(result.problems).toEqual([]);
  expectConsistentOffsets(rendered.text, result);
}

describe('split shapes: exactly the pins, wherever their fields put them', () => {
  it('kustomization images: entries', () => {
    fc.assert(
      fc.property(fc.array(kustomizeEntryArb, { minLength: 1, maxLength: 6 }), layoutArb, (blocks, layout) => {
        const tree = map(
          ['apiVersion', text('kustomize.config.k8s.io/v1beta1')],
          ['resources', seq([text('deployment.yaml')])],
          ['images', seq(blocks.map((block) => map(...block.entries)))],
        );
        const rendered = renderDocuments([tree], layout);
        expectBlocks(rendered, blocks, scanFile('overlays/prod/kustomization.yaml', rendered.text), 'kustomize');
      }),
      { numRuns: 150 },
    );
  });

  it('Helm values image blocks at any depth, under any parent key', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(helmBlockArb, nameArb, fc.boolean()), { minLength: 1, maxLength: 5 }),
        layoutArb,
        (generated, layout) => {
          // Each block under its own parent key (unique, so the values stay a valid mapping), some one level deeper.
          const entries: Entry[] = generated.map(([block, parent, deeper], index) => {
            const image = map(['image', map(...block.entries)], ['enabled', text('true')]);
            return [`${parent}-${index}`, deeper ? map(['sub', image]) : image];
          });
          const rendered = renderDocuments([map(['replicaCount', text('2')], ...entries)], layout);
          expectBlocks(
            rendered,
            generated.map(([block]) => block),
            scanFile('chart/values.yaml', rendered.text),
            'helm-values',
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('pin round trip: a kustomize entry with a tag and no digest gets a digest field, and then scans as that pin', () => {
    fc.assert(
      fc.property(
        fc.array(kustomizeEntryArb, { minLength: 1, maxLength: 5 }),
        layoutArb,
        fc.stringMatching(/^[0-9a-f]{64}$/),
        (blocks, layout, hex) => {
          const tree = map(['images', seq(blocks.map((block) => map(...block.entries)))]);
          const { text } = renderDocuments([tree], layout);
          const path = 'kustomization.yaml';
          const before = scanFile(path, text);
          // Every entry with a tag and no digest is pinnable: the renderer writes block mappings.
          const tagOnly = before.skipped.filter((skip) => skip.reason === 'no-digest');
          expect(before.unpinned).toHaveLength(tagOnly.length);
          const digest = `sha256:${hex}`;
          const pins = before.unpinned.map((reference): PlannedPin => ({
            reference,
            digest,
            host: reference.image.registry,
            pinKind: 'index',
          }));
          const edits = pinEditsByFile(pins).get(path) ?? [];
          const applied = applyEdits(text, edits);
          if (!applied.ok) throw new Error(applied.error);
          const after = scanFile(path, applied.text);
          expect(after.problems).toEqual([]);
          expect(after.unpinned).toEqual([]);
          expect(after.references).toHaveLength(before.references.length + before.unpinned.length);
          // The new pins are the old tag-only references, now with the digest, and nothing else moved.
          const added = after.references.filter(
            (reference) => !before.references.some((old) => old.image.original === reference.image.original),
          );
          expect(added.map((reference) => reference.image.original).sort()).toEqual(
            before.unpinned.map((reference) => `${reference.image.original}@${digest}`).sort(),
          );
          expectConsistentOffsets(applied.text, after);
        },
      ),
      { numRuns: 150 },
    );
  });
});
