/** Bounded and interruptible waits for the App's start and shutdown. */

/** Waits for `work`, but no longer than `ms`. */
export async function within(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Waits for `work` unless `signal` aborts first (or has already): then 'aborted' at once, and
 * `work`, left behind, may fail later without an unhandled rejection. A failure of `work`
 * before that is thrown as it is.
 */
export async function unlessAborted(work: Promise<void>, signal: AbortSignal | undefined): Promise<'done' | 'aborted'> {
  work.catch(() => undefined);
  if (signal === undefined) return work.then(() => 'done');
  if (signal.aborted) return 'aborted';
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<'aborted'>((resolve) => {
    onAbort = () => resolve('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work.then(() => 'done' as const), aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
