import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { scanCompose } from '../../../src/scan/yaml/compose.js';
import { scanGithubActions } from '../../../src/scan/yaml/github-actions.js';
import { scanKubernetes } from '../../../src/scan/yaml/kubernetes.js';
import type { Scanner } from '../../../src/scan/types.js';
import { expectConsistentOffsets } from './expect-pins.js';
import { readFixture } from './fixtures.js';

const SCANNERS: readonly Scanner[] = [scanCompose, scanKubernetes, scanGithubActions];

const FIXTURES = [
  'compose.yaml',
  'compose.crlf-bom.yaml',
  'storefront.k8s.yaml',
  'storefront.mixed-eol.k8s.yaml',
  'postgres-statefulset.yaml',
  'partly-broken.k8s.yaml',
  'ci-workflow.yml',
  'ci-workflow.crlf-bom.yml',
  'action.yml',
  'docker-action.yaml',
].map(readFixture);

/** Characters that change YAML structure, so edits break files in the ways users do. */
const yamlish = fc.constantFrom(
  ' ',
  '  ',
  ':',
  ': ',
  '- ',
  '\n',
  '\r\n',
  '\r',
  '"',
  "'",
  '\\',
  '[',
  ']',
  '{',
  '}',
  '&a ',
  '*a',
  '|',
  '>',
  '#',
  '<<: ',
  '---\n',
  '\uFEFF',
  '\t',
  'é',
  '🚀',
);

/** A fixture with a few random edits: deletions and insertions at random places. */
const mutatedFixture = fc
  .tuple(
    fc.constantFrom(...FIXTURES),
    fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat({ max: 40 }), fc.array(yamlish, { maxLength: 3 })), {
      minLength: 1,
      maxLength: 4,
    }),
  )
  .map(([text, edits]) =>
    edits.reduce((current, [where, deleteCount, insert]) => {
      const at = Math.floor(where * current.length);
      return current.slice(0, at) + insert.join('') + current.slice(at + deleteCount);
    }, text),
  );

/** Scanning never throws, and whatever is found points exactly at its digest. */
function expectSafeScan(text: string): void {
  for (const scan of SCANNERS) {
    const result = scan('file.yaml', text);
    expectConsistentOffsets(text, result);
    for (const problem of result.problems) expect(problem.message).toMatch(/^(malformed YAML|YAML could not be read)/);
  }
}

describe('YAML scanners on damaged input (property)', () => {
  it('never throw on mutated real files, and report only exact offsets', () => {
    fc.assert(fc.property(mutatedFixture, expectSafeScan), { numRuns: 1000 });
  });

  it('never throw on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), expectSafeScan), { numRuns: 1000 });
  });
});
