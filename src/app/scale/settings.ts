/**
 * Operator settings of the scaled deployment (issue 13) that need no Redis to check, so the
 * environment check can use them without loading the queue.
 */
export const JOB_LOCK_SECONDS = 'PINBOT_JOB_LOCK_SECONDS';

/** BullMQ's default: a worker silent for 30 s has its scan taken over by another replica. */
export const DEFAULT_JOB_LOCK_SECONDS = 30;
const MIN_JOB_LOCK_SECONDS = 2;
const MAX_JOB_LOCK_SECONDS = 3600;

/**
 * PINBOT_JOB_LOCK_SECONDS: how long a scan job and its repository stay locked to a replica that
 * stops renewing them (renewed while the replica lives). Shorter means a dead replica's scans
 * resume sooner elsewhere; too short, and an event loop paused longer than the lock (a long GC,
 * a starved CPU) makes another replica start the same repository's scan again.
 */
export function parseJobLockSeconds(value: string | undefined): number | { readonly problem: string } {
  const text = value?.trim();
  if (!text) return DEFAULT_JOB_LOCK_SECONDS;
  const seconds = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(seconds >= MIN_JOB_LOCK_SECONDS && seconds <= MAX_JOB_LOCK_SECONDS))
    return { problem: `${JOB_LOCK_SECONDS} must be a whole number of seconds from ${MIN_JOB_LOCK_SECONDS} to ${MAX_JOB_LOCK_SECONDS}` };
  return seconds;
}

/**
 * How often workers look for jobs whose lock lapsed: half the lock, so a dead replica's job is
 * back in the queue at most one and a half locks after its last renewal.
 */
export function stalledCheckMs(lockSeconds: number): number {
  return (lockSeconds * 1000) / 2;
}
