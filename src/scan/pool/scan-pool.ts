import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { ScanResult } from '../types.js';
import { BudgetWatch } from './budget-watch.js';
import type { ScanTask } from './scan-worker.js';
import { START_SLOTS_BYTES, type PoolTask } from './start-slots.js';

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

/** What a task run in the pool came to: its result, or why there is none. */
export type TaskOutcome<Result> =
  | { readonly ok: true; readonly value: Result }
  /** `reason` completes "…because": `it took more than 2 s of CPU time`. */
  | { readonly ok: false; readonly tooComplex: boolean; readonly reason: string };

export interface ScanPool {
  readonly scan: FileScanner;
  /**
   * Runs another pure task in the same workers under the same budget: `module` is the file
   * whose default export takes the task (see `workerFile`), and which calls `reportStarted`
   * with the task's `started` buffer before its work. Used for config files (`config/`),
   * which the scan layer must not import.
   */
  runTask<Task extends object, Result>(module: string, task: Task): Promise<TaskOutcome<Result>>;
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
  const scanWorker = workerModule(import.meta.url, './scan-worker.js');
  const piscina = new Piscina<PoolTask, unknown>({
    ...scanWorker,
    // Always this many: a worker terminated over budget is replaced at once, so queued files
    // never wait for a thread that is not coming. Idle workers don't keep the process alive.
    minThreads: threads,
    maxThreads: threads,
    resourceLimits: { maxOldGenerationSizeMb: memoryLimitMb, maxYoungGenerationSizeMb: 12, stackSizeMb: 4 },
  });
  const watch = new BudgetWatch(budgetMs);
  let closed = false;

  const runTask = async <Task extends object, Result>(filename: string, task: Task): Promise<TaskOutcome<Result>> => {
    if (closed) throw new ScanPoolClosedError('the scan pool is closed');
    const started = new SharedArrayBuffer(START_SLOTS_BYTES);
    const controller = new AbortController();
    const watched = watch.add(started, () => controller.abort());
    try {
      const withStart: Task & PoolTask = { ...task, started };
      return { ok: true, value: (await piscina.run(withStart, { filename, signal: controller.signal })) as Result };
    } catch (error) {
      if (watched.overBudget) return { ok: false, tooComplex: true, reason: `it took more than ${formatSeconds(budgetMs)} of CPU time` };
      if (isOutOfMemory(error)) return { ok: false, tooComplex: true, reason: `it needed more than ${memoryLimitMb} MB of memory` };
      if (closed) throw new ScanPoolClosedError('the scan pool was closed during the task');
      return { ok: false, tooComplex: false, reason: error instanceof Error ? error.message : String(error) };
    } finally {
      watch.remove(watched);
    }
  };

  const scan: FileScanner = async (path, text, kindPath) => {
    const task: Omit<ScanTask, 'started'> = { path, text, ...(kindPath === undefined ? {} : { kindPath }) };
    const outcome = await runTask<Omit<ScanTask, 'started'>, ScanResult>(scanWorker.filename, task);
    if (outcome.ok) return outcome.value;
    if (outcome.tooComplex) return tooComplex(path, outcome.reason);
    return problem(path, `could not scan the file: ${outcome.reason}`);
  };

  return {
    scan,
    runTask,
    close: async () => {
      closed = true;
      watch.stop();
      await piscina.destroy();
    },
  };
}

/**
 * A worker module next to the module at `from` (its `import.meta.url`), named as compiled
 * (`./scan-worker.js`). Run from the TypeScript sources (as Jest does), that is the `.ts` file,
 * and the workers get module hooks that compile `.ts` first: a worker thread is plain Node,
 * which on Node 20 cannot load TypeScript.
 */
export function workerModule(from: string, name: string): { filename: string; execArgv?: string[] } {
  if (!from.endsWith('.ts')) return { filename: fileURLToPath(new URL(name, from)) };
  const hooks = new URL('./ts-hooks.mjs', import.meta.url).href;
  const register = `import { register } from 'node:module'; register(${JSON.stringify(hooks)});`;
  return {
    filename: fileURLToPath(new URL(name.replace(/\.js$/, '.ts'), from)),
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
