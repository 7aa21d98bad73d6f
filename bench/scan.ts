// Scanner throughput: the pure scanners over an in-memory corpus, then the whole local
// pipeline (discover, read, decode, scan) over the same corpus written to disk.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { generateCorpus, writeCorpus } from './corpus.js';
import { scanFile } from '../src/scan/scan-file.js';
import { openWorkspaces } from '../src/cli/workspace.js';
import { scanWorkspaces } from '../src/cli/scan-report.js';
import { sharedScanPool } from '../src/scan/pool/shared-pool.js';

const FILES = Number(process.env.BENCH_FILES ?? 10_000);

export async function benchScanners(): Promise<string[]> {
  const corpus = generateCorpus(FILES);
  const bytes = corpus.reduce((sum, file) => sum + Buffer.byteLength(file.text), 0);

  // Warm up the JIT on a slice so the figure reflects steady state.
  for (const file of corpus.slice(0, 500)) scanFile(file.path, file.text);
  const started = process.hrtime.bigint();
  let references = 0;
  for (const file of corpus) references += scanFile(file.path, file.text).references.length;
  const pureSeconds = Number(process.hrtime.bigint() - started) / 1e9;

  const root = await mkdtemp(path.join(os.tmpdir(), 'pinbot-bench-'));
  try {
    await writeCorpus(root, corpus);
    const pipelineStart = process.hrtime.bigint();
    const report = await scanWorkspaces(await openWorkspaces([root], process.cwd()), sharedScanPool().scan);
    const pipelineSeconds = Number(process.hrtime.bigint() - pipelineStart) / 1e9;
    const mb = bytes / 1e6;
    return [
      `scanners: ${FILES} files, ${mb.toFixed(1)} MB, ${references} references`,
      `  pure scan:        ${(mb / pureSeconds).toFixed(1)} MB/s (${pureSeconds.toFixed(2)} s, ${(FILES / pureSeconds).toFixed(0)} files/s)`,
      `  discover+read+scan: ${(mb / pipelineSeconds).toFixed(1)} MB/s (${pipelineSeconds.toFixed(2)} s wall, ${report.references.length} references)`,
      `  heap used: ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB, rss: ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
    ];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
