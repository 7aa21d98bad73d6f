import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The layering of docs/architecture.md, checked on every import in src/: a folder imports only
 * folders on a lower level. The table is the same as the document's; change both together.
 */
const LEVELS: Readonly<Record<string, number>> = {
  fs: 0,
  text: 0,
  reference: 0,
  schedule: 0,
  scan: 1,
  discover: 1,
  rewrite: 1,
  'registry/client': 1,
  config: 2,
  'registry/resolver': 2,
  explain: 3,
  plan: 4,
  pin: 4,
  pr: 4,
  resolve: 5,
  telemetry: 5,
  policy: 5,
  github: 6,
  lifecycle: 7,
  repository: 8,
  app: 9,
  cli: 9,
};

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/** The layer a file under src/ belongs to: its top folder, or `registry/<part>`. */
function folderOf(file: string): string {
  const parts = path.relative(SRC, file).split(path.sep);
  return parts[0] === 'registry' ? `registry/${parts[1]}` : parts[0]!;
}

/** Every relative import (static, dynamic, `export … from`) of a file, resolved to a file path. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)].map((match) => path.resolve(path.dirname(file), match[1]!));
}

/** Imports that break the layering, as `from → to (file)` lines. */
function layeringViolations(files: readonly string[], levels: Readonly<Record<string, number>>): string[] {
  const violations: string[] = [];
  for (const file of files) {
    const from = folderOf(file);
    for (const target of importsOf(file)) {
      const to = folderOf(target);
      if (to === from) continue;
      const [fromLevel, toLevel] = [levels[from], levels[to]];
      if (fromLevel === undefined || toLevel === undefined || toLevel >= fromLevel)
        violations.push(`${from} → ${to} (${path.relative(SRC, file)})`);
    }
  }
  return violations;
}

describe('the layering of src/', () => {
  const files = sourceFiles(SRC);

  it('gives every folder a level', () => {
    expect([...new Set(files.map(folderOf))].filter((folder) => LEVELS[folder] === undefined)).toEqual([]);
  });

  it('has no import from a folder to one on its own level or above', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(layeringViolations(files, LEVELS)).toEqual([]);
  });

  it('would catch an import upwards or sideways', () => {
    // The same files against a table where scan sits level with cli, and app below repository.
    expect(layeringViolations(files, { ...LEVELS, scan: 9 })).toContainEqual(expect.stringMatching(/^cli → scan \(/));
    expect(layeringViolations(files, { ...LEVELS, app: 4 })).toContainEqual(expect.stringMatching(/^app → repository \(/));
  });
});
