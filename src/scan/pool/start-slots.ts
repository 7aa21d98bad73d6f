import { ownThreadCpu } from './thread-cpu.js';

/**
 * How a task running in a pool worker tells the pool it has started, so that the pool charges
 * the task alone for the CPU time its thread uses from then on (see `BudgetWatch`).
 */

/** 16 bytes: Int32 state and thread id, then the thread's CPU ms at the start as a Float64. */
export const START_SLOTS_BYTES = 16;

/** State 0: queued; then STARTED_WITH_CPU_CLOCK or STARTED_WITHOUT_CPU_CLOCK. */
export function startSlots(buffer: SharedArrayBuffer): { readonly state: Int32Array; readonly cpuMs: Float64Array } {
  return { state: new Int32Array(buffer, 0, 2), cpuMs: new Float64Array(buffer, 8, 1) };
}

export const STARTED_WITH_CPU_CLOCK = 1;
export const STARTED_WITHOUT_CPU_CLOCK = 2;

/** Every pool task carries this buffer; the worker calls `reportStarted` with it first thing. */
export interface PoolTask {
  readonly started: SharedArrayBuffer;
}

/** Called in the worker thread as a task starts: says which thread it is and how much CPU time that thread had used. */
export function reportStarted(started: SharedArrayBuffer): void {
  const slots = startSlots(started);
  const clock = ownThreadCpu();
  if (clock === undefined) Atomics.store(slots.state, 0, STARTED_WITHOUT_CPU_CLOCK);
  else {
    slots.state[1] = clock.tid;
    slots.cpuMs[0] = clock.cpuMs;
    // Stored last: the pool reads the other slots only once it sees this one.
    Atomics.store(slots.state, 0, STARTED_WITH_CPU_CLOCK);
  }
}
