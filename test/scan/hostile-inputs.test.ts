/**
 * Issue 8's hostile files, and the ones found while fixing them, scanned through the scan pool
 * with its default budget of 2 s of CPU time per file. Before the fixes each took from 11 s to
 * hours (or aborted Node); now each is a fraction of the budget, so a regression shows up as a
 * `file too complex to scan` problem, not as a slow test.
 */
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { Alias } from 'yaml';
import { createScanPool } from '../../src/scan/pool/scan-pool.js';
import { MAX_FINDINGS_PER_FILE } from '../../src/scan/pool/scan-worker.js';
import { scanFile } from '../../src/scan/scan-file.js';
import { TextPositions } from '../../src/scan/text-position.js';
import { MAX_YAML_DEPTH } from '../../src/scan/yaml/nesting.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const pool = createScanPool({ threads: 1 });
afterAll(() => pool.close());

const lines = (count: number, line: (index: number) => string): string => Array.from({ length: count }, (_, index) => line(index)).join('');

describe('YAML aliases (finding 2)', () => {
  // The report's file: 95 KB of compose services, each an alias of one anchored service.
  const ALIASES = `x-base: &a\n  image: nginx:1.27@${DIGEST}\nservices:\n${lines(8000, (index) => `  s${index}: *a\n`)}`;

  it('are resolved in one pass over the document, never by the yaml library per alias', () => {
    const resolve = jest.spyOn(Alias.prototype, 'resolve');
    try {
      const result = scanFile('compose.yaml', ALIASES);
      // The one anchored image, reported once at its anchor however many services alias it.
      expect(result.references.map((reference) => reference.line)).toEqual([2]);
      expect(resolve).not.toHaveBeenCalled();
    } finally {
      resolve.mockRestore();
    }
  });

  it('scan within the budget', async () => {
    expect(await pool.scan('compose.yaml', ALIASES)).toMatchObject({ problems: [], references: [expect.objectContaining({ line: 2 })] });
  });

  it('of a mapping with 20,000 keys scan within the budget (the yaml library compared each key with every other)', async () => {
    const text = `services:\n  web:\n    image: nginx:1.27@${DIGEST}\nx-labels:\n${lines(20_000, (index) => `  k${index}: *x\n`)}`.replace(
      'x-labels:',
      'x-anchor: &x 1\nx-labels:',
    );
    expect(await pool.scan('compose.yaml', text)).toMatchObject({ problems: [], references: [expect.objectContaining({ line: 3 })] });
  });

  it('that expand quadratically through merge keys stop at the walk budget with a problem', async () => {
    const chain = lines(2000, (index) => `m${index + 1}: &m${index + 1} {<<: *m${index}, k${index}: v}\n`);
    const services = lines(2000, (index) => `  s${index}: {<<: *m${index + 1}, image: "x:1@${DIGEST}"}\n`);
    const result = await pool.scan('compose.yaml', `m0: &m0 {a: 1}\n${chain}services:\n${services}`);
    expect(result.problems).toEqual([
      {
        file: 'compose.yaml',
        line: 1,
        message: expect.stringMatching(/^YAML too complex to follow: .*merge keys .*; the rest of this document was not scanned$/),
      },
    ]);
  });

  it('in a List of Lists visit each object once (it was exponential)', async () => {
    let text = `apiVersion: v1\nkind: List\nitems:\n- &l0 {apiVersion: v1, kind: Pod, spec: {containers: [{image: "nginx:1@${DIGEST}"}]}}\n`;
    for (let depth = 1; depth <= 12; depth++)
      text += `- &l${depth} {apiVersion: v1, kind: List, items: [${Array(10)
        .fill(`*l${depth - 1}`)
        .join(', ')}]}\n`;
    expect(await pool.scan('list.yaml', text)).toMatchObject({ problems: [], references: [expect.objectContaining({ line: 4 })] });
  });
});

describe('issue 11 shapes', () => {
  it('a Helm image block aliased 8,000 times is read once and reported once, within the budget', async () => {
    const text = `base: &b\n  image:\n    repository: a\n    tag: "1"\n    digest: ${DIGEST}\n${lines(8000, (index) => `k${index}: {x: *b, image: *b}\n`)}`;
    expect(await pool.scan('values.yaml', text)).toMatchObject({ problems: [], references: [expect.objectContaining({ line: 5 })] });
  });

  it('a custom resource whose steps alias one list 8,000 times is walked linearly, within the budget', async () => {
    const text = `apiVersion: x.example.com/v1\nkind: Thing\nspec:\n  l: &l [{image: "n:1@${DIGEST}", args: [a, b]}]\n  steps:\n${lines(8000, () => '    - *l\n')}`;
    expect(await pool.scan('deploy/thing.yaml', text)).toMatchObject({ problems: [], references: [expect.objectContaining({ line: 4 })] });
  });

  it('a kustomization with as many images entries as a file may have, within the budget', async () => {
    const text = `images:\n${lines(MAX_FINDINGS_PER_FILE, (index) => `- {name: n${index}, newTag: "1", digest: "${DIGEST}"}\n`)}`;
    const result = await pool.scan('kustomization.yaml', text);
    expect(result.problems).toEqual([]);
    expect(result.references).toHaveLength(MAX_FINDINGS_PER_FILE);
  });
});

describe('YAML nesting', () => {
  it('deeper than the limit is a problem per document, and never aborts the process', () => {
    // Two documents nested 5,000 deep: the second stack overflow in the yaml library's composer
    // used to abort Node 20 outright, taking every other scan (and the App) with it.
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const result = scanFile('deep.yaml', `${deep}\n---\nimage: x\n---\n${deep}\n`);
    expect(result.problems).toEqual([
      {
        file: 'deep.yaml',
        line: 1,
        message: `malformed YAML (document 1, column 1): collections nested more than ${MAX_YAML_DEPTH} levels deep`,
      },
      {
        file: 'deep.yaml',
        line: 5,
        message: `malformed YAML (document 3, column 1): collections nested more than ${MAX_YAML_DEPTH} levels deep`,
      },
    ]);
  });

  it('up to the limit is read, in flow and block style', () => {
    const flow = `image: x\nn: ${'['.repeat(MAX_YAML_DEPTH - 1)}${']'.repeat(MAX_YAML_DEPTH - 1)}\n`;
    const block = `image: x\n${lines(MAX_YAML_DEPTH - 1, (index) => `${' '.repeat(index)}k:\n`)}${' '.repeat(MAX_YAML_DEPTH)}v\n`;
    expect(scanFile('flow.yaml', flow).problems).toEqual([]);
    expect(scanFile('block.yaml', block).problems).toEqual([]);
  });
});

describe('Dockerfiles', () => {
  it('with 40,000 stages scan within the budget (finding 4: stage lookups scanned every stage)', async () => {
    const text = `FROM node:22@${DIGEST} AS s0\n${lines(40_000, (index) => `FROM s${index} AS s${index + 1}\n`)}COPY --from=s123 /a /b\n`;
    // Scanned whole (a quadratic lookup would spend its CPU budget and say so instead)…
    expect(await pool.scan('Dockerfile', text)).toEqual({
      references: [],
      unpinned: [],
      skipped: [],
      problems: [
        {
          file: 'Dockerfile',
          message: `file too complex to scan: it names 40,002 images, more than the ${MAX_FINDINGS_PER_FILE.toLocaleString('en-US')} a file may, so it was skipped`,
        },
      ],
    });
    // …and what the scanner found, before the cap kept it from the event loop.
    const result = scanFile('Dockerfile', text);
    expect(result.problems).toEqual([]);
    expect(result.references).toHaveLength(1);
    expect(result.skipped.filter((skip) => skip.reason === 'stage')).toHaveLength(40_001);
  });

  it('with 55,000 stages return one problem, not 110,000 entries for the event loop to copy', async () => {
    const text = `FROM node:22@${DIGEST} AS b\n${lines(55_000, (index) => `FROM a AS b${index}\n`)}`;
    const result = await pool.scan('Dockerfile', text);
    expect(result.problems).toEqual([
      { file: 'Dockerfile', message: expect.stringMatching(/^file too complex to scan: it names 110,001 images/) },
    ]);
    expect([result.references, result.unpinned, result.skipped]).toEqual([[], [], []]);
  });

  it('with a parser directive padded by 100,000 blanks scan within the budget (the directive regex backtracked)', async () => {
    const text = `# syntax=docker/dockerfile:1${' '.repeat(100_000)}x\nFROM node:22@${DIGEST}\n`;
    expect(await pool.scan('Dockerfile', text)).toMatchObject({ problems: [], references: [expect.objectContaining({ line: 2 })] });
  });

  it('with a 1 MiB FROM line scan within the budget', async () => {
    const result = await pool.scan('Dockerfile', `FROM ${'a'.repeat(1024 * 1024)}:1@${DIGEST}\n`);
    expect(result.problems).toEqual([]);
    expect(result.skipped).toEqual([expect.objectContaining({ reason: 'invalid-reference' })]);
  });

  it('with one ARG digest used by 20,000 FROM lines of different images: one short problem, within the budget (issue 11)', async () => {
    const text = `ARG HASH=@${DIGEST}\n${lines(20_000, (index) => `FROM n${index}:1\${HASH}\n`)}`;
    const result = await pool.scan('Dockerfile', text);
    expect(result.references).toEqual([]);
    expect(result.problems).toEqual([expect.objectContaining({ line: 1, message: expect.stringContaining('and 19997 more') })]);
    expect(result.problems[0]!.message.length).toBeLessThan(300);
  });

  it('with as many pins as a file may have, in a non-ASCII file, scan within the budget (byte offsets were measured from the start each time)', async () => {
    const text = `# é ünïcödé 🐳\n${lines(MAX_FINDINGS_PER_FILE, (index) => `FROM n${index}:1@${DIGEST}\n`)}`;
    const result = await pool.scan('Dockerfile', text);
    expect(result.problems).toEqual([]);
    expect(result.references).toHaveLength(MAX_FINDINGS_PER_FILE);
    const last = result.references.at(-1)!;
    expect(last.digestByteStart).toBe(Buffer.byteLength(text.slice(0, last.digestStart)));
  });
});

describe('TextPositions.byteOffset', () => {
  it('agrees with Buffer.byteLength at every offset, surrogate pairs included', () => {
    const text = `a\u00e9\u4e2d\ud83d\udc33\udc00b\ud800${'é'.repeat(1500)}🐳x`;
    const positions = new TextPositions(text);
    for (let offset = 0; offset <= text.length; offset++) {
      expect(positions.byteOffset(offset)).toBe(Buffer.byteLength(text.slice(0, offset)));
    }
  });
});
