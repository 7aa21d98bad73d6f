import { expect } from '@jest/globals';
import { scanDockerfile } from '../../../src/scan/dockerfile/scan.js';
import type { FoundReference, ScanResult } from '../../../src/scan/types.js';

/**
 * Checks a reference's position fields against the text itself: the digest span holds the
 * digest (as a string slice and as UTF-8 bytes), and line/column point at the span's start.
 */
export function expectDigestSpan(text: string, reference: FoundReference): void {
  expect(text.slice(reference.digestStart, reference.digestEnd)).toBe(reference.image.digest);
  const bytes = Buffer.from(text, 'utf8');
  expect(bytes.subarray(reference.digestByteStart, reference.digestByteEnd).toString('utf8')).toBe(reference.image.digest);
  const before = text.slice(0, reference.digestStart);
  expect(reference.line).toBe(before.split('\n').length);
  expect(reference.column).toBe(reference.digestStart - (before.lastIndexOf('\n') + 1) + 1);
}

/** A reference reduced to what a reader checks first. */
export function summary(reference: FoundReference): { line: number; column: number; image: string; platform: string | null } {
  return { line: reference.line, column: reference.column, image: reference.image.original, platform: reference.platform };
}

export function skips(result: ScanResult): Array<{ line: number; reason: string }> {
  return result.skipped.map((skipped) => ({ line: skipped.line, reason: skipped.reason }));
}

/** A well-formed sha256 digest made from a label, so tests can tell pins apart at a glance. */
export function digestOf(label: string): string {
  const hex = Buffer.from(label).toString('hex').padEnd(64, '0').slice(0, 64);
  return `sha256:${hex}`;
}

/** Scans `text` as `Dockerfile` and checks every reference's positions against the text. */
export function scan(text: string): ScanResult {
  const result = scanDockerfile('Dockerfile', text);
  for (const reference of result.references) expectDigestSpan(text, reference);
  return result;
}

export const images = (result: ScanResult): string[] => result.references.map((reference) => reference.image.original);
