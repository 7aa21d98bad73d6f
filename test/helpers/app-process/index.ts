/**
 * The App as a real process (issue 13): `start()`, as `npm start` runs it, in a child process of
 * its own on a free loopback port, with exactly the environment a test gives it (JSON logs on
 * stdout, read back as lines). Several of them against one Redis are the scaled deployment.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deliverWebhook, type WebhookDelivery } from '../github/webhook.js';
import { findFreePort } from '../registry/free-port.js';
import { jsonLines, spawnInGroup } from './child.js';

const ENTRY = fileURLToPath(new URL('./app-from-source.ts', import.meta.url));
/** tsx's loader by absolute URL, so the child may run in any directory. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export type LogLine = Readonly<Record<string, unknown>> & { readonly msg?: string };

export interface AppProcess {
  readonly name: string;
  readonly pid: number;
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** Its JSON log lines so far. */
  logs(): LogLine[];
  /** Log lines with this message whose fields include `fields`. */
  logged(msg: string, fields?: Readonly<Record<string, unknown>>): LogLine[];
  stderr(): string;
  /** Its whole standard output (the JSON log lines, and anything else it wrote there). */
  stdout(): string;
  /** `GET /readyz`'s status (0 when nothing answers). */
  readyz(): Promise<number>;
  metrics(): Promise<string>;
  /** POSTs the delivery signed, as GitHub does; resolves with the status. */
  deliver(delivery: WebhookDelivery): Promise<number>;
  /** SIGTERM (what `docker stop` sends); resolves with the exit code. SIGKILLed if it takes over `ms`. */
  stop(ms?: number): Promise<number | null>;
  /** SIGKILL: the process dies at once, in the middle of whatever it was doing. */
  kill(): Promise<void>;
  readonly exited: Promise<number | null>;
}

export interface AppProcessOptions {
  readonly name: string;
  /** The App's environment (besides PATH, HOME, HOST=127.0.0.1, PORT and JSON logs). */
  readonly env: Readonly<Record<string, string>>;
  readonly webhookSecret: string;
  /** How long to wait for `/readyz` to answer 200. */
  readonly readyWithinMs?: number;
}

export async function startAppProcess(options: AppProcessOptions): Promise<AppProcess> {
  const running = await launchAppProcess(options);
  const deadline = Date.now() + (options.readyWithinMs ?? 90_000);
  let gone = false;
  running.exited.finally(() => (gone = true)).catch(() => undefined);
  while ((await running.readyz()) !== 200) {
    if (gone || Date.now() > deadline) {
      await running.kill();
      throw new Error(`${options.name} never became ready:\n${running.stderr().slice(-2000)}\n${running.stdout().slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return running;
}

/** The App's process, started but not waited for: a test of how it starts (or fails to). */
export async function launchAppProcess(options: Omit<AppProcessOptions, 'readyWithinMs'>): Promise<AppProcess> {
  const port = await findFreePort();
  // Its own working directory: `start()` reads a `.env` from there, and there must be none.
  const home = mkdtempSync(path.join(os.tmpdir(), `pinbot-${options.name}-`));
  const { child, stdout, stderr, exited, killGroup } = spawnInGroup(process.execPath, ['--import', TSX, ENTRY], {
    cwd: home,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      WEBHOOK_SECRET: options.webhookSecret,
      ...options.env,
    },
  });
  exited.finally(() => rmSync(home, { recursive: true, force: true })).catch(() => undefined);
  const url = `http://127.0.0.1:${port}`;
  const logs = (): LogLine[] => jsonLines(stdout());
  const running: AppProcess = {
    name: options.name,
    pid: child.pid!,
    url,
    logs,
    logged: (msg, fields = {}) =>
      logs().filter((line) => line.msg === msg && Object.entries(fields).every(([key, value]) => line[key] === value)),
    stderr,
    stdout,
    readyz: () =>
      fetch(`${url}/readyz`).then(
        async (response) => (await response.text(), response.status),
        () => 0,
      ),
    metrics: async () => (await fetch(`${url}/metrics`)).text(),
    deliver: async (delivery) => {
      const response = await deliverWebhook(`${url}/api/github/webhooks`, options.webhookSecret, delivery);
      await response.text();
      return response.status;
    },
    stop: async (ms = 40_000) => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(killGroup, ms);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    kill: async () => {
      killGroup();
      await exited;
    },
    exited,
  };
  return running;
}

/** Waits until `done()` holds, polling; throws naming `what` after `ms` (generous: the machine may be busy). */
export async function until(done: () => boolean | Promise<boolean>, what: string, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
