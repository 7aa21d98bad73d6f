import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { scanFile } from '../../../src/scan/scan-file.js';
import type { ScanResult } from '../../../src/scan/types.js';
import { expectConsistentOffsets } from './expect-pins.js';
import { DIGEST } from './fixtures.js';

const { a: A, b: B, c: C, d: D, e: E } = DIGEST;

const read = (name: string): string => readFileSync(new URL(`../../fixtures/kustomize/${name}`, import.meta.url), 'utf8');

function scan(path: string, text: string): ScanResult {
  const result = scanFile(path, text);
  expectConsistentOffsets(text, result);
  return result;
}

describe('kustomization images: entries (issue 11)', () => {
  const text = read('kustomization.yaml');
  const result = scan('overlays/production/kustomization.yaml', text);

  it('finds newName:newTag@digest and a newTag carrying its digest, each with the tag’s own place', () => {
    expect(result.references.map((reference) => [reference.line, reference.image.original, reference.kind])).toEqual([
      [16, `registry.example.com/acme/storefront:3.2.0@${A}`, 'kustomize'],
      [19, `nginx:1.27.2-alpine@${B}`, 'kustomize'],
      [29, `ghcr.io/acme/worker:2.0.1@${D}`, 'kustomize'],
    ]);
    const tags = result.references.map(
      (reference) => reference.tagSpan && [reference.tagSpan.line, text.slice(reference.tagSpan.start, reference.tagSpan.end)],
    );
    expect(tags).toEqual([
      [15, '3.2.0'],
      [19, '1.27.2-alpine'],
      [29, '2.0.1'],
    ]);
    // The digest field's span is the digest alone: an update rewrites nothing else.
    expect(text.slice(result.references[0]!.digestStart - 'digest: '.length, result.references[0]!.digestEnd)).toBe(`digest: ${A}`);
  });

  it('lists an unpinned tag and a digest without a tag as skipped; a rename alone is not an image', () => {
    expect(result.skipped.map((skip) => [skip.line, skip.reason, skip.text])).toEqual([
      [22, 'no-digest', 'redis:7.4.1'],
      [25, 'no-tag', `busybox@${C}`],
    ]);
    expect(result.problems).toEqual([]);
  });

  it('reads the extension-less Kustomization name too', () => {
    const other = read('Kustomization');
    expect(scan('base/Kustomization', other).references.map((reference) => [reference.line, reference.image.original])).toEqual([
      [4, `quay.io/prometheus/node-exporter:v1.8.2@${E}`],
    ]);
  });

  it('skips, with the reason, entries it cannot point at; never guesses', () => {
    const odd = [
      'images:',
      `  - newTag: "1.0"`,
      `    digest: ${A}`,
      `  - name: a`,
      `    newTag: 1.0@${A}`,
      `    digest: ${B}`,
      `  - name: b`,
      `    newTag: [1]`,
      `  - name: c`,
      `    newTag: "1.0"`,
      `    digest: "sha256:\\x30${'0'.repeat(63)}"`,
      `  - just-a-string`,
      '',
    ].join('\n');
    const found = scan('kustomization.yml', odd);
    expect(found.references).toEqual([]);
    expect(found.skipped.map((skip) => [skip.line, skip.reason, skip.detail])).toEqual([
      [2, 'invalid-reference', 'the entry has neither name nor newName'],
      [4, 'invalid-reference', expect.stringContaining('which one is the pin')],
      [7, 'invalid-reference', 'expected a string, found a list'],
      [9, 'invalid-reference', expect.stringContaining('escape')],
      [12, 'invalid-reference', expect.stringContaining('a mapping with name')],
    ]);
  });

  it('a kustomization whose YAML is broken is a problem with its line, not an exception', () => {
    const broken = scan('kustomization.yaml', 'images:\n  - name: a\n    newTag: [1\n');
    expect(broken.references).toEqual([]);
    expect(broken.problems).toEqual([expect.objectContaining({ file: 'kustomization.yaml', line: expect.any(Number) })]);
  });
});
