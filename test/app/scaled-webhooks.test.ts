import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Probot } from 'probot';
import pino from 'pino';
import { createPinbotApp } from '../../src/app/probot-app.js';
import { createDeliveryLog } from '../../src/app/deliveries.js';
import { createWebhookEndpoint, type VerifiedEvent } from '../../src/app/webhook/endpoint.js';
import { push, signWebhook, startFakeGitHub, ZERO_SHA, type FakeGitHub } from '../helpers/github/index.js';

/**
 * A scaled App whose Redis is away must not answer a delivery 200 and then lose it (issue 13):
 * the endpoint refuses it 503 (GitHub shows it failed, redeliverable), and a scan request the
 * queue could not take fails the delivery and forgets its id, so the redelivery is taken.
 */
const SECRET = 'scaled-webhook-secret';
const silent = pino({ level: 'silent' });

describe('the webhook endpoint while the queue is unavailable', () => {
  let server: Server;
  let url: string;
  const received: VerifiedEvent[] = [];
  let unavailable: string | undefined = 'redis reconnecting';

  beforeAll(async () => {
    const endpoint = createWebhookEndpoint({
      path: '/hooks',
      secret: SECRET,
      receive: async (event) => void received.push(event),
      log: () => silent,
      unavailable: () => unavailable,
    });
    server = createServer((req, res) => void endpoint(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const ping = async (signature: string): Promise<Response> => {
    const body = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 });
    return fetch(url, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'ping',
        'x-github-delivery': 'delivery-1',
        'x-hub-signature-256': signature === 'good' ? signWebhook(SECRET, body) : signWebhook('wrong', body),
      },
    });
  };

  it('answers a verified delivery 503 with Retry-After and hands nothing to the handlers', async () => {
    const response = await ping('good');
    expect([response.status, response.headers.get('retry-after'), await response.text()]).toEqual([
      503,
      '30',
      'cannot take deliveries now (redis reconnecting)\n',
    ]);
    expect(received).toEqual([]);
  });

  it('still says 401 to a wrong signature first: the state is no one else’s business', async () => {
    expect((await ping('bad')).status).toBe(401);
  });

  it('takes the delivery once the queue is back', async () => {
    unavailable = undefined;
    expect((await ping('good')).status).toBe(200);
    expect(received.map((event) => event.id)).toEqual(['delivery-1']);
  });
});

describe('a scan request the queue refuses', () => {
  let fake: FakeGitHub;
  beforeAll(async () => {
    fake = await startFakeGitHub();
    fake.createRepo({ owner: 'acme', repo: 'api', files: { Dockerfile: 'FROM node:22\n' } });
    fake.addInstallation({ id: 7, account: 'acme', repos: 'all' });
  });
  afterAll(async () => {
    await fake.stop();
  });

  it('fails the delivery and forgets its id: the redelivery is dispatched again', async () => {
    const dispatched: string[] = [];
    let refuse = true;
    const pinbot = createPinbotApp({
      check: { clientFor: () => Promise.reject(new Error('no registry in this test')) } as never,
      deliveries: createDeliveryLog(),
      dispatch: async (_octokit, _id, target) => {
        dispatched.push(`${target.owner}/${target.repo}`);
        if (refuse) throw new Error('Stream isn’t writeable');
      },
    });
    const probot = new Probot({ appId: 1, privateKey: 'unused', secret: SECRET, log: silent });
    await probot.load(pinbot.appFn);
    const delivery = push(fake, { owner: 'acme', repo: 'api', branch: 'main', before: ZERO_SHA, deliveryId: 'delivery-refused' });
    await expect(probot.receive(delivery as never)).rejects.toThrow();
    refuse = false;
    await probot.receive(delivery as never);
    // A third delivery of the same id is a true redelivery now: nothing more.
    await probot.receive(delivery as never);
    expect(dispatched).toEqual(['acme/api', 'acme/api']);
  });
});
