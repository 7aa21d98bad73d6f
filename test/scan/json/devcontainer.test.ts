import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { MAX_JSON_DEPTH } from '../../../src/scan/json/jsonc.js';
import { scanFile } from '../../../src/scan/scan-file.js';
import type { ScanResult } from '../../../src/scan/types.js';
import { expectConsistentOffsets } from '../yaml/expect-pins.js';
import { DIGEST } from '../yaml/fixtures.js';

const { a: A, b: B } = DIGEST;

const read = (name: string): string => readFileSync(new URL(`../../fixtures/devcontainer/${name}`, import.meta.url), 'utf8');

function scan(path: string, text: string): ScanResult {
  const result = scanFile(path, text);
  expectConsistentOffsets(text, result);
  return result;
}

describe('dev container configurations (issue 11)', () => {
  it('finds the image of a devcontainer.json with comments and trailing commas', () => {
    const result = scan('.devcontainer/devcontainer.json', read('devcontainer.json'));
    expect(result.references.map((reference) => [reference.line, reference.column, reference.image.original, reference.kind])).toEqual([
      [6, 74, `mcr.microsoft.com/devcontainers/typescript-node:1-22-bookworm@${A}`, 'devcontainer'],
    ]);
    expect(result.skipped).toEqual([]);
    expect(result.problems).toEqual([]);
  });

  it('keeps offsets exact past a BOM and CRLF line endings, at every name the spec knows', () => {
    const text = read('crlf-bom.devcontainer.json');
    expect(text.startsWith('\uFEFF')).toBe(true);
    for (const path of ['.devcontainer.json', 'app/.devcontainer/devcontainer.json', '.devcontainer/python/devcontainer.json']) {
      const result = scan(path, text);
      expect(result.references.map((reference) => [reference.line, reference.image.original])).toEqual([
        [2, `ghcr.io/acme/dev:2024.11@${B}`],
      ]);
      expect(result.references[0]?.digestByteStart).toBe(Buffer.byteLength(text.slice(0, result.references[0]!.digestStart)));
    }
  });

  it('a configuration that builds a Dockerfile names no image here', () => {
    expect(scan('.devcontainer/devcontainer.json', read('build.devcontainer.json'))).toEqual({
      references: [],
      unpinned: [],
      skipped: [],
      problems: [],
    });
  });

  it('skips what it cannot rewrite in place or that is no image string, with the reason', () => {
    const escaped = scan('.devcontainer.json', `{"image": "ghcr.io/acme/dev:1@sha256:\\u0030${'0'.repeat(63)}"}`);
    expect(escaped.skipped).toEqual([
      expect.objectContaining({ line: 1, reason: 'invalid-reference', detail: expect.stringContaining('escape') }),
    ]);
    const notText = scan('.devcontainer.json', '{"image": ["a:1"]}');
    expect(notText.skipped).toEqual([
      expect.objectContaining({ reason: 'invalid-reference', detail: 'expected an image string, found array' }),
    ]);
    const unpinned = scan('.devcontainer.json', '{"image": "mcr.microsoft.com/devcontainers/base:ubuntu"}');
    expect(unpinned.skipped).toEqual([
      expect.objectContaining({ reason: 'no-digest', text: 'mcr.microsoft.com/devcontainers/base:ubuntu' }),
    ]);
  });

  it('the last of repeated keys wins, as JSON.parse reads it', () => {
    const result = scan('.devcontainer.json', `{"image": "a:1@${A}", "image": "b:2@${B}"}`);
    expect(result.references.map((reference) => reference.image.original)).toEqual([`b:2@${B}`]);
  });

  it('malformed or hostile JSON is a problem with its line and column, never an exception or a deep recursion', () => {
    expect(scan('.devcontainer.json', '{\n  "image": "a:1",\n  oops\n}').problems).toEqual([
      { file: '.devcontainer.json', line: 3, message: expect.stringMatching(/^malformed JSON \(column \d+\): /) },
    ]);
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    expect(scan('.devcontainer.json', deep).problems).toEqual([
      { file: '.devcontainer.json', line: 1, message: expect.stringContaining(`more than ${MAX_JSON_DEPTH} levels`) },
    ]);
  });
});
