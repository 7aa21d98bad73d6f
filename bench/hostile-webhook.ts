// Hostile webhooks (issue 8, finding 1): 50 MB wrongly signed deliveries to the App's real
// server, in a process of its own. Measured: time to the refusal, bytes the sender got to send
// by then, the server's peak RSS growth (VmHWM, reset before each case), /healthz latency while
// it happens, and the server's log bytes. Targets: refused in under 100 ms, growth under 30 MB.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '../test/helpers/registry/free-port.js';
import { sendRaw, type RawAnswer } from '../test/helpers/raw-webhook.js';

const MB = 1024 * 1024;
const BODY = 50 * MB;

export async function benchHostileWebhook(): Promise<string[]> {
  const port = await findFreePort();
  const server = spawn(process.execPath, [fileURLToPath(new URL('./hostile-webhook-server.js', import.meta.url))], {
    env: { ...process.env, BENCH_PORT: String(port), NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logBytes = 0;
  let logText = '';
  server.stderr.on('data', (chunk: Buffer) => {
    logBytes += chunk.length;
    logText += chunk.toString();
  });
  try {
    await listening(server);
    const url = `http://127.0.0.1:${port}`;
    const hook = `${url}/api/github/webhooks`;
    const lines = [`hostile-webhook: ${BODY / MB} MB wrongly signed deliveries to the App's server (pid ${server.pid})`];
    const cases: Array<[string, () => Promise<RawAnswer[]>]> = [
      ['with Content-Length', async () => [await sendRaw(hook, { headers: { 'content-length': String(BODY) }, totalBytes: BODY })]],
      ['chunked', async () => [await sendRaw(hook, { headers: { 'transfer-encoding': 'chunked' }, totalBytes: BODY, end: true })]],
      [
        'eight at once, chunked',
        () =>
          Promise.all(
            Array.from({ length: 8 }, () => sendRaw(hook, { headers: { 'transfer-encoding': 'chunked' }, totalBytes: BODY, end: true })),
          ),
      ],
    ];
    for (const [label, run] of cases) {
      await settle(url);
      const before = memory(server.pid!);
      resetPeak(server.pid!);
      const logsBefore = logBytes;
      logText = '';
      const health = watchHealth(url);
      const answers = await run();
      const healthMs = await health.stop();
      const peak = memory(server.pid!).peakKb;
      const slowest = Math.max(...answers.map((answer) => answer.answeredAfterMs));
      await settle(url); // lets the server's last log lines arrive
      const serverMs = Math.max(
        ...[...logText.matchAll(/"url":"\/api\/github\/webhooks".*?"responseTime":(\d+)/g)].map((match) => Number(match[1])),
      );
      const statuses = [...new Set(answers.map((answer) => answer.status))].join('/');
      const sent = Math.max(...answers.map((answer) => answer.sent)) / MB;
      lines.push(
        `  ${label}: answered ${statuses} after ${serverMs} ms by the server's clock, ${slowest.toFixed(0)} ms as the sender saw it ` +
          `(it had sent ${sent.toFixed(1)} MB), ` +
          `server peak RSS +${((peak - before.rssKb) / 1024).toFixed(1)} MB, /healthz worst ${healthMs.toFixed(0)} ms ` +
          `(${health.count()} asked), ${logBytes - logsBefore} log bytes`,
      );
    }
    lines.push('  targets: refused in under 100 ms, RSS growth under 30 MB');
    return lines;
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
}

function listening(server: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    server.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) resolve();
    });
    server.once('exit', (code) => reject(new Error(`the App's server exited (${code}) before listening`)));
  });
}

/** A few /healthz round trips first, so the next case starts from a warmed-up, quiet server. */
async function settle(url: string): Promise<void> {
  for (let i = 0; i < 5; i++) await (await fetch(`${url}/healthz`)).text();
  await new Promise((resolve) => setTimeout(resolve, 200));
}

/** Asks /healthz back to back until stopped; reports the slowest answer. */
function watchHealth(url: string): { stop(): Promise<number>; count(): number } {
  let running = true;
  let worst = 0;
  let asked = 0;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      await (await fetch(`${url}/healthz`)).text();
      worst = Math.max(worst, performance.now() - started);
      asked += 1;
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return worst;
    },
    count: () => asked,
  };
}

function memory(pid: number): { rssKb: number; peakKb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssKb: field('VmRSS'), peakKb: field('VmHWM') };
}

/** Linux: writing 5 to clear_refs resets the peak RSS (VmHWM) to the current RSS. */
function resetPeak(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}
