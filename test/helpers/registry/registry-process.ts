/**
 * Runs `docker-registry serve CONFIG` under a tiny shell watchdog and waits until it answers.
 *
 * Why the watchdog: a test run that dies (Jest killed on a timeout, Ctrl-C, a forgotten
 * `stop()`) must not leave a registry running. The shell holds our stdin pipe; when this Node
 * process closes it, on purpose in `stop()` or because the process died, the read ends and the
 * registry gets SIGTERM. The shell leads its own process group so a last-resort SIGKILL reaches
 * everything it started.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

const WATCHDOG = [
  'exec 3<&0', // keep stdin on fd 3: background jobs get /dev/null as stdin
  '"$0" serve "$1" &',
  'registry=$!',
  '( read -r _ <&3; kill -TERM "$registry" 2>/dev/null ) &',
  'watchdog=$!',
  'wait "$registry"',
  'status=$?',
  'kill "$watchdog" 2>/dev/null',
  'exit "$status"',
].join('\n');

const OUTPUT_TAIL_CHARS = 8000;
const STOP_GRACE_MS = 5000;

export interface RegistryProcess {
  /** Settles when the registry (and the watchdog) have exited and their output is closed. */
  closed: Promise<void>;
  hasExited(): boolean;
  /** The last few thousand characters the registry wrote to stdout and stderr. */
  output(): string;
  stop(): Promise<void>;
}

export function spawnRegistry(binary: string, configPath: string): RegistryProcess {
  const child: ChildProcessByStdio<Writable, Readable, Readable> = spawn('/bin/sh', ['-c', WATCHDOG, binary, configPath], {
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  // Ending stdin after the shell already exited raises EPIPE; there is nothing left to stop then.
  child.stdin.on('error', () => undefined);

  let exited = false;
  const closed = new Promise<void>((resolve) => {
    child.once('error', (error) => {
      collect(Buffer.from(`could not start /bin/sh: ${error.message}\n`));
      exited = true;
      resolve();
    });
    child.once('close', () => {
      exited = true;
      resolve();
    });
  });

  const stop = async (): Promise<void> => {
    if (exited) return;
    child.stdin.end();
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), STOP_GRACE_MS);
    });
    const outcome = await Promise.race([closed, graceOver]);
    clearTimeout(timer);
    if (outcome === 'timeout' && child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group is already gone.
      }
      await closed;
    }
  };

  return { closed, hasExited: () => exited, output: () => output, stop };
}

export type ReadyOutcome = 'ready' | 'exited' | 'timeout';

function pause(ms: number, cancel: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), cancel]).finally(() => clearTimeout(timer));
}

/** Polls GET /v2/ until it answers 200 (open) or 401 (auth on), the process exits, or time runs out. */
export async function waitUntilReady(url: string, registry: RegistryProcess, timeoutMs: number): Promise<ReadyOutcome> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (registry.hasExited()) return 'exited';
    try {
      const res = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      // Checking the process too: another program holding the port could answer for us.
      if ((res.status === 200 || res.status === 401) && !registry.hasExited()) return 'ready';
    } catch {
      // Not listening yet.
    }
    await pause(50, registry.closed);
  }
  return registry.hasExited() ? 'exited' : 'timeout';
}
