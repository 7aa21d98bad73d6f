import { Probot } from 'probot';
import pino from 'pino';
import { createPinbotApp, type PinbotApp } from '../../src/app/probot-app.js';
import {
  connectRedis,
  redisAppOptions,
  scaledScans,
  type Role,
  type ScaledScans,
  type ScaledScansOptions,
} from '../../src/app/scale/scaled.js';
import { createGitObjectCache } from '../../src/github/cache.js';
import { createRegistryClient } from '../../src/registry/client/client.js';
import type { RepositoryTarget } from '../../src/repository/scan-repository.js';
import { UnthrottledOctokit } from './app-under-test.js';
import type { FakeGitHub } from './github/index.js';
import { UNPACED } from './unpaced.js';

/**
 * One replica of the scaled App (issue 13) in this process: its own Redis connections, Probot,
 * App and BullMQ worker, the real wiring of `app/scale`, against a shared fake GitHub and Redis.
 * `kill()` stops it as a crash would: the worker drops its jobs and stops renewing its locks.
 */
export interface Replica {
  readonly name: string;
  readonly probot: Probot;
  readonly pinbot: PinbotApp;
  readonly scans: ScaledScans;
  /** Scans this replica's worker ran, in order. */
  readonly ran: string[];
  /** Of those, the ones that failed. */
  readonly failed: string[];
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export interface ReplicaOptions {
  readonly name: string;
  readonly redisUrl: string;
  readonly fake: FakeGitHub;
  readonly privateKeyPem: string;
  readonly role?: Role;
  readonly schedule?: string;
  /**
   * The queue's timings. Default: 2 jobs at once, a 2 s lock and a stalled check every second, so
   * a killed replica's job is taken over within seconds; `{}` gives the production defaults.
   */
  readonly queue?: Pick<ScaledScansOptions, 'concurrency' | 'lockMs' | 'stalledCheckMs'>;
  /** Called before each scan this replica runs: a test can hold one there (a scan in progress). */
  readonly beforeScan?: (target: RepositoryTarget) => Promise<void>;
}

export async function startReplica(options: ReplicaOptions): Promise<Replica> {
  const redis = connectRedis(options.redisUrl);
  const stores = redisAppOptions(redis, { limits: UNPACED });
  const ran: string[] = [];
  const failed: string[] = [];
  const scans = scaledScans({
    redis,
    role: options.role ?? 'all',
    schedule: options.schedule ?? '0 0 1 1 *',
    ...(options.queue ?? { concurrency: 2, lockMs: 2_000, stalledCheckMs: 1_000 }),
  });
  const pinbot = createPinbotApp({
    cache: createGitObjectCache(),
    ...stores,
    check: {
      verdictCache: stores.verdictCache,
      clientFor: (config) =>
        createRegistryClient({ env: {}, mirrors: config.registryMirrors, timeoutMs: 5000, sleep: async () => undefined }),
    },
    dispatch: scans.dispatch,
    dispatchPullRequest: scans.dispatchPullRequest,
    onScan: (target, outcome) => {
      ran.push(`${target.owner}/${target.repo}`);
      if (outcome.kind === 'failed') failed.push(`${target.owner}/${target.repo}`);
    },
  });
  const held = options.beforeScan;
  const wrapped: PinbotApp = held
    ? {
        ...pinbot,
        scan: async (octokit, id, target, log, scanOptions) => {
          await held(target);
          return pinbot.scan(octokit, id, target, log, scanOptions);
        },
      }
    : pinbot;
  const probot = new Probot({
    appId: options.fake.appId,
    privateKey: options.privateKeyPem,
    secret: 'webhook-secret',
    baseUrl: options.fake.apiUrl,
    Octokit: UnthrottledOctokit,
    log: pino({ level: 'silent' }),
  });
  await probot.load(pinbot.appFn);
  await scans.start({ probot, pinbot: wrapped, log: pino({ level: 'silent' }) });
  let stopped = false;
  return {
    name: options.name,
    probot,
    pinbot,
    scans,
    ran,
    failed,
    async kill() {
      if (stopped) return;
      stopped = true;
      await scans.queue.abandon();
      redis.disconnect();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await scans.queue.close();
      await pinbot.queue.idle();
      redis.disconnect();
    },
  };
}
