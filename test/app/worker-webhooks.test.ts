import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createWebhookEndpoint } from '../../src/app/webhook/endpoint.js';
import { until } from '../helpers/app-process/index.js';
import { signWebhook, type FakeGitHub } from '../helpers/github/index.js';
import { startRedis, type LocalRedis } from '../helpers/redis/index.js';
import { logRecords, serveApp, startKeyedFake, type ServedApp } from './support/serve-app.js';

/**
 * A `worker` replica (issue 13) receives no webhooks, so it needs no webhook secret. Without
 * one it must not verify deliveries against an empty key (anyone can sign with that), and with
 * one it still takes none: every request to the webhook path is refused.
 */
let redis: LocalRedis;
let fake: FakeGitHub;
let privateKeyPem: string;

beforeAll(async () => {
  [redis, { fake, privateKeyPem }] = await Promise.all([startRedis(), startKeyedFake()]);
}, 60_000);

afterAll(async () => {
  await Promise.all([redis?.stop(), fake?.stop()]);
});

const PING = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 });

async function post(app: ServedApp, signature: string | undefined, id: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${app.url}/api/github/webhooks`, {
    method: 'POST',
    body: PING,
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'ping',
      'x-github-delivery': id,
      ...(signature === undefined ? {} : { 'x-hub-signature-256': signature }),
    },
  });
  return { status: response.status, text: await response.text() };
}

const REFUSAL = 'this replica is a worker (PINBOT_ROLE=worker) and takes no webhooks: send them to a web or all replica\n';

describe('a worker replica and webhooks', () => {
  it('starts without WEBHOOK_SECRET and refuses every delivery 404: signed with the empty key, with any key, or unsigned', async () => {
    const app = await serveApp({
      fake,
      privateKeyPem,
      secret: '',
      env: { REDIS_URL: redis.url, PINBOT_ROLE: 'worker', WEBHOOK_SECRET: '' },
    });
    try {
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
      expect(await post(app, signWebhook('', PING), 'empty-key')).toEqual({ status: 404, text: REFUSAL });
      expect(await post(app, signWebhook('guessed', PING), 'any-key')).toEqual({ status: 404, text: REFUSAL });
      expect(await post(app, undefined, 'unsigned')).toEqual({ status: 404, text: REFUSAL });
      expect((await fetch(`${app.url}/api/github/webhooks/`)).status).toBe(404);
      const reason = REFUSAL.trim();
      expect(logRecords(app.logs, 'webhook refused')).toEqual([
        ...['empty-key', 'any-key', 'unsigned'].map((delivery) =>
          expect.objectContaining({ status: 404, event: 'ping', delivery, reason }),
        ),
        expect.objectContaining({ status: 404, reason }),
      ]);
      expect(logRecords(app.logs, 'webhook received')).toEqual([]);
    } finally {
      await app.stop();
    }
  });

  it('given a WEBHOOK_SECRET (one environment for every replica), still refuses a delivery signed with it', async () => {
    const app = await serveApp({ fake, privateKeyPem, secret: 'shared-secret', env: { REDIS_URL: redis.url, PINBOT_ROLE: 'worker' } });
    try {
      expect(await post(app, signWebhook('shared-secret', PING), 'signed')).toEqual({ status: 404, text: REFUSAL });
    } finally {
      await app.stop();
    }
  });

  it('a web replica with the same secret takes that delivery', async () => {
    const app = await serveApp({ fake, privateKeyPem, secret: 'shared-secret', env: { REDIS_URL: redis.url, PINBOT_ROLE: 'web' } });
    try {
      // Ready once its Redis connection is: until then a delivery is refused 503, to be redelivered.
      await until(async () => (await fetch(`${app.url}/readyz`)).status === 200, 'the web replica to be ready');
      expect((await post(app, signWebhook('shared-secret', PING), 'to-web')).status).toBe(200);
    } finally {
      await app.stop();
    }
  });
});

describe('createWebhookEndpoint', () => {
  it('refuses to exist without a secret: every signature would be checked against the empty key', () => {
    expect(() =>
      createWebhookEndpoint({ path: '/hooks', secret: '', receive: async () => undefined, log: () => undefined as never }),
    ).toThrow('a webhook endpoint needs a webhook secret');
  });
});
