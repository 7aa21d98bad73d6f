import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { scanFile } from '../../../src/scan/scan-file.js';
import type { ScanResult } from '../../../src/scan/types.js';
import { expectConsistentOffsets } from './expect-pins.js';
import { DIGEST } from './fixtures.js';

const { a: A, b: B, c: C, d: D, e: E } = DIGEST;

const read = (name: string): string => readFileSync(new URL(`../../fixtures/helm/${name}`, import.meta.url), 'utf8');

function scan(path: string, text: string): ScanResult {
  const result = scanFile(path, text);
  expectConsistentOffsets(text, result);
  return result;
}

const tagOf = (text: string, result: ScanResult): Array<string | undefined> =>
  result.references.map((reference) => reference.tagSpan && text.slice(reference.tagSpan.start, reference.tagSpan.end));

describe('Helm values image blocks (issue 11)', () => {
  it('Bitnami-style blocks at any depth: registry/repository:tag@digest, the digest where `digest:` writes it', () => {
    const text = read('values.yaml');
    const result = scan('charts/nginx/values.yaml', text);
    expect(result.references.map((reference) => [reference.line, reference.image.original, reference.kind])).toEqual([
      [12, `docker.io/bitnami/nginx:1.27.2-debian-12-r2@${A}`, 'helm-values'],
      [24, `docker.io/bitnami/git:2.47.0-debian-12-r0@${B}`, 'helm-values'],
      [42, `bitnami/os-shell:12-debian-12-r31@${C}`, 'helm-values'],
      [47, `ghcr.io/acme/logrotate:3.21@${D}`, 'helm-values'],
      [50, `registry.k8s.io/kubectl:v1.31.1@${E}`, 'helm-values'],
    ]);
    expect(tagOf(text, result)).toEqual(['1.27.2-debian-12-r2', '2.47.0-debian-12-r0', '12-debian-12-r31', undefined, undefined]);
    // A block without a digest is listed (the chart's schema says it is an image); a whole
    // string without one (`helper`) and the annotation's text are not guessed at.
    expect(result.skipped.map((skip) => [skip.line, skip.reason, skip.text])).toEqual([
      [32, 'no-digest', 'docker.io/bitnami/nginx-exporter:1.3.0-debian-12-r4'],
    ]);
    expect(result.problems).toEqual([]);
  });

  it('upstream-style blocks whose tag holds the digest; a templated block is skipped, never guessed', () => {
    const text = read('values-prod.yaml');
    const result = scan('deploy/values-prod.yaml', text);
    expect(result.references.map((reference) => [reference.line, reference.image.original])).toEqual([
      [5, `registry.k8s.io/ingress-nginx/controller:v1.11.3@${A}`],
    ]);
    expect(tagOf(text, result)).toEqual(['v1.11.3']);
    expect(result.skipped.map((skip) => [skip.line, skip.reason, skip.detail])).toEqual([
      [10, 'no-digest', undefined],
      [13, 'invalid-reference', expect.stringContaining('Helm template')],
    ]);
  });

  it('a values file that mentions no image is not parsed at all', () => {
    expect(scan('values.yaml', 'replicaCount: 2\nservice: {type: [broken\n')).toEqual({
      references: [],
      unpinned: [],
      skipped: [],
      problems: [],
    });
  });

  it('numbers as tags are read as written (1.10 stays 1.10)', () => {
    const text = `image:\n  repository: acme/app\n  tag: 1.10\n  digest: ${A}\n`;
    expect(scan('values.yml', text).references.map((reference) => reference.image.original)).toEqual([`acme/app:1.10@${A}`]);
  });

  it('aliases: a block reached twice is reported once, at its anchor', () => {
    const text = `base: &img\n  repository: acme/app\n  tag: "1"\n  digest: ${A}\nimage: *img\nworker:\n  image: *img\n`;
    // `base` is not an image key; the block is reported once through the first `image` that reaches it.
    expect(scan('values.yaml', text).references.map((reference) => reference.line)).toEqual([4]);
  });
});
