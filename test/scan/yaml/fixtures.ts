/** Reads YAML fixtures exactly as stored (BOM and line endings kept) and summarises results. */
import { readFileSync } from 'node:fs';
import type { FoundReference } from '../../../src/scan/types.js';

export function readFixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/yaml/${name}`, import.meta.url), 'utf8');
}

/** The fields a reader checks first, in a form that diffs well. */
export function brief(reference: FoundReference): {
  line: number;
  column: number;
  digestStart: number;
  digestByteStart: number;
  image: string;
  platform: string | null;
} {
  return {
    line: reference.line,
    column: reference.column,
    digestStart: reference.digestStart,
    digestByteStart: reference.digestByteStart,
    image: reference.image.original,
    platform: reference.platform,
  };
}

export const DIGEST = {
  a: `sha256:${'0123456789abcdef'.repeat(4)}`,
  b: `sha256:${'fedcba9876543210'.repeat(4)}`,
  c: `sha256:${'1f2e3d4c5b6a7988'.repeat(4)}`,
  d: `sha256:${'aa55'.repeat(16)}`,
  e: `sha256:${'9e8d7c6b'.repeat(8)}`,
} as const;
