import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface CliProcessRun {
  readonly code: number | null;
  /** Set when the process had to be killed: it hung. */
  readonly killed: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

const ENTRY = fileURLToPath(new URL('./pinbot-from-source.ts', import.meta.url));
/** tsx's loader by absolute URL, so the child may run in any directory. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * Runs `pinbot <argv>` in a child process. `killAfterMs` only guards against a hang (a test
 * asserts `killed` is false); it is generous because a busy machine is slow, and tests never
 * assert on timing.
 */
export function runCliProcess(argv: readonly string[], options: { cwd: string; killAfterMs?: number }): Promise<CliProcessRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', TSX, ENTRY, ...argv],
      {
        cwd: options.cwd,
        timeout: options.killAfterMs ?? 60_000,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
        env: { PATH: process.env.PATH, HOME: options.cwd },
      },
      (error, stdout, stderr) => {
        const killed = error !== null && 'killed' in error && error.killed === true;
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code, killed, stdout, stderr });
      },
    );
  });
}
