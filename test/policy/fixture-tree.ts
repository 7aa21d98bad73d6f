import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseConfig } from '../../src/config/load.js';
import type { PinbotConfig } from '../../src/config/schema.js';
import { scanFile } from '../../src/scan/scan-file.js';
import type { ScannedTree } from '../../src/policy/verify-tree.js';

const ROOT = new URL('../fixtures/policy/', import.meta.url).pathname;

/** Every file of a fixture tree under test/fixtures/policy/, scanned as the CLI would, with its config. */
export function scanFixtureTree(name: string): { tree: ScannedTree; config: PinbotConfig } {
  const root = path.join(ROOT, name);
  const tree = { references: [], skipped: [], problems: [] } as {
    references: ScannedTree['references'][number][];
    skipped: ScannedTree['skipped'][number][];
    problems: ScannedTree['problems'][number][];
  };
  const walk = (directory: string): void => {
    for (const entry of readdirSync(directory).sort()) {
      const absolute = path.join(directory, entry);
      if (statSync(absolute).isDirectory()) walk(absolute);
      else {
        const relative = path.relative(root, absolute).split(path.sep).join('/');
        if (relative.startsWith('.github/')) continue;
        const result = scanFile(relative, readFileSync(absolute, 'utf8'));
        tree.references.push(...result.references);
        tree.skipped.push(...result.skipped);
        tree.problems.push(...result.problems);
      }
    }
  };
  walk(root);
  const parsed = parseConfig(readFileSync(path.join(root, '.github/pinbot.yml'), 'utf8'), '.github/pinbot.yml');
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return { tree, config: parsed.config };
}
