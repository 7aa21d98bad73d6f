import { generateKeyPairSync } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { serve, type RunningApp } from '../../../src/app/main.js';
import { UnthrottledOctokit } from '../../helpers/app-under-test.js';
import { deliverWebhook, startFakeGitHub, type FakeGitHub, type WebhookDelivery } from '../../helpers/github/index.js';
import { findFreePort } from '../../helpers/registry/free-port.js';

/** A fake GitHub that checks app JWTs against a freshly generated key pair. */
export async function startKeyedFake(): Promise<{ fake: FakeGitHub; privateKeyPem: string }> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const fake = await startFakeGitHub({ appPublicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() });
  return { fake, privateKeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString() };
}

export interface ServedApp {
  readonly app: RunningApp;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Every line the app logged (pino JSON, level trace and up), as written. */
  readonly logs: string[];
  /** POSTs a delivery signed with `secret` (default: the app's own secret) to the webhook path. */
  deliver(delivery: WebhookDelivery, secret?: string): Promise<Response>;
  stop(): Promise<void>;
}

/**
 * The real server, started the way `npm start` starts it (`serve(env)`), on a free loopback
 * port, talking to the fake GitHub at `githubHost` (GHE_HOST over plain HTTP), logging to memory.
 */
export async function serveApp(spec: {
  readonly fake: FakeGitHub;
  readonly privateKeyPem: string;
  readonly secret: string;
  /** Where the app finds GitHub, `host:port`; default the fake itself. */
  readonly githubHost?: string;
  readonly env?: Readonly<Record<string, string>>;
}): Promise<ServedApp> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const log = pino({ level: 'trace' }, sink);
  // The port is free when asked; another process may take it before the server binds, so try again.
  for (let attempt = 1; ; attempt++) {
    const port = await findFreePort();
    // Typed by hand: Probot narrows some variables (LOG_LEVEL) in NodeJS.ProcessEnv.
    const env: NodeJS.ProcessEnv = {
      APP_ID: String(spec.fake.appId),
      PRIVATE_KEY: spec.privateKeyPem,
      WEBHOOK_SECRET: spec.secret,
      HOST: '127.0.0.1',
      PORT: String(port),
      GHE_HOST: spec.githubHost ?? spec.fake.host,
      GHE_PROTOCOL: 'http',
      LOG_LEVEL: 'trace',
      ...(spec.env as NodeJS.ProcessEnv | undefined),
    };
    try {
      // Probot's throttle (one write a second, right for github.com) is off: tests count, they don't ration.
      const served = await serve(env, { log, Octokit: UnthrottledOctokit });
      if (!served.ok)
        throw new Error('problems' in served ? `serve refused the environment: ${served.problems.join('; ')}` : 'serve was interrupted');
      const url = `http://127.0.0.1:${served.app.port}`;
      return {
        app: served.app,
        url,
        logs,
        deliver: (delivery, secret = spec.secret) => deliverWebhook(`${url}/api/github/webhooks`, secret, delivery),
        stop: () => served.app.stop(),
      };
    } catch (error) {
      if (attempt >= 3 || !String(error).includes('already in use')) throw error;
    }
  }
}

/** The parsed log records with this message. */
export function logRecords(logs: readonly string[], message: string): Array<Record<string, unknown>> {
  return logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((record) => record.msg === message);
}
