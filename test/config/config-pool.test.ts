import { afterAll, describe, expect, it } from '@jest/globals';
import { configFileParserIn } from '../../src/config/config-pool.js';
import { createScanPool } from '../../src/scan/pool/scan-pool.js';

/** The App parses config files in the scan pool's workers (issue 8): same answers, same budget. */
describe('configFileParserIn', () => {
  const pool = createScanPool({ threads: 1, cpuBudgetMs: 100 });
  const parse = configFileParserIn(pool);
  afterAll(() => pool.close());

  it('parses and validates a file in a worker thread, line numbers included', async () => {
    await expect(parse('_extends: .github\nlabels: [deps]\n', '.github/pinbot.yml')).resolves.toEqual({
      ok: true,
      data: { labels: ['deps'] },
      extendsValue: '.github',
    });
    await expect(parse('labels: deps\n', '.github/pinbot.yml')).resolves.toEqual({
      ok: false,
      errors: ['.github/pinbot.yml:1: labels: expected a list, got string "deps"'],
    });
  });

  it('reports a file over the CPU budget as an invalid config, and the next file is parsed', async () => {
    const keys = Array.from({ length: 40_000 }, (_, index) => `k${index}:\n  - [a, {b: c}]\n`).join('');
    await expect(parse(keys, '.github/pinbot.yml')).resolves.toEqual({
      ok: false,
      errors: ['.github/pinbot.yml: the file is too complex to read: it took more than 100 ms of CPU time'],
    });
    await expect(parse('labels: [x]\n', '.github/pinbot.yml')).resolves.toMatchObject({ ok: true, data: { labels: ['x'] } });
  });
});
