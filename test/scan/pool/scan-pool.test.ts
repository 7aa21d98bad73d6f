import { afterAll, describe, expect, it } from '@jest/globals';
import { createScanPool } from '../../../src/scan/pool/scan-pool.js';
import { scanFile } from '../../../src/scan/scan-file.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const pool = createScanPool({ cpuBudgetMs: 50, threads: 1 });
afterAll(() => pool.close());

describe('scan pool', () => {
  it('scans in a worker thread exactly as scanFile does', async () => {
    const text = `FROM node:22@${DIGEST}\n`;
    expect(await pool.scan('Dockerfile', text)).toEqual(scanFile('Dockerfile', text));
  });

  it('reports a file over budget and goes on', async () => {
    const heavy = `items:\n${Array.from({ length: 80_000 }, (_, index) => `  - {name: n${index}, image: v${index}}\n`).join('')}`;
    const [over, after] = await Promise.all([pool.scan('big.yaml', heavy), pool.scan('Dockerfile', `FROM node:22@${DIGEST}\n`)]);
    expect(over.problems).toEqual([
      { file: 'big.yaml', message: expect.stringMatching(/^file too complex to scan: it took more than 50 ms of CPU time/) },
    ]);
    expect(after.references).toHaveLength(1);
  });
});
