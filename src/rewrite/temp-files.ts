import { unlinkSync } from 'node:fs';

/**
 * Temporary files `update` has created and not yet renamed or removed. Every failure inside the
 * writer removes its own; this covers the one failure it can't see: the run being interrupted
 * (Ctrl-C, `kill`) while a temporary file exists. SIGKILL can't be caught; nothing covers that.
 */
const live = new Set<string>();

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function removeAndDie(signal: NodeJS.Signals): void {
  for (const path of live) {
    try {
      unlinkSync(path);
    } catch {
      // Already gone, or the directory is: nothing left to clean.
    }
  }
  live.clear();
  stopListening();
  // Die of the same signal, so the shell sees what happened (exit status 128 + n).
  process.kill(process.pid, signal);
}

function stopListening(): void {
  for (const signal of SIGNALS) process.removeListener(signal, removeAndDie);
}

/** Records a temporary file; the returned function forgets it (call it once it is renamed or removed). */
export function trackTempFile(path: string): () => void {
  if (live.size === 0) for (const signal of SIGNALS) process.on(signal, removeAndDie);
  live.add(path);
  return () => {
    live.delete(path);
    if (live.size === 0) stopListening();
  };
}
