import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start } from '../../src/app/main.js';

const KEYS = ['APP_ID', 'PRIVATE_KEY', 'PRIVATE_KEY_PATH', 'WEBHOOK_SECRET', 'PORT'] as const;
const saved = Object.fromEntries(KEYS.map((key) => [key, process.env[key]]));
const cwd = process.cwd();

afterEach(() => {
  process.chdir(cwd);
  for (const key of KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  jest.restoreAllMocks();
});

describe('npm start and .env', () => {
  it('loads .env from the working directory; variables already set win', async () => {
    for (const key of KEYS) delete process.env[key];
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pinbot-dotenv-'));
    // Everything but a valid port comes from the file, so start() stops before serving.
    writeFileSync(path.join(dir, '.env'), 'APP_ID=123\nWEBHOOK_SECRET=from-file\nPRIVATE_KEY_PATH=/nonexistent.pem\nPORT=3000\n');
    process.env.PORT = 'not-a-port';
    process.chdir(dir);
    const lines: string[] = [];
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => lines.push(String(chunk)) > 0);

    expect(await start()).toBe(1);
    expect(lines).toEqual([
      'pinbot: PRIVATE_KEY_PATH points to a file that cannot be read: /nonexistent.pem\n',
      'pinbot: PORT must be a port number\n',
      'pinbot: see .env.example for every setting\n',
    ]);
    expect(process.env.APP_ID).toBe('123');
  });
});
