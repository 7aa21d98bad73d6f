import { createScanPool, type ScanPool } from './scan-pool.js';

/**
 * The process's scan pool, made on first use: the App and the CLI each run one for as long as
 * they live, and close it when they stop (the App's graceful stop, the CLI's exit).
 */
let shared: ScanPool | undefined;

export function sharedScanPool(): ScanPool {
  shared ??= createScanPool();
  return shared;
}

/** Stops the shared pool's workers, if there is one; the next `sharedScanPool()` makes a new one. */
export async function closeSharedScanPool(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.close();
}
