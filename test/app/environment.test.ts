import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { environmentProblems } from '../../src/app/environment.js';
import { scheduleProblem } from '../../src/app/scheduler.js';

const KEY = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();

describe('environmentProblems', () => {
  it('names every missing variable, one line each', () => {
    expect(environmentProblems({})).toEqual([
      expect.stringMatching(/^APP_ID is not set/),
      expect.stringMatching(/^PRIVATE_KEY or PRIVATE_KEY_PATH is not set/),
      expect.stringMatching(/^WEBHOOK_SECRET is not set/),
    ]);
  });

  it('accepts a complete environment', () => {
    expect(
      environmentProblems({
        APP_ID: '12345',
        PRIVATE_KEY: KEY,
        WEBHOOK_SECRET: 'x',
        PINBOT_SCHEDULE: '*/30 * * * *',
        LOG_LEVEL: 'debug',
        LOG_FORMAT: 'pretty',
        PORT: '3000',
      }),
    ).toEqual([]);
  });

  it('reports malformed values without echoing secrets', () => {
    const problems = environmentProblems({
      APP_ID: 'my-app',
      PRIVATE_KEY: 'hunter2',
      WEBHOOK_SECRET: 'x',
      PINBOT_SCHEDULE: 'hourly',
      LOG_LEVEL: 'loud',
      LOG_FORMAT: 'xml',
      PORT: '99999',
    });
    expect(problems).toHaveLength(6);
    expect(problems.join('\n')).not.toContain('hunter2');
    expect(problems).toContainEqual(expect.stringMatching(/^PINBOT_SCHEDULE is not a valid cron expression/));
    // Probot would take any format it doesn't know for json, without a word.
    expect(problems).toContain('LOG_FORMAT must be one of json, pretty');
  });

  it('needs WEBHOOK_SECRET on every replica that receives webhooks, not on a worker', () => {
    const key = { APP_ID: '1', PRIVATE_KEY: KEY };
    const redis = { REDIS_URL: 'redis://redis:6379' };
    const missing = 'WEBHOOK_SECRET is not set: the webhook secret configured in the App settings';
    expect(environmentProblems({ ...key, ...redis, PINBOT_ROLE: 'worker' })).toEqual([]);
    expect(environmentProblems({ ...key, ...redis, PINBOT_ROLE: ' worker ', WEBHOOK_SECRET: '' })).toEqual([]);
    // Given one anyway (the same environment for every replica), a worker is fine with it.
    expect(environmentProblems({ ...key, ...redis, PINBOT_ROLE: 'worker', WEBHOOK_SECRET: 'x' })).toEqual([]);
    for (const role of [{}, { PINBOT_ROLE: 'all' }, { PINBOT_ROLE: 'web' }, { PINBOT_ROLE: 'Worker' }])
      expect(environmentProblems({ ...key, ...redis, ...role, WEBHOOK_SECRET: '  ' })).toContain(missing);
    expect(environmentProblems({ ...key })).toEqual([missing]);
    // A worker without Redis is refused for that, not for the secret.
    expect(environmentProblems({ ...key, PINBOT_ROLE: 'worker' })).toEqual([
      'PINBOT_ROLE=worker needs REDIS_URL: web and worker replicas share a queue in Redis',
    ]);
  });

  it('checks PINBOT_ALLOWED_PRIVATE_REGISTRIES, PINBOT_REGISTRY_CONCURRENCY and WEBHOOK_PATH', () => {
    const complete = { APP_ID: '1', PRIVATE_KEY: KEY, WEBHOOK_SECRET: 'x' };
    expect(
      environmentProblems({ ...complete, PINBOT_ALLOWED_PRIVATE_REGISTRIES: 'registry.internal:5000, 10.0.0.5 ,[fd00::1]:443' }),
    ).toEqual([]);
    expect(environmentProblems({ ...complete, PINBOT_ALLOWED_PRIVATE_REGISTRIES: 'registry.internal:5000,10.0.0.0/8,reg:99999' })).toEqual([
      'PINBOT_ALLOWED_PRIVATE_REGISTRIES must list host[:port] entries, comma-separated; not "10.0.0.0/8", "reg:99999"',
    ]);
    expect(environmentProblems({ ...complete, WEBHOOK_PATH: '/hooks/github' })).toEqual([]);
    expect(environmentProblems({ ...complete, PINBOT_REGISTRY_CONCURRENCY: '16' })).toEqual([]);
    expect(environmentProblems({ ...complete, REDIS_URL: 'redis://:s3cret@redis:6379/0', PINBOT_ROLE: 'worker' })).toEqual([]);
    expect(environmentProblems({ ...complete, REDIS_URL: 'http://s3cret@redis' })).toEqual([
      'REDIS_URL must be a redis:// or rediss:// URL',
    ]);
    expect(environmentProblems({ ...complete, PINBOT_ROLE: 'web' })).toEqual([
      'PINBOT_ROLE=web needs REDIS_URL: web and worker replicas share a queue in Redis',
    ]);
    expect(environmentProblems({ ...complete, REDIS_URL: 'redis://redis', PINBOT_ROLE: 'both' })).toEqual([
      'PINBOT_ROLE must be one of all, web, worker',
    ]);
    expect(environmentProblems({ ...complete, REDIS_URL: 'redis://redis', PINBOT_JOB_LOCK_SECONDS: '10' })).toEqual([]);
    for (const lock of ['1', '3601', '2.5', '10s', '-5'])
      expect(environmentProblems({ ...complete, REDIS_URL: 'redis://redis', PINBOT_JOB_LOCK_SECONDS: lock })).toEqual([
        'PINBOT_JOB_LOCK_SECONDS must be a whole number of seconds from 2 to 3600',
      ]);
    expect(environmentProblems({ ...complete, PINBOT_REGISTRY_CONCURRENCY: '0' })).toEqual([
      'PINBOT_REGISTRY_CONCURRENCY must be a whole number from 1 to 64, got "0"',
    ]);
    expect(environmentProblems({ ...complete, WEBHOOK_PATH: 'hooks' })).toEqual(['WEBHOOK_PATH must be a URL path starting with /']);
  });

  it('checks that PRIVATE_KEY_PATH can be read', () => {
    expect(environmentProblems({ APP_ID: '1', PRIVATE_KEY_PATH: '/nonexistent/key.pem', WEBHOOK_SECRET: 'x' })).toEqual([
      'PRIVATE_KEY_PATH points to a file that cannot be read: /nonexistent/key.pem',
    ]);
  });
});

describe('the private key', () => {
  const base = { APP_ID: '1', WEBHOOK_SECRET: 'x' };

  it('is accepted in every form Probot reads: PEM, \\n-escaped, base64, or a file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pinbot-key-'));
    writeFileSync(path.join(dir, 'app.pem'), KEY);
    expect(environmentProblems({ ...base, PRIVATE_KEY: KEY })).toEqual([]);
    expect(environmentProblems({ ...base, PRIVATE_KEY: KEY.replace(/\n/g, '\\n') })).toEqual([]);
    expect(environmentProblems({ ...base, PRIVATE_KEY: Buffer.from(KEY).toString('base64') })).toEqual([]);
    expect(environmentProblems({ ...base, PRIVATE_KEY_PATH: path.join(dir, 'app.pem') })).toEqual([]);
  });

  it('is refused, in one line, when it only looks like a key', () => {
    const fake = '-----BEGIN RSA PRIVATE KEY-----\nnot base64 at all\n-----END RSA PRIVATE KEY-----\n';
    expect(environmentProblems({ ...base, PRIVATE_KEY: fake })).toEqual([
      'PRIVATE_KEY does not hold a usable private key: download a new .pem from the App settings',
    ]);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pinbot-key-'));
    writeFileSync(path.join(dir, 'junk.pem'), 'hello\n');
    expect(environmentProblems({ ...base, PRIVATE_KEY_PATH: path.join(dir, 'junk.pem') })).toEqual([
      'PRIVATE_KEY_PATH does not hold a usable private key: download a new .pem from the App settings',
    ]);
  });
});

describe('scheduleProblem', () => {
  it('accepts cron expressions and explains bad ones', () => {
    expect(scheduleProblem('0 */6 * * *')).toBeUndefined();
    expect(scheduleProblem('every day')).toMatch(/five, six, or seven/);
  });
});
