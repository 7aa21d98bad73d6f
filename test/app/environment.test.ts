import { describe, expect, it } from '@jest/globals';
import { environmentProblems } from '../../src/app/environment.js';
import { scheduleProblem } from '../../src/app/scheduler.js';

const KEY = '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n';

describe('environmentProblems', () => {
  it('names every missing variable, one line each', () => {
    expect(environmentProblems({})).toEqual([
      expect.stringMatching(/^APP_ID is not set/),
      expect.stringMatching(/^PRIVATE_KEY or PRIVATE_KEY_PATH is not set/),
      expect.stringMatching(/^WEBHOOK_SECRET is not set/),
    ]);
  });

  it('accepts a complete environment', () => {
    expect(environmentProblems({ APP_ID: '12345', PRIVATE_KEY: KEY, WEBHOOK_SECRET: 'x', PINBOT_SCHEDULE: '*/30 * * * *', LOG_LEVEL: 'debug', PORT: '3000' })).toEqual([]);
  });

  it('reports malformed values without echoing secrets', () => {
    const problems = environmentProblems({ APP_ID: 'my-app', PRIVATE_KEY: 'hunter2', WEBHOOK_SECRET: 'x', PINBOT_SCHEDULE: 'hourly', LOG_LEVEL: 'loud', PORT: '99999' });
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).not.toContain('hunter2');
    expect(problems).toContainEqual(expect.stringMatching(/^PINBOT_SCHEDULE is not a valid cron expression/));
  });

  it('checks that PRIVATE_KEY_PATH can be read', () => {
    expect(environmentProblems({ APP_ID: '1', PRIVATE_KEY_PATH: '/nonexistent/key.pem', WEBHOOK_SECRET: 'x' })).toEqual([
      'PRIVATE_KEY_PATH points to a file that cannot be read: /nonexistent/key.pem',
    ]);
  });
});

describe('scheduleProblem', () => {
  it('accepts cron expressions and explains bad ones', () => {
    expect(scheduleProblem('0 */6 * * *')).toBeUndefined();
    expect(scheduleProblem('every day')).toMatch(/five, six, or seven/);
  });
});
