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
  return scanFile(task.path, task.text, task.kindPath);
}
