import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { ScanResult } from '../types.js';
import { BudgetWatch } from './budget-watch.js';
import { START_SLOTS_BYTES, type ScanTask } from './scan-worker.js';

/** Scans one decoded file somewhere the event loop does not wait on it. */
export type FileScanner = (path: string, text: string, kindPath?: string) => Promise<ScanResult>;

export interface ScanPoolOptions {
  /** CPU time one file may take; default 2 s, some hundred times what a real 1 MiB file needs. */
  readonly cpuBudgetMs?: number;
  /** Worker threads; default one per core but one (for the event loop), between 1 and 4. */
  readonly threads?: number;
  /** Heap one worker may use, in MB; default 512 (a 1 MiB YAML file needs well under 100). */
  readonly memoryLimitMb?: number;
}

export interface ScanPool {
  readonly scan: FileScanner;
  /** Stops the workers; a scan still running is rejected with ScanPoolClosedError. */
  close(): Promise<void>;
}

/** The pool was closed (the App or CLI is stopping): the scan did not happen. */
export class ScanPoolClosedError extends Error {
  override readonly name = 'ScanPoolClosedError';
}

export const DEFAULT_CPU_BUDGET_MS = 2000;

/**
 * Worker threads that run the pure `scanFile`, so that no file, however hostile, blocks the
 * event loop that answers webhooks and health checks (issue 8). Each file has a CPU-time
 * budget: a file over it becomes a `file too complex to scan` problem for that file alone, its
 * worker is terminated and replaced, and the other files are scanned as usual.
 */
export function createScanPool(options: ScanPoolOptions = {}): ScanPool {
  const budgetMs = options.cpuBudgetMs ?? DEFAULT_CPU_BUDGET_MS;
  const memoryLimitMb = options.memoryLimitMb ?? 512;
  const threads = options.threads ?? Math.max(1, Math.min(4, availableParallelism() - 1));
  const piscina = new Piscina<ScanTask, ScanResult>({
    ...workerModule(),
    // Always this many: a worker terminated over budget is replaced at once, so queued files
    // never wait for a thread that is not coming. Idle workers don't keep the process alive.
    minThreads: threads,
    maxThreads: threads,
    resourceLimits: { maxOldGenerationSizeMb: memoryLimitMb, maxYoungGenerationSizeMb: 12, stackSizeMb: 4 },
  });
  const watch = new BudgetWatch(budgetMs);
  let closed = false;

  const scan: FileScanner = async (path, text, kindPath) => {
    if (closed) throw new ScanPoolClosedError('the scan pool is closed');
    const started = new SharedArrayBuffer(START_SLOTS_BYTES);
    const controller = new AbortController();
    const watched = watch.add(started, () => controller.abort());
    try {
      const task: ScanTask = { path, text, started, ...(kindPath === undefined ? {} : { kindPath }) };
      return await piscina.run(task, { signal: controller.signal });
    } catch (error) {
      if (watched.overBudget) return tooComplex(path, `it took more than ${formatSeconds(budgetMs)} of CPU time`);
      if (isOutOfMemory(error)) return tooComplex(path, `it needed more than ${memoryLimitMb} MB of memory`);
      if (closed) throw new ScanPoolClosedError('the scan pool was closed during the scan');
      return problem(path, `could not scan the file: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      watch.remove(watched);
    }
  };

  return {
    scan,
    close: async () => {
      closed = true;
      watch.stop();
      await piscina.destroy();
    },
  };
}

/**
 * The worker's module. Compiled, it sits next to this one. Run from the TypeScript sources (as
 * Jest does), the worker gets module hooks that compile `.ts` first: a worker thread is plain
 * Node, which on Node 20 cannot load TypeScript.
 */
function workerModule(): { filename: string; execArgv?: string[] } {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { filename: fileURLToPath(new URL('./scan-worker.js', here)) };
  const hooks = new URL('./ts-hooks.mjs', here).href;
  const register = `import { register } from 'node:module'; register(${JSON.stringify(hooks)});`;
  return {
    filename: fileURLToPath(new URL('./scan-worker.ts', here)),
    execArgv: ['--import', `data:text/javascript,${encodeURIComponent(register)}`],
  };
}

const problem = (file: string, message: string): ScanResult => ({
  references: [],
  unpinned: [],
  skipped: [],
  problems: [{ file, message }],
});

const tooComplex = (file: string, why: string): ScanResult => problem(file, `file too complex to scan: ${why}, so it was skipped`);

function isOutOfMemory(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ERR_WORKER_OUT_OF_MEMORY';
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
