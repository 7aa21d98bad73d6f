import { describe, expect, it } from '@jest/globals';
import { BudgetWatch } from '../../../src/scan/pool/budget-watch.js';
import { START_SLOTS_BYTES, startSlots, STARTED_WITHOUT_CPU_CLOCK } from '../../../src/scan/pool/start-slots.js';

const BUDGET_MS = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('BudgetWatch', () => {
  it('charges nothing to a scan still waiting for a worker, however long it waits', async () => {
    const watch = new BudgetWatch(BUDGET_MS);
    let calls = 0;
    const queued = watch.add(new SharedArrayBuffer(START_SLOTS_BYTES), () => calls++);
    await sleep(BUDGET_MS * 10);
    watch.remove(queued);
    expect(calls).toBe(0);
    expect(queued.overBudget).toBe(false);
  });

  it('stops a running scan once over budget, once', async () => {
    const watch = new BudgetWatch(BUDGET_MS);
    const started = new SharedArrayBuffer(START_SLOTS_BYTES);
    // Without a per-thread CPU clock, the time since the scan was seen running is charged.
    Atomics.store(startSlots(started).state, 0, STARTED_WITHOUT_CPU_CLOCK);
    let calls = 0;
    const running = watch.add(started, () => calls++);
    while (calls === 0) await sleep(BUDGET_MS);
    await sleep(BUDGET_MS * 3);
    watch.remove(running);
    expect(calls).toBe(1);
    expect(running.overBudget).toBe(true);
  });
});
