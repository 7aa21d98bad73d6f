import { describe, expect, it } from '@jest/globals';
import { changesPulls, createOwnLogin } from '../../src/app/own-login.js';

describe('the App telling its own pushes from everyone else’s', () => {
  const own = createOwnLogin(async () => 'pinbot');
  const synchronize = (login: string, type: string) => ({ action: 'synchronize', sender: { login, type } });

  it('closing and reopening always change what a scan decides; opening does not', async () => {
    expect(await changesPulls({ action: 'closed' }, own)).toBe(true);
    expect(await changesPulls({ action: 'reopened' }, own)).toBe(true);
    expect(await changesPulls({ action: 'opened' }, own)).toBe(false);
  });

  it('a push by the App itself keeps the state; by any other bot or a person it does not', async () => {
    expect(await changesPulls(synchronize('pinbot[bot]', 'Bot'), own)).toBe(false);
    expect(await changesPulls(synchronize('PinBot[bot]', 'Bot'), own)).toBe(false);
    for (const bot of ['dependabot[bot]', 'renovate[bot]', 'github-actions[bot]']) {
      expect(await changesPulls(synchronize(bot, 'Bot'), own)).toBe(true);
    }
    expect(await changesPulls(synchronize('octocat', 'User'), own)).toBe(true);
    // A user named like the App is still a user.
    expect(await changesPulls(synchronize('pinbot[bot]', 'User'), own)).toBe(true);
  });

  it('asks GitHub once while it answers, again after a failure, and counts an unknown App as someone else', async () => {
    const answers: Array<() => Promise<string | undefined>> = [
      async () => {
        throw new Error('GET /app: 502');
      },
      async () => 'pinbot',
    ];
    let asked = 0;
    const login = createOwnLogin(() => answers[Math.min(asked++, 1)]!());
    expect(await changesPulls(synchronize('pinbot[bot]', 'Bot'), login)).toBe(true);
    expect(await changesPulls(synchronize('pinbot[bot]', 'Bot'), login)).toBe(false);
    expect(await login()).toBe('pinbot[bot]');
    expect(asked).toBe(2);
  });
});
