/**
 * What the scaled App's process tests share (issue 13): a real redis-server, a local
 * docker-registry with a tag that moved (so every repository pinning the old digest gets a PR),
 * the fake GitHub with installation 1 on `acme`, and the App's private key in a file.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { push, startFakeGitHub, ZERO_SHA, type FakeGitHub } from '../github/index.js';
import { startRedis, type LocalRedis } from '../redis/index.js';
import { pushImage, startRegistry, type LocalRegistry } from '../registry/index.js';
import { startAppProcess, type AppProcess } from './index.js';

export const WEBHOOK_SECRET = 'process-test-secret';
/**
 * `PINBOT_JOB_LOCK_SECONDS` of the processes: short, so a killed process's scan resumes within
 * seconds, yet 6 rather than 2: BullMQ renews at half the lock, and on a loaded CI machine a
 * process's event loop lagged past 1 s, so another process re-ran a job that was still running.
 */
export const JOB_LOCK_SECONDS = '6';

export interface ScaledWorld {
  redis: LocalRedis;
  readonly registry: LocalRegistry;
  readonly fake: FakeGitHub;
  /** The digest repositories pin, and the one the tag points to now. */
  readonly stale: string;
  readonly current: string;
  /** A repository under `acme` whose Dockerfile pins the stale digest. */
  repository(name: string): void;
  /** Every pull request of `acme/<repo>`, open or not. */
  readonly pulls: (repo: string) => ReturnType<FakeGitHub['listPulls']>;
  /** A push webhook for a new commit on `acme/<repo>`'s main; `deliveryId` to send one delivery twice. */
  readonly push: (repo: string, deliveryId?: string) => ReturnType<typeof push>;
  /** An App process on this world; `env` adds to (or overrides) the scaled defaults. */
  app(name: string, env?: Readonly<Record<string, string>>): Promise<AppProcess>;
  /** Kills every process still running, then stops the servers. */
  stop(): Promise<void>;
}

export async function startScaledWorld(): Promise<ScaledWorld> {
  const redis = await startRedis();
  const registry = await startRegistry({ auth: 'none' });
  const stale = (await pushImage(registry, 'team/app', '1', { seed: 'old' })).digest;
  const current = (await pushImage(registry, 'team/app', '1', { seed: 'new' })).digest;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const fake = await startFakeGitHub({ appPublicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() });
  fake.addInstallation({ id: 1, account: 'acme', repos: 'all' });
  const keys = mkdtempSync(path.join(os.tmpdir(), 'pinbot-key-'));
  const keyPath = path.join(keys, 'app.pem');
  writeFileSync(keyPath, privateKey.export({ type: 'pkcs1', format: 'pem' }));
  const started: AppProcess[] = [];
  const world: ScaledWorld = {
    redis,
    registry,
    fake,
    stale,
    current,
    repository(name) {
      fake.createRepo({ owner: 'acme', repo: name, files: { Dockerfile: `FROM ${registry.host}/team/app:1@${stale}\n` } });
    },
    pulls: (repo) => fake.listPulls('acme', repo, { state: 'all' }),
    push: (repo, deliveryId) =>
      push(fake, { owner: 'acme', repo, branch: 'main', before: ZERO_SHA, ...(deliveryId ? { deliveryId } : {}) }),
    async app(name, env = {}) {
      const app = await startAppProcess({
        name,
        webhookSecret: WEBHOOK_SECRET,
        env: {
          APP_ID: String(fake.appId),
          PRIVATE_KEY_PATH: keyPath,
          GHE_HOST: fake.host,
          GHE_PROTOCOL: 'http',
          REDIS_URL: world.redis.url,
          PINBOT_ALLOWED_PRIVATE_REGISTRIES: registry.host,
          // A dead replica's scan resumes elsewhere within seconds, not BullMQ's default 30.
          PINBOT_JOB_LOCK_SECONDS: JOB_LOCK_SECONDS,
          // Never, unless a test says otherwise: its scans would mix with the webhooks'.
          PINBOT_SCHEDULE: '0 0 1 1 *',
          ...env,
        },
      });
      started.push(app);
      return app;
    },
    async stop() {
      await Promise.all(started.map((app) => app.kill()));
      await fake.stop();
      await registry.stop();
      await world.redis.stop();
      rmSync(keys, { recursive: true, force: true });
    },
  };
  return world;
}

/** The lines of every process logging `msg` about `acme/<repo>`, oldest first. */
export function scanLines(apps: readonly AppProcess[], msg: string, repo: string): Array<{ readonly app: string; readonly time: number }> {
  return apps
    .flatMap((app) => app.logged(msg, { repository: `acme/${repo}` }).map((line) => ({ app: app.name, time: Number(line.time) })))
    .sort((a, b) => a.time - b.time);
}
