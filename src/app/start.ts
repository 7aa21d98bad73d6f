import { readDotEnv, withDotEnv } from './dotenv.js';
import { serve, type RunningApp, type ServeResult } from './main.js';

/**
 * `npm start`: the environment, with `.env` from the working directory filling its gaps (never
 * overriding it), is checked as a whole; then it prints the problems (exit code 1) or serves
 * until SIGTERM or SIGINT, which drain queued scans before the server closes.
 */
export async function start(environment: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  const dotEnv = readDotEnv('.env');
  if (dotEnv.found === 'unreadable') return refuse([`.env cannot be read (${dotEnv.reason})`]);
  const env = dotEnv.found ? withDotEnv(environment, dotEnv.text) : { ...environment };
  // Listening before the server starts: a signal that arrives while it does (right after
  // "Listening on", say) still drains instead of killing the process halfway.
  const shutdown = drainOnSignal();
  let served: ServeResult;
  try {
    served = await serve(env, { signal: shutdown.starting });
  } catch (error) {
    // The server could not start (a port in use, a host it may not bind): Probot has logged the
    // details; one line here, not an uncaught exception's stack.
    process.stderr.write(`pinbot: the server could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  // Interrupted while starting: what had started is closed, and the process ends with nothing left to run.
  if (!served.ok) return 'problems' in served ? refuse(served.problems) : 0;
  shutdown.serving(served.app);
  return 0;
}

function refuse(problems: readonly string[]): number {
  for (const problem of problems) process.stderr.write(`pinbot: ${problem}\n`);
  process.stderr.write('pinbot: see .env.example for every setting\n');
  return 1;
}

/**
 * SIGTERM is what `docker stop` and Kubernetes send (as PID 1 in a container Node would
 * otherwise ignore it), SIGINT is Ctrl-C: either way, the app drains, then the process exits.
 * A second signal of the same kind finds no handler and ends the process at once.
 */
function drainOnSignal(): { readonly starting: AbortSignal; serving(app: RunningApp): void } {
  let app: RunningApp | undefined;
  let requested = false;
  const starting = new AbortController();
  const drain = (running: RunningApp): void => {
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  const onSignal = (): void => {
    requested = true;
    // Still starting (a scaled App waiting for Redis): nothing to drain, the start stops.
    if (app) drain(app);
    else starting.abort();
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  return {
    starting: starting.signal,
    serving: (running) => {
      app = running;
      if (requested) drain(running);
    },
  };
}
