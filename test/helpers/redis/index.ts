/**
 * A real `redis-server` (Debian's package) for tests and benchmarks: on a free loopback port,
 * nothing persisted, stopped by `stop()`. Tests never share one: each gets its own process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { findFreePort } from '../registry/free-port.js';

export interface LocalRedis {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** `port`: start on that one (a Redis brought back after a test stopped it); default a free one. */
export async function startRedis(options: { readonly port?: number } = {}): Promise<LocalRedis> {
  const port = options.port ?? (await findFreePort());
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  let timer: NodeJS.Timeout | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`redis-server did not start on ${port}: ${output.slice(-500)}`)), 15_000);
    const watch = (chunk: Buffer): void => {
      output += chunk.toString();
      if (/Ready to accept connections/i.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', watch);
    child.stderr?.on('data', watch);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}: ${output.slice(-500)}`));
    });
  });
  // --loglevel warning hides the ready line on some builds: fall back to asking it.
  try {
    await Promise.race([ready, waitForPing(port)]);
  } finally {
    // Answered PING before it logged: a timer left running keeps a Jest worker from exiting.
    clearTimeout(timer);
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function waitForPing(port: number): Promise<void> {
  const { Redis } = await import('ioredis');
  for (let attempt = 0; attempt < 150; attempt++) {
    const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    // Refused while the server starts: connect() rejects, and without a listener ioredis would also print the error.
    client.on('error', () => undefined);
    try {
      await client.connect();
      if ((await client.ping()) === 'PONG') return;
    } catch {
      // not up yet
    } finally {
      // A refused connection is closed already ('end'): disconnecting it again would arm ioredis'
      // 2 s "destroy the stream" timer, cleared only by a close event that came before it, and
      // keep the process (a Jest worker at the end of the run) alive for those 2 s.
      if (client.status !== 'end') client.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`redis-server on ${port} never answered PING`);
}
