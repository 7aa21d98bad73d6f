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
