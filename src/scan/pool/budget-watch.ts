import { startSlots, STARTED_WITH_CPU_CLOCK, STARTED_WITHOUT_CPU_CLOCK } from './start-slots.js';
import { threadCpuMs } from './thread-cpu.js';

/** A scan being watched: `overBudget` is set just before its `onOverBudget` is called. */
export interface Watched {
  overBudget: boolean;
}

interface Entry extends Watched {
  readonly slots: ReturnType<typeof startSlots>;
  readonly onOverBudget: () => void;
  /** When the pool first saw the scan running (the wall-clock fallback's start). */
  seenStartedAt?: number;
}

/**
 * Charges each running scan the CPU time its worker thread used since the scan started, and
 * stops a scan over budget. Polls while scans are in flight: a few times per budget,
 * at most every 100 ms (one small read of /proc per running scan). Without a per-thread CPU
 * clock (not Linux), wall time since the scan was seen running is charged instead.
 */
export class BudgetWatch {
  private readonly entries = new Set<Entry>();
  private timer: NodeJS.Timeout | undefined;
  private readonly pollMs: number;

  constructor(private readonly budgetMs: number) {
    this.pollMs = Math.max(5, Math.min(100, Math.floor(budgetMs / 4)));
  }

  add(started: SharedArrayBuffer, onOverBudget: () => void): Watched {
    const entry: Entry = { overBudget: false, slots: startSlots(started), onOverBudget };
    this.entries.add(entry);
    if (this.timer === undefined) {
      this.timer = setInterval(() => this.check(), this.pollMs);
      // A watch alone must not keep a process alive.
      this.timer.unref();
    }
    return entry;
  }

  remove(watched: Watched): void {
    this.entries.delete(watched as Entry);
    if (this.entries.size === 0) this.stop();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private check(): void {
    const now = performance.now();
    for (const entry of this.entries) {
      if (entry.overBudget) continue;
      const used = this.used(entry, now);
      if (used !== undefined && used > this.budgetMs) {
        entry.overBudget = true;
        entry.onOverBudget();
      }
    }
  }

  /** Milliseconds charged to the scan so far; undefined while it waits for a worker. */
  private used(entry: Entry, now: number): number | undefined {
    const state = Atomics.load(entry.slots.state, 0);
    if (state !== STARTED_WITH_CPU_CLOCK && state !== STARTED_WITHOUT_CPU_CLOCK) return undefined;
    entry.seenStartedAt ??= now;
    if (state === STARTED_WITH_CPU_CLOCK) {
      const cpu = threadCpuMs(entry.slots.state[1]!);
      if (cpu !== undefined) return cpu - entry.slots.cpuMs[0]!;
    }
    return now - entry.seenStartedAt;
  }
}
