import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = new URL('../../', import.meta.url).pathname;

function sources(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    return statSync(full).isDirectory() ? sources(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('.env.example', () => {
  const documented = readFileSync(path.join(root, '.env.example'), 'utf8');

  it('documents every environment variable the code reads', () => {
    const read = new Set(
      sources(path.join(root, 'src')).flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g)].map((match) => match[1]!),
      ),
    );
    read.delete('HOME'); // the user's home directory, not a pinbot setting
    expect(read.size).toBeGreaterThan(5);
    for (const name of read) expect(documented).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
  });

  it("documents Probot's own settings an operator needs", () => {
    for (const name of ['GHE_HOST', 'GHE_PROTOCOL', 'HOST', 'PORT', 'LOG_LEVEL'])
      expect(documented).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
  });
});
