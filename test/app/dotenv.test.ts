import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readDotEnv, withDotEnv } from '../../src/app/dotenv.js';

describe('withDotEnv', () => {
  it('keeps every variable the environment sets and adds the ones it lacks', () => {
    const environment = { PORT: '3458', WEBHOOK_SECRET: 'from-env' };
    const merged = withDotEnv(environment, 'PORT=3457\nWEBHOOK_SECRET=from-file\nAPP_ID=42\n');
    expect(merged).toEqual({ PORT: '3458', WEBHOOK_SECRET: 'from-env', APP_ID: '42' });
    expect(environment).toEqual({ PORT: '3458', WEBHOOK_SECRET: 'from-env' });
  });

  it('lets no blank value in .env hide or replace anything', () => {
    const merged = withDotEnv({ APP_ID: '7', PRIVATE_KEY_PATH: '/run/key.pem' }, 'APP_ID=\nPRIVATE_KEY=\nWEBHOOK_SECRET="  "\n');
    expect(merged).toEqual({ APP_ID: '7', PRIVATE_KEY_PATH: '/run/key.pem' });
  });

  it('treats a variable the environment sets blank as a gap that .env fills', () => {
    expect(withDotEnv({ PORT: '', HOST: ' ' }, 'PORT=3000\nHOST=0.0.0.0\n')).toEqual({ PORT: '3000', HOST: '0.0.0.0' });
  });

  it('reads dotenv syntax: quotes, comments, export-free lines', () => {
    const merged = withDotEnv({}, '# a comment\nPINBOT_SCHEDULE="0 3 * * *"\nLOG_LEVEL=debug # trailing\n');
    expect(merged).toEqual({ PINBOT_SCHEDULE: '0 3 * * *', LOG_LEVEL: 'debug' });
  });
});

describe('readDotEnv', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pinbot-dotenv-'));

  it('reads the file, and finds none where there is none', () => {
    writeFileSync(path.join(dir, '.env'), 'A=1\n');
    expect(readDotEnv(path.join(dir, '.env'))).toEqual({ found: true, text: 'A=1\n' });
    expect(readDotEnv(path.join(dir, 'missing'))).toEqual({ found: false });
  });

  it('says why a .env that exists cannot be read', () => {
    mkdirSync(path.join(dir, 'folder.env'));
    expect(readDotEnv(path.join(dir, 'folder.env'))).toEqual({ found: 'unreadable', reason: 'EISDIR' });
  });
});
