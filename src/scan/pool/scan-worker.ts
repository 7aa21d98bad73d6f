import { scanFile } from '../scan-file.js';
import type { ScanResult } from '../types.js';
import { reportStarted, type PoolTask } from './start-slots.js';

/** One file for a worker thread to scan, and where it reports when it starts. */
export interface ScanTask extends PoolTask {
  readonly path: string;
  readonly text: string;
  readonly kindPath?: string;
}

/**
 * Each scanner runs once on a small file while the worker starts (piscina loads this module
 * before the worker takes tasks): compiling the scanners and the yaml library on first use
 * takes tens of ms of CPU time, which would otherwise be charged to the first file a new
 * worker scans, e.g. the one after a worker was stopped over budget.
 */
for (const [path, text] of [
  [
    'Dockerfile',
    'FROM node:22@sha256:0000000000000000000000000000000000000000000000000000000000000000 AS build\nCOPY --from=build /a /b\n',
  ],
  ['compose.yaml', 'x: &x {image: "a:1"}\nservices:\n  a: {<<: *x, platform: linux/amd64}\n'],
  ['k8s.yaml', 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - image: "a:1"\n'],
  ['.github/workflows/ci.yml', 'jobs:\n  a:\n    container: docker://a:1\n'],
] as const) {
  scanFile(path, text);
}

/**
 * Runs in a worker thread (piscina's task function). Says which thread it is and how much CPU
 * time that thread had used before the scan, so the pool can charge this file alone, then runs
 * the pure scanner.
 */
export default function scanTask(task: ScanTask): ScanResult {
  reportStarted(task.started);
  return withinFindingsCap(task.path, scanFile(task.path, task.text, task.kindPath));
}

/**
 * The most images (pins, unpinned and skipped names together) one file's result may carry back
 * to the event loop. A result is copied between threads, and the copy is read on the event
 * loop: 55,000 stages gave 110,000 entries, 28 MB that blocked it for a second (issue 8). Real
 * files name a few dozen images; a generated one with thousands is still far below this.
 */
export const MAX_FINDINGS_PER_FILE = 10_000;

/** The result, or, past the cap, one problem that says the file was skipped (callers fail closed on it). */
export function withinFindingsCap(path: string, result: ScanResult): ScanResult {
  const findings = result.references.length + result.unpinned.length + result.skipped.length;
  if (findings <= MAX_FINDINGS_PER_FILE) return result;
  const message = `file too complex to scan: it names ${findings.toLocaleString('en-US')} images, more than the ${MAX_FINDINGS_PER_FILE.toLocaleString('en-US')} a file may, so it was skipped`;
  return { references: [], unpinned: [], skipped: [], problems: [{ file: path, message }] };
}
