import { readFileSync, readlinkSync } from 'node:fs';

/**
 * CPU time of one thread of this process, read from Linux's /proc: a budget in CPU time holds on
 * a busy machine, where wall time would cut off a file that merely waited for a core. Elsewhere
 * there is no per-thread clock to read from another thread, and callers fall back to wall time.
 */

/** Linux reports thread times in USER_HZ ticks, which the kernel ABI fixes at 100 per second. */
const TICK_MS = 10;

/** This thread's id and its CPU time so far, or undefined where /proc is not available. */
export function ownThreadCpu(): { readonly tid: number; readonly cpuMs: number } | undefined {
  try {
    // `/proc/thread-self` → `<pid>/task/<tid>`.
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    const cpuMs = threadCpuMs(tid);
    return Number.isInteger(tid) && cpuMs !== undefined ? { tid, cpuMs } : undefined;
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) a thread of this process has used, or undefined when it can't be read. */
export function threadCpuMs(tid: number): number | undefined {
  try {
    // Reading /proc is a read of kernel memory, not of a disk: it cannot stall the event loop.
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may itself contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const user = Number(fields[11]);
    const system = Number(fields[12]);
    return Number.isFinite(user) && Number.isFinite(system) ? (user + system) * TICK_MS : undefined;
  } catch {
    return undefined;
  }
}
