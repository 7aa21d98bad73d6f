import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { applyEdits, type DigestEdit } from '../../src/rewrite/apply-edits.js';
import { decodeFile } from '../../src/text/decode.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/rewrite');

/**
 * Stands in for the real scanners (written separately): every `@sha256:<hex>` is a pin.
 * The new digest is derived from the old one so the expected files can be produced independently.
 */
function editsFor(text: string): DigestEdit[] {
  return [...text.matchAll(/@(sha256:[a-f0-9]{64})/g)].map((match) => {
    const oldDigest = match[1] ?? '';
    const start = (match.index ?? 0) + 1;
    const newDigest = `sha256:${createHash('sha256').update(oldDigest).digest('hex')}`;
    return { start, end: start + oldDigest.length, oldDigest, newDigest };
  });
}

const inputs = readdirSync(FIXTURES)
  .filter((name) => /\.(Dockerfile|yaml)$/.test(name) && !name.includes('.expected.'))
  .sort();

describe('golden rewrites', () => {
  it('has fixtures for Dockerfiles, a compose file and Kubernetes manifests', () => {
    expect(inputs).toEqual(['compose.yaml', 'crlf-bom.Dockerfile', 'deployment.yaml', 'mixed-endings.Dockerfile', 'multistage.Dockerfile']);
  });

  it.each(inputs)('%s rewrites to its expected file byte for byte', (name) => {
    const input = readFileSync(join(FIXTURES, name));
    const expected = readFileSync(join(FIXTURES, name.replace(/\.(Dockerfile|yaml)$/, '.expected.$1')));
    const decoded = decodeFile(input);
    if (!decoded.ok) throw new Error(`${name}: ${decoded.message}`);
    const edits = editsFor(decoded.text);
    expect(edits.length).toBeGreaterThan(0);

    const result = applyEdits(decoded.text, edits);
    if (!result.ok) throw new Error(result.error);
    expect(result.applied).toBe(edits.length);
    expect(Buffer.from(result.text, 'utf8').equals(expected)).toBe(true);

    // Applying the same edits to the rewritten file is a no-op.
    expect(applyEdits(result.text, edits)).toEqual({ ok: true, text: result.text, applied: 0 });
  });

  it('keeps the properties the fixtures exist to exercise', () => {
    const read = (name: string): Buffer => readFileSync(join(FIXTURES, name));
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const crlfBom = read('crlf-bom.expected.Dockerfile');
    expect(crlfBom.subarray(0, 3).equals(bom)).toBe(true);
    expect(crlfBom.toString('latin1')).not.toMatch(/[^\r]\n/);
    expect(crlfBom.at(-1)).not.toBe(0x0a);
    const mixed = read('mixed-endings.expected.Dockerfile').toString('latin1');
    expect(mixed).toMatch(/\r\n/);
    expect(mixed).toMatch(/[^\r]\n/);
    expect(mixed).toMatch(/\t/);
    expect(read('compose.expected.yaml').toString('latin1')).toMatch(/\r\n$/);
    expect(read('deployment.expected.yaml').subarray(0, 3).equals(bom)).toBe(true);
  });
});
