import { describe, expect, it, jest } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { launchAppProcess, until } from '../helpers/app-process/index.js';
import { findFreePort } from '../helpers/registry/free-port.js';

/**
 * A scaled App (issue 13) started while Redis is away waits for it before it is ready. A signal
 * then (`docker stop`, Kubernetes replacing a pod that never became ready) must end it at once,
 * exit code 0, rather than be ignored until the grace period ends in a SIGKILL. Real processes,
 * as `npm start` runs them, with REDIS_URL on a loopback port nothing listens on.
 */
jest.setTimeout(180_000);

const PRIVATE_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();

const cases: ReadonlyArray<{ readonly name: string; readonly signal: NodeJS.Signals; readonly env: Readonly<Record<string, string>> }> = [
  { name: 'all', signal: 'SIGTERM', env: {} },
  // A worker needs no webhook secret: blank counts as unset.
  { name: 'worker', signal: 'SIGTERM', env: { PINBOT_ROLE: 'worker', WEBHOOK_SECRET: '' } },
  { name: 'all', signal: 'SIGINT', env: {} },
];

describe('a signal while the App waits for Redis at startup', () => {
  it.each(cases)('$signal ends the $name process with exit code 0, nothing left running', async ({ name, signal, env }) => {
    const nothingListens = await findFreePort();
    const app = await launchAppProcess({
      name: `waiting-${name}`,
      webhookSecret: 'startup-secret',
      env: { APP_ID: '1', PRIVATE_KEY, REDIS_URL: `redis://127.0.0.1:${nothingListens}`, ...env },
    });
    try {
      await until(() => app.logged('waiting for Redis').length > 0, `${name} to wait for Redis`);
      expect(await app.readyz()).toBe(503);
      process.kill(app.pid, signal);
      // Ends by itself: the Redis connections (which would retry forever) and the server are closed.
      let timer: NodeJS.Timeout | undefined;
      const code = await Promise.race([
        app.exited,
        new Promise<'still running'>((resolve) => (timer = setTimeout(resolve, 60_000, 'still running'))),
      ]);
      clearTimeout(timer);
      expect(code).toBe(0);
      expect(app.logged('stopped while starting: nothing to drain')).toHaveLength(1);
      expect(app.logged('shutting down')).toEqual([]);
    } finally {
      await app.kill();
    }
  });
});
