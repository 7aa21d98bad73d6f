import { generateKeyPairSync } from 'node:crypto';
import { Probot, ProbotOctokit } from 'probot';
import pino from 'pino';
import { createPinbotApp, type PinbotApp } from '../../src/app/probot-app.js';
import { scanAllInstallations, type WalkDeps, type WalkSummary } from '../../src/app/scheduler.js';
import { createGitObjectCache } from '../../src/github/cache.js';
import { createRegistryClient } from '../../src/registry/client/client.js';
import type { DigestAnswerCache } from '../../src/policy/digest-cache.js';
import type { FileScanner } from '../../src/scan/pool/scan-pool.js';
import { startFakeGitHub, type FakeGitHub } from './github/index.js';
import { createWritePacer } from '../../src/github/pacing.js';
import { UNPACED } from './unpaced.js';

/**
 * Probot re-applies its own throttle options (one write a second, as GitHub asks of real apps);
 * tests turn it off last, after Probot's defaults, so a flow with dozens of writes stays fast.
 */
export const UnthrottledOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  throttle: { enabled: false },
  retry: { enabled: false },
}));

export interface AppUnderTest {
  readonly fake: FakeGitHub;
  readonly probot: Probot;
  readonly pinbot: PinbotApp;
  /** Makes every registry request fail with a network error while true (an outage). */
  registryDown: boolean;
  stop(): Promise<void>;
}

/** The real app against a fake GitHub (GHES-style base URL over plain HTTP) and real registries on loopback. */
export async function startApp(
  options: { now?: () => Date; githubNow?: () => Date; rateLimit?: number; scanFile?: FileScanner; digestCache?: DigestAnswerCache } = {},
): Promise<AppUnderTest> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const fake = await startFakeGitHub({
    appPublicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
    ...(options.githubNow === undefined ? {} : { now: options.githubNow }),
  });
  const state = { registryDown: false };
  const outageAwareFetch: typeof fetch = async (input, init) => {
    if (state.registryDown) throw new TypeError('fetch failed: ECONNREFUSED (simulated outage)');
    return fetch(input, init);
  };
  const pinbot = createPinbotApp({
    cache: createGitObjectCache(),
    // Not paced: these tests write far more than 80 times a minute, against fakes (pacing: test/github/pacing.test.ts).
    pacer: createWritePacer({ limits: UNPACED }),
    check: {
      verdictCache: new Map(),
      clientFor: (config) =>
        createRegistryClient({
          env: {},
          fetch: outageAwareFetch,
          mirrors: config.registryMirrors,
          sleep: async () => undefined,
          timeoutMs: 5000,
        }),
    },
    ...(options.now ? { now: options.now } : {}),
    ...(options.scanFile ? { scanFile: options.scanFile } : {}),
    ...(options.digestCache ? { digestCache: options.digestCache } : {}),
  });
  const probot = new Probot({
    appId: fake.appId,
    privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    secret: 'webhook-secret',
    baseUrl: fake.apiUrl,
    Octokit: UnthrottledOctokit,
    log: pino({ level: 'silent' }),
  });
  await probot.load(pinbot.appFn);
  const app: AppUnderTest = {
    fake,
    probot,
    pinbot,
    get registryDown() {
      return state.registryDown;
    },
    set registryDown(value: boolean) {
      state.registryDown = value;
    },
    stop: async () => {
      await pinbot.queue.idle();
      await fake.stop();
    },
  };
  return app;
}

/** Writes the app made (anything but GET), from the fake's request log. */
export function writes(fake: FakeGitHub): string[] {
  return fake.requestLog.filter((request) => request.method !== 'GET' && !request.path.endsWith('/access_tokens')).map((r) => r.route);
}

/** One scheduled walk over every installation, as the cron starts it, without its pauses. */
export function scheduledWalk(
  app: AppUnderTest,
  options: Pick<WalkDeps, 'concurrency'> & { readonly now?: () => number } = {},
): Promise<WalkSummary> {
  return scanAllInstallations({
    auth: app.probot.auth.bind(app.probot),
    app: app.pinbot,
    log: pino({ level: 'silent' }),
    sleep: async () => undefined,
    now: options.now ?? Date.now,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
  });
}
