import { scanFile } from '../scan-file.js';
import type { ScanResult } from '../types.js';
import { ownThreadCpu } from './thread-cpu.js';

/** One file for a worker thread to scan, and where it reports when it starts. */
export interface ScanTask {
  readonly path: string;
  readonly text: string;
  readonly kindPath?: string;
  /** Where the worker says it started: see `startSlots`. */
  readonly started: SharedArrayBuffer;
}

/** 16 bytes: Int32 state and thread id, then the thread's CPU ms at the start as a Float64. */
export const START_SLOTS_BYTES = 16;

/** State 0: queued; then STARTED_WITH_CPU_CLOCK or STARTED_WITHOUT_CPU_CLOCK. */
export function startSlots(buffer: SharedArrayBuffer): { readonly state: Int32Array; readonly cpuMs: Float64Array } {
  return { state: new Int32Array(buffer, 0, 2), cpuMs: new Float64Array(buffer, 8, 1) };
}

export const STARTED_WITH_CPU_CLOCK = 1;
export const STARTED_WITHOUT_CPU_CLOCK = 2;

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
  const slots = startSlots(task.started);
  const clock = ownThreadCpu();
  if (clock === undefined) Atomics.store(slots.state, 0, STARTED_WITHOUT_CPU_CLOCK);
  else {
    slots.state[1] = clock.tid;
    slots.cpuMs[0] = clock.cpuMs;
    // Stored last: the pool reads the other slots only once it sees this one.
    Atomics.store(slots.state, 0, STARTED_WITH_CPU_CLOCK);
  }
  return scanFile(task.path, task.text, task.kindPath);
}
