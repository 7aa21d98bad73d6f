import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { editsByFile } from '../../src/plan/edits.js';
import type { PlannedUpdate } from '../../src/plan/plan.js';
import { applyEdits } from '../../src/rewrite/apply-edits.js';
import { scanFile } from '../../src/scan/scan-file.js';
import { decodeFile } from '../../src/text/decode.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/rewrite/shapes');

/** The path each fixture is scanned as: the kind comes from the path, as in a repository. */
const SCANNED_AS: Readonly<Record<string, string>> = {
  'crlf-bom.devcontainer.json': '.devcontainer/devcontainer.json',
  'e2e-workflow.yml': '.github/workflows/e2e.yml',
  'fragments.Dockerfile': 'build/fragments.Dockerfile',
  'kustomization.yaml': 'overlays/prod/kustomization.yaml',
  'tekton-pipeline.yaml': 'tekton/pipeline.yaml',
  'values.yaml': 'charts/web/values.yaml',
};

/**
 * Golden rewrites through the real scanners (issue 11): each pin found gets a new digest derived
 * from its old one, and the result must equal the expected file byte for byte. The expected
 * files were written by replacing the digests on the pins' lines by hand, so a digest the scanner
 * misplaces, or a decoy it takes for a pin (the same digest in a comment, a script, another
 * action's input), shows up as a difference.
 */
describe('golden rewrites of issue 11 shapes, through the scanners', () => {
  const inputs = readdirSync(FIXTURES)
    .filter((name) => !name.includes('.expected.'))
    .sort();

  it('covers every fixture', () => {
    expect(inputs).toEqual(Object.keys(SCANNED_AS).sort());
  });

  it.each(inputs)('%s rewrites to its expected file byte for byte, touching only digest bytes', (name) => {
    const input = readFileSync(join(FIXTURES, name));
    const expected = readFileSync(join(FIXTURES, name.replace(/\.([^.]+)$/, '.expected.$1')));
    const decoded = decodeFile(input);
    if (!decoded.ok) throw new Error(`${name}: ${decoded.message}`);
    const scanned = scanFile(name, decoded.text, SCANNED_AS[name]);
    expect(scanned.problems).toEqual([]);
    const updates = scanned.references.map((reference): PlannedUpdate => ({
      reference,
      newDigest: `sha256:${createHash('sha256').update(reference.image.digest).digest('hex')}`,
      platform: reference.platform,
      host: reference.image.registry,
    }));
    const edits = editsByFile(updates).get(name) ?? [];
    expect(edits.length).toBeGreaterThan(0);
    const result = applyEdits(decoded.text, edits);
    if (!result.ok) throw new Error(result.error);
    expect(result.applied).toBe(edits.length);
    expect(Buffer.from(result.text, 'utf8').equals(expected)).toBe(true);
    // Same length, same bytes outside the digests: the diff is exactly the digest text.
    expect(Buffer.from(result.text, 'utf8')).toHaveLength(input.length);
  });
});
