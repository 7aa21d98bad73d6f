import { afterAll, describe, expect, it } from '@jest/globals';
import { createScanPool } from '../../../src/scan/pool/scan-pool.js';
import { BASE, mockOpenPulls, mockRepositoryRead } from './github-mocks.js';
import { HEAD, repoWithNode } from './fixtures.js';
import { push } from './payloads.js';
import { Writes } from './writes.js';
import { failures, mockInstallationToken, startApp, useStrictNock } from './support.js';

useStrictNock();

// A budget far below what the big manifest needs (a few hundred ms of CPU time on any machine),
// and far above what the Dockerfile needs (well under a millisecond).
const pool = createScanPool({ cpuBudgetMs: 60, threads: 1 });
afterAll(() => pool.close());

/** Some 900 KB of YAML that is costly to parse, under the 1 MiB a candidate file may have. */
const HUGE_MANIFEST = `apiVersion: v1\nkind: List\nitems:\n${Array.from({ length: 20_000 }, (_, index) => `  - {kind: Pod, image: "i${index}", n: [${index}, ${index}]}\n`).join('')}`;

describe('hostile files in a repository (issue 8)', () => {
  it('are scanned off the event loop: timers keep firing, the file over budget is a problem, the rest is scanned', async () => {
    // Ticks of a 1 ms timer counted while each file is being scanned: a scan on the event loop
    // would let none through, however long it took.
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const ticksWhileScanning = new Map<string, number>();
    const app = await startApp({
      scanFile: async (path, text, kindPath) => {
        const before = ticks;
        const result = await pool.scan(path, text, kindPath);
        ticksWhileScanning.set(path, ticks - before);
        return result;
      },
    });
    mockInstallationToken();
    const state = repoWithNode(app.registry.digest('node', 'v1'));
    mockRepositoryRead({ ...state, scanned: { ...state.scanned, 'deploy/huge.yaml': HUGE_MANIFEST } });
    mockOpenPulls([]);
    const writes = new Writes().expect('POST', `${BASE}/check-runs`, 201, () => ({ id: 4003 }));

    try {
      await app.receive(push({ branch: 'main', before: HEAD, after: HEAD }));
    } finally {
      clearInterval(timer);
    }

    expect(failures(app)).toEqual([]);
    expect(writes.summary).toEqual([`POST ${BASE}/check-runs`]);
    // The file is named on the head commit: its pins are unknown, so nothing covers them.
    const check = writes.body('POST', `${BASE}/check-runs`) as { conclusion: string; output: { summary: string } };
    expect(check.conclusion).toBe('success');
    expect(check.output.summary).toContain(
      'Not scanned: `deploy/huge.yaml` (`file too complex to scan: it took more than 60 ms of CPU time',
    );
    expect(app.outcomes).toEqual([{ repository: 'acme/api', outcome: { kind: 'scanned', references: 1, stale: 0, decisions: [] } }]);
    expect(ticksWhileScanning.get('deploy/huge.yaml')).toBeGreaterThan(0);
    const warning = app.logs.find((entry) => entry.message === 'some files could not be scanned');
    expect(warning?.fields.problems).toEqual([
      { file: 'deploy/huge.yaml', message: 'file too complex to scan: it took more than 60 ms of CPU time, so it was skipped' },
    ]);
  });
});
