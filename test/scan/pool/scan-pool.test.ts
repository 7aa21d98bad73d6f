import { afterAll, describe, expect, it } from '@jest/globals';
import { createScanPool, ScanPoolClosedError } from '../../../src/scan/pool/scan-pool.js';
import { ownThreadCpu, threadCpuMs } from '../../../src/scan/pool/thread-cpu.js';
import { scanFile } from '../../../src/scan/scan-file.js';
import { scanSources, type SourceFile } from '../../../src/scan/scan-sources.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const DOCKERFILE = `FROM node:22@${DIGEST}\n`;
/** Nearly 1 MB of YAML: some hundreds of ms of CPU time to parse, on any machine. */
const HEAVY = `items:\n${Array.from({ length: 20_000 }, (_, index) => `  - {kind: Pod, image: "i${index}", n: [${index}, ${index}]}\n`).join('')}`;

const source = (path: string, text: string): SourceFile => ({ path, read: async () => Buffer.from(text) });

const pool = createScanPool({ threads: 1 });
// 60 ms: far below what HEAVY needs, far above what a small Dockerfile needs.
const strict = createScanPool({ cpuBudgetMs: 60, threads: 1 });
afterAll(() => Promise.all([pool.close(), strict.close()]));

describe('scan pool', () => {
  it('scans on a worker thread exactly as scanFile does', async () => {
    const compose = `services:\n  web:\n    image: nginx:1.27@${DIGEST}\n    platform: linux/arm64\n`;
    expect(await pool.scan('Dockerfile', DOCKERFILE)).toEqual(scanFile('Dockerfile', DOCKERFILE));
    expect(await pool.scan('ops/stack.yml', compose)).toEqual(scanFile('ops/stack.yml', compose));
    // The path that chooses the scanner travels too.
    expect(await pool.scan('ci.yml', 'jobs: {a: {container: "node:22@' + DIGEST + '"}}\n', '.github/workflows/ci.yml')).toMatchObject({
      references: [expect.objectContaining({ kind: 'github-actions' })],
    });
  });

  it('reports a file over its CPU budget as too complex, and scans the others', async () => {
    const files = [source('a/Dockerfile', DOCKERFILE), source('deploy/heavy.yaml', HEAVY), source('b/Dockerfile', DOCKERFILE)];
    const scan = await scanSources(files, strict.scan);
    expect(scan.problems).toEqual([
      { file: 'deploy/heavy.yaml', message: 'file too complex to scan: it took more than 60 ms of CPU time, so it was skipped' },
    ]);
    expect(scan.references.map((reference) => reference.file)).toEqual(['a/Dockerfile', 'b/Dockerfile']);
    // The worker that ran over was replaced: the pool still scans.
    expect((await strict.scan('Dockerfile', DOCKERFILE)).references).toHaveLength(1);
  });

  it('reports a file that needs more memory than a worker may have as too complex', async () => {
    const small = createScanPool({ memoryLimitMb: 16, threads: 1 });
    try {
      const result = await small.scan('deploy/heavy.yaml', HEAVY);
      expect(result.problems).toEqual([
        { file: 'deploy/heavy.yaml', message: 'file too complex to scan: it needed more than 16 MB of memory, so it was skipped' },
      ]);
      expect((await small.scan('Dockerfile', DOCKERFILE)).references).toHaveLength(1);
    } finally {
      await small.close();
    }
  });

  it('refuses scans once closed, and fails one cut short by closing', async () => {
    const closing = createScanPool({ threads: 1 });
    const running = expect(closing.scan('deploy/heavy.yaml', HEAVY)).rejects.toThrow(ScanPoolClosedError);
    await closing.close();
    await running;
    await expect(closing.scan('Dockerfile', DOCKERFILE)).rejects.toThrow(ScanPoolClosedError);
  });
});

describe('thread CPU clock', () => {
  it('reads this thread’s CPU time, which grows while it computes', () => {
    const clock = ownThreadCpu();
    if (process.platform !== 'linux') return expect(clock).toBeUndefined();
    expect(clock).toEqual({ tid: expect.any(Number), cpuMs: expect.any(Number) });
    const before = threadCpuMs(clock!.tid)!;
    let spin = 0;
    while (threadCpuMs(clock!.tid)! < before + 30) spin++;
    expect(spin).toBeGreaterThan(0);
    expect(threadCpuMs(-1)).toBeUndefined();
  });
});
