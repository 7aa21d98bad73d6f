import { Redis } from 'ioredis';
import type { Probot } from 'probot';
import { createWritePacer, type WritePacer } from '../../github/pacing.js';
import type { WriteLimits } from '../../github/write-window.js';
import type { AppLogger } from '../../telemetry/logger.js';
import type { Telemetry } from '../../telemetry/telemetry.js';
import { withFields } from '../../telemetry/logger.js';
import type { PinbotApp, PinbotAppOptions, ScanDispatch } from '../probot-app.js';
import { pullRequestRepository, type PullRequestWork } from '../pull-request-work.js';
import { scanAllInstallations } from '../scheduler.js';
import { redisDeliveryLog, redisNotices, redisScanStates, redisSightings, redisVerdicts, redisWriteWindows } from './redis-stores.js';
import { createScanQueue, type ScanQueue, type ScanQueueOptions } from './scan-queue.js';

/**
 * The scaled deployment (issue 13): `REDIS_URL` set. State replicas share lives in Redis, scans
 * and pull request work go through the BullMQ queue, and `PINBOT_ROLE` says what a replica does:
 * `web` receives webhooks and enqueues, `worker` runs jobs and the schedule, `all` both.
 */
export type Role = 'all' | 'web' | 'worker';

export function parseRole(value: string | undefined): Role | { readonly problem: string } {
  const text = value?.trim() || 'all';
  return text === 'all' || text === 'web' || text === 'worker' ? text : { problem: 'PINBOT_ROLE must be one of all, web, worker' };
}

export function connectRedis(url: string): Redis {
  // BullMQ's blocking connections need commands queued while reconnecting, never dropped.
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, connectionName: 'pinbot' });
}

/** The App's options that put its state in Redis. */
export function redisAppOptions(
  redis: Redis,
  options: { readonly limits?: WriteLimits } = {},
): Pick<PinbotAppOptions, 'deliveries' | 'notices' | 'scanState' | 'sightings' | 'pacer'> & {
  readonly verdictCache: ReturnType<typeof redisVerdicts>;
} {
  const pacer: WritePacer = createWritePacer({ windows: redisWriteWindows(redis), ...(options.limits ? { limits: options.limits } : {}) });
  return {
    deliveries: redisDeliveryLog(redis),
    notices: redisNotices(redis),
    scanState: redisScanStates(redis),
    sightings: redisSightings(redis),
    verdictCache: redisVerdicts(redis),
    pacer,
  };
}

export interface ScaledScans {
  readonly queue: ScanQueue;
  /** For createPinbotApp: webhook scans go to the queue. */
  readonly dispatch: ScanDispatch;
  /** For createPinbotApp: pull request work becomes a job, run by any replica's worker. */
  readonly dispatchPullRequest: NonNullable<PinbotAppOptions['dispatchPullRequest']>;
  /** Once Probot and the App exist: this replica's worker (unless `web`) starts taking jobs. */
  start(parts: { readonly probot: Probot; readonly pinbot: PinbotApp; readonly log: AppLogger }): Promise<void>;
}

export interface ScaledScansOptions extends Pick<ScanQueueOptions, 'concurrency' | 'lockMs' | 'stalledCheckMs'> {
  readonly redis: Redis;
  readonly role: Role;
  /** Cron (UTC) of the scheduled walk. */
  readonly schedule: string;
  readonly telemetry?: Telemetry;
  readonly onJobFailure?: () => void;
}

export function scaledScans(options: ScaledScansOptions): ScaledScans {
  let parts: { readonly probot: Probot; readonly pinbot: PinbotApp; readonly log: AppLogger } | undefined;
  // The worker takes jobs only after start() (`startWorking: 'later'`), so this always finds them.
  const running = () => {
    if (parts === undefined) throw new Error('worker not started');
    return parts;
  };
  const worker = options.role !== 'web';
  const queue = createScanQueue({
    redis: options.redis,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.lockMs === undefined ? {} : { lockMs: options.lockMs }),
    ...(options.stalledCheckMs === undefined ? {} : { stalledCheckMs: options.stalledCheckMs }),
    ...(worker
      ? {
          scan: async (request) => {
            const { probot, pinbot, log } = running();
            // Which replica took which scan (a job taken over after a crash shows up twice).
            log.info(
              { installation: request.installationId, repository: `${request.target.owner}/${request.target.repo}` },
              'scan job started',
            );
            const octokit = await probot.auth(request.installationId);
            return pinbot.scan(octokit, request.installationId, request.target, log, { quiet: request.quiet });
          },
          pullRequest: async (work) => {
            const { probot, pinbot, log: appLog } = running();
            const log = withFields(appLog, {
              installation: work.installationId,
              repository: work.payload.pull_request.base.repo.full_name,
            });
            // Which replica took which work (a job taken over after a crash shows up twice).
            log.info({ pull: work.payload.pull_request.number, kind: work.kind }, 'pull request job started');
            // An installation client made as scan jobs make theirs; the App paces it.
            const octokit = await probot.auth(work.installationId);
            return pinbot.pullRequest(octokit, work, log);
          },
          onPullRequestFailed: (work: PullRequestWork | undefined, error: Error) => {
            const fields =
              work === undefined
                ? {}
                : {
                    installation: work.installationId,
                    repository: work.payload.pull_request.base.repo.full_name,
                    pull: work.payload.pull_request.number,
                  };
            parts?.log.error({ ...fields, err: error }, 'pull request job failed for good');
          },
          walk: async (tick) => {
            const { probot, log } = running();
            const summary = await scanAllInstallations({
              auth: probot.auth.bind(probot),
              // Each repository becomes a job; the workers of every replica run them.
              app: {
                scan: async (_octokit, installationId, target, _log, scanOptions) => {
                  await queue.enqueue({ installationId, target, quiet: scanOptions?.quiet ?? false });
                  return 'done';
                },
              },
              log,
              sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
              now: Date.now,
              ...(options.telemetry ? { telemetry: options.telemetry } : {}),
            });
            // The job names the tick (`repeat:pinbot-schedule:<time>`): one walk per tick, whichever replica ran it.
            log.info({ ...summary, tick: tick.job }, 'scheduled walk enqueued');
          },
        }
      : {}),
    onFailure: () => options.onJobFailure?.(),
    // Jobs wait for `start()`: until then the worker has no Probot to scan with.
    startWorking: 'later',
  });
  return {
    queue,
    dispatchPullRequest: async (work, log) => {
      try {
        await queue.enqueuePullRequest(work);
        log.debug({ pull: work.payload.pull_request.number, kind: work.kind }, 'pull request work queued');
      } catch (error) {
        // Rethrown, as for scans: the webhook is answered 5xx and GitHub can redeliver it.
        log.error({ err: error, repository: pullRequestRepository(work) }, 'could not enqueue the pull request work');
        throw error;
      }
    },
    dispatch: async (_octokit, installationId, target, log, scanOptions) => {
      const repository = `${target.owner}/${target.repo}`;
      try {
        const outcome = await queue.enqueue({ installationId, target, quiet: scanOptions.quiet ?? false });
        log.debug({ repository, outcome }, 'scan requested');
      } catch (error) {
        // Rethrown: the webhook is answered 5xx, so the delivery shows as failed in GitHub and can be redelivered.
        log.error({ err: error, repository }, 'could not enqueue the scan');
        throw error;
      }
    },
    async start(started) {
      parts = started;
      if (!worker) return;
      queue.startWorking();
      await queue.schedule(options.schedule);
      // A Redis restarted without its data (no persistence) has lost the job scheduler, and
      // nothing would tick again: every reconnection puts it back if it is missing.
      options.redis.on('ready', () => {
        queue.schedule(options.schedule).catch((error: unknown) => started.log.warn({ err: error }, 'could not restore the schedule'));
      });
    },
  };
}
