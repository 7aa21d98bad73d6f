import { LRUCache } from 'lru-cache';
import { Probot, ProbotOctokit, Server } from 'probot';
import { routeGuard } from '../github/route-guard.js';
import { createGitObjectCache } from '../github/cache.js';
import { createRegistryClient } from '../registry/client/client.js';
import { createAppLogger } from './app-logger.js';
import { parseAllowedRegistries, privateAddressPolicy } from '../registry/client/address-policy.js';
import { ALLOWED_PRIVATE_REGISTRIES, environmentProblems, registryEnvironment } from './environment.js';
import { createLifecycle, createOperationsHandler } from './health.js';
import { createMetrics } from './metrics.js';
import { createPinbotApp, type PinbotApp } from './probot-app.js';
import { probotSettings } from './probot-settings.js';
import { createRefusingWebhookEndpoint, createWebhookEndpoint, type VerifiedEvent } from './webhook/endpoint.js';
import { DEFAULT_SCHEDULE, startScheduler } from './scheduler.js';
import { observedPlatformCache, observedVerdictCache } from '../telemetry/telemetry.js';
import type { Platform } from '../registry/resolver/platform.js';
import { closeSharedScanPool } from '../scan/pool/shared-pool.js';
import { startScaled, type Scaled } from './scale/start-scaled.js';
import { unlessAborted, within } from './waits.js';

const DEFAULT_WEBHOOK_PATH = '/api/github/webhooks';

export interface ServeOptions {
  /** Replaces the logger Probot builds from LOG_LEVEL/LOG_FORMAT (tests capture the lines). */
  readonly log?: Probot['log'];
  /** Longest wait on shutdown for queued scans to finish. Default 25 s (inside Kubernetes' 30 s grace). */
  readonly drainTimeoutMs?: number;
  /** Replaces Probot's Octokit (tests switch off its one-write-a-second throttle). */
  readonly Octokit?: typeof ProbotOctokit;
  /**
   * Aborted by a signal (SIGTERM, SIGINT) that arrives while the App is starting: a scaled App
   * still waiting for Redis then closes what it started and resolves `interrupted`.
   */
  readonly signal?: AbortSignal;
}

export interface RunningApp {
  /** The port the server listens on. */
  readonly port: number;
  readonly pinbot: PinbotApp;
  /** `/readyz` turns 503, the scheduler stops, queued work drains (bounded), then the server closes. */
  stop(): Promise<void>;
}

/**
 * Image config digest → platform, for as long as the App runs: ~200 bytes an entry, so the cap
 * holds it near 10 MB even if registries named in repositories hand out endless distinct images.
 */
const PLATFORM_CACHE_ENTRIES = 50_000;

export type ServeResult =
  | { readonly ok: true; readonly app: RunningApp }
  | { readonly ok: false; readonly problems: readonly string[] }
  /** `signal` aborted while starting: nothing was taken yet, and what had started is closed. */
  | { readonly ok: false; readonly interrupted: true };

/**
 * Checks the environment, then runs the Probot server (PORT, HOST and the webhook path
 * `/api/github/webhooks` keep Probot's defaults; GHE_HOST/GHE_PROTOCOL select GitHub Enterprise
 * Server) with `/healthz`, `/readyz` and `/metrics`, and the scheduler.
 */
export async function serve(env: Readonly<Record<string, string | undefined>>, options: ServeOptions = {}): Promise<ServeResult> {
  const problems = environmentProblems(env);
  if (problems.length > 0) return { ok: false, problems };
  const metrics = createMetrics();
  const lifecycle = createLifecycle();
  const registryEnv = registryEnvironment(env);
  // Repository content names the registries: only public ones, and those the operator listed.
  const addressPolicy = privateAddressPolicy(parseAllowedRegistries(env[ALLOWED_PRIVATE_REGISTRIES]).hosts, ALLOWED_PRIVATE_REGISTRIES);
  // REDIS_URL: the scaled deployment (issue 13); otherwise one process, its state in memory.
  const scaled: Scaled | undefined = env.REDIS_URL?.trim()
    ? startScaled({
        url: env.REDIS_URL.trim(),
        role: env.PINBOT_ROLE,
        schedule: env.PINBOT_SCHEDULE?.trim() || DEFAULT_SCHEDULE,
        jobLockSeconds: env.PINBOT_JOB_LOCK_SECONDS,
        metrics,
      })
    : undefined;
  const pinbot = createPinbotApp({
    cache: createGitObjectCache({}, { onLookup: (kind, hit) => metrics.cache(kind, hit) }),
    telemetry: metrics,
    ...(scaled?.appOptions ?? {}),
    check: {
      verdictCache: observedVerdictCache(metrics, scaled?.verdictCache),
      platformCache: observedPlatformCache(metrics, new LRUCache<string, Platform>({ max: PLATFORM_CACHE_ENTRIES })),
      clientFor: (config) =>
        createRegistryClient({
          env: registryEnv,
          mirrors: config.registryMirrors,
          addressPolicy,
          onResponse: (host, outcome) => metrics.registryRequest(host, outcome),
        }),
    },
  });
  const settings = probotSettings(env);
  const log = options.log ?? (await createAppLogger(settings.log));
  // Probot's `run()` is not used: it loads `.env` again, over the environment checked above.
  let probot: Probot | undefined;
  const webhookPath = settings.webhookPath ?? DEFAULT_WEBHOOK_PATH;
  // A worker takes no webhooks (issue 13): it refuses every one, so it needs no webhook secret,
  // and one it was not given can never be checked against (or signed with) an empty key.
  const webhooks =
    scaled?.role === 'worker'
      ? createRefusingWebhookEndpoint({
          path: webhookPath,
          reason: 'this replica is a worker (PINBOT_ROLE=worker) and takes no webhooks: send them to a web or all replica',
          log: () => probot!.log,
        })
      : createWebhookEndpoint({
          path: webhookPath,
          // environmentProblems requires it on every other role; the endpoint refuses to exist without it.
          secret: settings.secret ?? '',
          receive: (event: VerifiedEvent) => probot!.receive(event as Parameters<Probot['receive']>[0]),
          log: () => probot!.log,
          ...(scaled ? { unavailable: () => scaled.unavailable() } : {}),
        });
  const ProbotWithDefaults = Probot.defaults({
    appId: settings.appId,
    privateKey: settings.privateKey,
    // Probot's own webhook verification is never reached: pinbot's endpoint above replaces its middleware.
    ...(settings.secret === undefined ? {} : { secret: settings.secret }),
    baseUrl: settings.baseUrl,
    log,
    // No `redisConfig`: Probot's throttle (Bottleneck) stays per process. Clustered through Redis,
    // it failed every GitHub request with "ERR SETTINGS_KEY_NOT_FOUND" once Redis came back
    // without its data (Bottleneck expects Redis 6's error text and never re-creates its keys),
    // until every replica restarted. The writes replicas share are paced by pinbot's own
    // per-installation windows in Redis (github/pacing.ts), which a lost key only resets.
    // Every GitHub request pinbot makes is checked for names that would leave /repos/ (issue 8, finding 12).
    Octokit: (options.Octokit ?? ProbotOctokit).plugin(routeGuard),
  });
  /**
   * The server puts Probot's webhook middleware first; that middleware reads the whole body before
   * checking its signature and logs unverified payloads, so pinbot's endpoint takes its place
   * (issue 8, finding 1). Same path, so `WEBHOOK_PROXY_URL` forwarding still lands on it.
   */
  class PinbotProbot extends ProbotWithDefaults {
    override getNodeMiddleware(): ReturnType<Probot['getNodeMiddleware']> {
      return Promise.resolve(webhooks);
    }
  }
  const server = new Server({
    host: settings.host,
    port: settings.port,
    webhookPath: settings.webhookPath,
    webhookProxy: settings.webhookProxy,
    log,
    Probot: PinbotProbot,
  });
  await server.load(async (app, appOptions) => {
    probot = app;
    await pinbot.appFn(app, appOptions);
    appOptions.addHandler(createOperationsHandler(lifecycle, metrics, scaled ? () => scaled.problem() : undefined));
  });
  await server.start();
  // `start` resolves once the app is loaded and the server listens: only now are webhooks welcome,
  // and only now is there a scheduler (a server that failed to start leaves no cron job behind).
  const app = probot!;
  // Embedded: this process's cron. Scaled: one BullMQ job scheduler for all replicas, run by workers.
  const scheduler = scaled
    ? undefined
    : startScheduler(env.PINBOT_SCHEDULE?.trim() || DEFAULT_SCHEDULE, {
        auth: app.auth.bind(app),
        app: pinbot,
        log: app.log,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        now: Date.now,
        telemetry: metrics,
      });
  if (scaled) {
    // A worker writes the schedule before it is ready, in Redis: while Redis is away that waits,
    // and a signal must still end the process then (Kubernetes SIGKILLs it after its grace period).
    const away = scaled.role === 'web' ? undefined : scaled.unavailable();
    if (away !== undefined) app.log.info({ reason: away }, 'waiting for Redis');
    if ((await unlessAborted(scaled.scans.start({ probot: app, pinbot, log: app.log }), options.signal)) === 'aborted') {
      app.log.info('stopped while starting: nothing to drain');
      await scaled.scans.queue.abandon();
      scaled.disconnect();
      await server.stop();
      await closeSharedScanPool();
      return { ok: false, interrupted: true };
    }
    app.log.info({ role: scaled.role }, 'scaled deployment: scans through the shared queue');
  } else app.log.info({ nextRun: scheduler?.nextRun()?.toISOString() }, 'scheduler started');
  lifecycle.ready();

  const stop = async (): Promise<void> => {
    lifecycle.stopping();
    app.log.info({ busyRepositories: pinbot.queue.busy }, 'shutting down');
    scheduler?.stop();
    await within(
      Promise.all([pinbot.queue.idle(), scaled?.scans.queue.close()]).then(() => undefined),
      options.drainTimeoutMs ?? 25_000,
    );
    scaled?.disconnect();
    await server.stop();
    // Last: a scan still queued when the drain timed out fails now rather than hanging.
    await closeSharedScanPool();
  };
  return { ok: true, app: { port: server.port, pinbot, stop } };
}
