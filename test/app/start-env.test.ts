import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { jsonLines, spawnInGroup } from '../helpers/app-process/child.js';
import { signWebhook } from '../helpers/github/index.js';
import { findFreePort } from '../helpers/registry/free-port.js';

/**
 * The real `npm start`, as a child process, in a deployment laid out like the container image
 * (package.json, bin/, dist/ built from these sources, node_modules) with a `.env` beside it.
 * The environment must win over `.env`; `.env` only fills gaps (issue 9).
 */
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let deployment: string;
let keyPath: string;

beforeAll(() => {
  deployment = mkdtempSync(path.join(os.tmpdir(), 'pinbot-start-'));
  const app = path.join(deployment, 'app');
  mkdirSync(app);
  // Built from the sources under test, not whatever dist/ holds: the same `tsc` as `npm run build`.
  const build = spawnSync(path.join(repo, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json', '--outDir', path.join(app, 'dist')], {
    cwd: repo,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
  for (const name of ['package.json', 'bin', '.env.example']) cpSync(path.join(repo, name), path.join(app, name), { recursive: true });
  symlinkSync(path.join(repo, 'node_modules'), path.join(app, 'node_modules'), 'dir');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  keyPath = path.join(deployment, 'app.pem');
  writeFileSync(keyPath, privateKey.export({ type: 'pkcs1', format: 'pem' }));
}, 120_000);

afterAll(() => {
  rmSync(deployment, { recursive: true, force: true });
});

interface Started {
  /** The port it listens on (from its log), or undefined when it exited first. */
  readonly port: number | undefined;
  readonly exitCode: number | null;
  stdout(): string;
  stderr(): string;
  /** SIGTERM to the app, as `docker stop` sends it; resolves with `npm start`'s exit code. */
  stop(): Promise<number | null>;
}

/**
 * `npm start` in the deployment with exactly `env` (plus PATH, HOME, HOST and JSON logs) and
 * `dotEnv` as `.env`; resolves once it listens or has exited.
 */
async function npmStart(env: Record<string, string>, dotEnv: string | undefined): Promise<Started> {
  const app = path.join(deployment, 'app');
  rmSync(path.join(app, '.env'), { force: true });
  if (dotEnv !== undefined) writeFileSync(path.join(app, '.env'), dotEnv);
  const { child, stdout, stderr, exited, killGroup } = spawnInGroup('npm', ['start'], {
    cwd: app,
    env: { PATH: process.env.PATH ?? '', HOME: deployment, HOST: '127.0.0.1', LOG_FORMAT: 'json', ...env },
  });
  let stopped = false;
  exited.finally(() => (stopped = true)).catch(() => undefined);
  const listening = await Promise.race([
    new Promise<{ port: number; pid: number }>((resolve) => {
      const look = (): void => {
        const line = jsonLines(stdout()).find((record) => String(record.msg).startsWith('Listening on '));
        if (line) resolve({ port: Number(/:(\d+)$/.exec(String(line.msg))?.[1]), pid: Number(line.pid) });
        else if (!stopped) setTimeout(look, 50);
      };
      look();
    }),
    exited.then(() => undefined),
  ]);
  const exitCode = listening === undefined ? await exited : null;
  return {
    port: listening?.port,
    exitCode,
    stdout,
    stderr,
    stop: async () => {
      // The app itself, not npm: npm re-raises a signal it was sent instead of exiting with the app's code.
      if (listening && child.exitCode === null) process.kill(listening.pid, 'SIGTERM');
      const timer = setTimeout(killGroup, 20_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** POSTs a `ping` webhook signed with `secret`; Probot answers 200 when the signature holds. */
async function ping(port: number, secret: string): Promise<number> {
  const body = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 });
  const response = await fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'ping',
      'x-github-delivery': `ping-${port}-${secret}`,
      'x-hub-signature-256': signWebhook(secret, body),
    },
  });
  await response.text();
  return response.status;
}

async function listensOn(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/healthz`).then(
    () => true,
    () => false,
  );
}

describe('npm start with the environment and .env', () => {
  it('takes PORT and WEBHOOK_SECRET from the environment over .env', async () => {
    const [fromEnv, fromFile] = [await findFreePort(), await findFreePort()];
    const started = await npmStart(
      { APP_ID: '1', PRIVATE_KEY_PATH: keyPath, WEBHOOK_SECRET: 'secret-from-env', PORT: String(fromEnv), PINBOT_SCHEDULE: '0 3 * * *' },
      `APP_ID=2\nWEBHOOK_SECRET=secret-from-file\nPORT=${fromFile}\nPINBOT_SCHEDULE=not a schedule\n`,
    );
    try {
      expect([started.port, started.stderr()]).toEqual([fromEnv, '']);
      expect(await listensOn(fromFile)).toBe(false);
      expect(await ping(fromEnv, 'secret-from-env')).toBe(200);
      expect(await ping(fromEnv, 'secret-from-file')).toBe(401); // a wrong signature (pinbot's webhook endpoint)
    } finally {
      expect(await started.stop()).toBe(0);
    }
  });

  it('fills what the environment leaves unset from .env', async () => {
    const fromFile = await findFreePort();
    const started = await npmStart({ APP_ID: '1', PRIVATE_KEY_PATH: keyPath }, `WEBHOOK_SECRET=secret-from-file\nPORT=${fromFile}\n`);
    try {
      expect(started.port).toBe(fromFile);
      expect(await ping(fromFile, 'secret-from-file')).toBe(200);
    } finally {
      expect(await started.stop()).toBe(0);
    }
  });

  it('starts with .env.example copied as it is: its empty lines hide nothing', async () => {
    const port = await findFreePort();
    const example = readFileSync(path.join(repo, '.env.example'), 'utf8');
    expect(example).toMatch(/^APP_ID=$/m);
    const started = await npmStart({ APP_ID: '1', PRIVATE_KEY_PATH: keyPath, WEBHOOK_SECRET: 'secret', PORT: String(port) }, example);
    try {
      expect(started.port).toBe(port);
      expect(started.stdout()).not.toMatch(/setup mode/i);
      expect(await ping(port, 'secret')).toBe(200);
    } finally {
      expect(await started.stop()).toBe(0);
    }
  });

  it('checks .env with the environment as one: bad values stop it before it listens, one line each', async () => {
    const started = await npmStart(
      { APP_ID: '1', PRIVATE_KEY_PATH: keyPath, WEBHOOK_SECRET: 'secret', PORT: String(await findFreePort()), LOG_FORMAT: 'xml' },
      'PINBOT_SCHEDULE=every tuesday\n',
    );
    expect(started.exitCode).toBe(1);
    expect(started.stdout()).not.toContain('Listening');
    expect(
      started
        .stderr()
        .split('\n')
        .filter((line) => line.startsWith('pinbot:')),
    ).toEqual([
      expect.stringMatching(/^pinbot: PINBOT_SCHEDULE is not a valid cron expression: /),
      'pinbot: LOG_FORMAT must be one of json, pretty',
      'pinbot: see .env.example for every setting',
    ]);
    expect(started.stderr()).not.toMatch(/\n\s+at /);
  });

  it('writes JSON log lines with each key once', async () => {
    const port = await findFreePort();
    const started = await npmStart({ APP_ID: '1', PRIVATE_KEY_PATH: keyPath, WEBHOOK_SECRET: 'secret', PORT: String(port) }, undefined);
    try {
      expect(started.port).toBe(port);
    } finally {
      expect(await started.stop()).toBe(0);
    }
    const lines = started
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'));
    expect(jsonLines(started.stdout()).map((record) => record.msg)).toEqual(
      expect.arrayContaining([`Listening on http://127.0.0.1:${port}`, 'scheduler started', 'shutting down']),
    );
    for (const line of lines) expect([line, duplicateKeys(line)]).toEqual([line, []]);
    expect(jsonLines(started.stdout()).find((record) => record.msg === 'scheduler started')).toMatchObject({ name: 'probot' });
  });
});

/** Top-level keys a JSON object line spells more than once (JSON.parse keeps only the last). */
function duplicateKeys(line: string): string[] {
  const keys = [...line.matchAll(/[{,]"([^"]+)":/g)].map((match) => match[1]!);
  return keys.filter((key, index) => keys.indexOf(key) !== index);
}
