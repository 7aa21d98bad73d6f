import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { RepositoryTarget } from '../../repository/scan-repository.js';
import { pullRequestRepository, pullRequestWorkSchema, type PullRequestWork } from '../pull-request-work.js';
import { redisRepositoryLock, type RedisRepositoryLock } from './redis-lock.js';
import { KEY_PREFIX } from './redis-stores.js';

/**
 * The scaled App's scan queue on BullMQ (issue 13). Receivers enqueue; any replica's workers
 * run the scans.
 *
 * - **Folding.** A repository has at most one waiting request: `pinbot:pending:<repo>` is set
 *   with NX by the first, and a later request only makes it an event-triggered (full) scan.
 *   The worker takes the pending request when its scan starts (holding the repository's lock),
 *   so requests made during a scan queue exactly one more scan, as the embedded queue does.
 * - **One worker per repository.** A job takes the repository's lock (redis-lock.ts); a second
 *   job for the repository, a scan or pull request work, waits for it on any replica.
 * - **Dying workers.** BullMQ moves the job of a worker that stops renewing its lock back to the
 *   queue, where another replica takes it; the repository lock expires on its own meanwhile, and
 *   the branch compare-and-swap rules make a half-done scan safe to redo.
 * - **Pull request work** (a closed PR's branch tidied, a PR's checks) is a `pull-request` job
 *   on the same queue, never folded: the replica that received the webhook may die while the
 *   repository is locked, and the work must not die with it. It runs under the repository's
 *   lock and is retried like a scan.
 * - **The schedule.** One BullMQ job scheduler (written by the first replica, kept by the rest) makes one
 *   `walk` job per tick; the worker that takes it enqueues every repository.
 */

export const QUEUE_NAME = 'pinbot-scans';
/** The one job scheduler every replica upserts. */
const SCHEDULER_ID = 'pinbot-schedule';
const SCHEDULE_TZ = 'UTC';
/** The lock replicas take to write the scheduler (repository locks are `owner/repo`, never this). */
const SCHEDULER_LOCK = 'job-scheduler';

export interface ScanRequest {
  readonly installationId: number;
  readonly target: RepositoryTarget;
  /** Scheduled: the stored state may stand in for reading the repository. */
  readonly quiet: boolean;
}

const requestSchema = z.object({
  installationId: z.number().int(),
  target: z.looseObject({ owner: z.string(), repo: z.string() }),
  quiet: z.boolean(),
});

export interface ScanQueueOptions {
  /** For BullMQ (it needs `maxRetriesPerRequest: null`) and for the locks and pending requests. */
  readonly redis: Redis;
  /** Runs one scan; 'failed' makes BullMQ try the job again later. */
  readonly scan?: (request: ScanRequest) => Promise<'done' | 'failed'>;
  /** Runs one pull request job (the repository's lock held); 'failed' makes BullMQ try it again later. */
  readonly pullRequest?: (work: PullRequestWork) => Promise<'done' | 'failed'>;
  /** A pull request job failed for good (its last attempt, or data no worker can read). */
  readonly onPullRequestFailed?: (work: PullRequestWork | undefined, error: Error) => void;
  /** Lists every installation's repositories and enqueues them. */
  readonly walk?: (tick: { readonly job: string }) => Promise<void>;
  /** Jobs one replica runs at once. Default 4. */
  readonly concurrency?: number;
  /** How long a silent worker keeps its job and its repository lock. Default 30 s. */
  readonly lockMs?: number;
  /** The wait before a failed job's second attempt (doubled for the third). Default 30 s. */
  readonly retryDelayMs?: number;
  /** How often workers look for jobs of silent workers. Default 15 s. */
  readonly stalledCheckMs?: number;
  /** Every failed attempt of any job, and worker errors. */
  readonly onFailure?: (error: Error) => void;
  /** The per-repository lock, shared with the App's pull request work. Default: one on `redis` with `lockMs`. */
  readonly lock?: RedisRepositoryLock;
  /**
   * `later`: the worker takes no job until `startWorking()`, so a replica whose App is still
   * starting doesn't take a job only to fail it. Default `now`.
   */
  readonly startWorking?: 'now' | 'later';
}

export interface ScanQueue {
  enqueue(request: ScanRequest): Promise<'queued' | 'folded'>;
  /** Queues pull request work; resolves once it is in Redis. */
  enqueuePullRequest(work: PullRequestWork): Promise<void>;
  /** Starts taking jobs (with `startWorking: 'later'`; a worker already working is left as it is). */
  startWorking(): void;
  /** Makes `cron` (UTC) tick once across all replicas. */
  schedule(cron: string): Promise<void>;
  counts(): Promise<{ readonly waiting: number; readonly active: number; readonly delayed: number; readonly failed: number }>;
  /** Stops taking jobs, lets running ones finish, closes the queue. */
  close(): Promise<void>;
  /** Stops at once, as a killed process would: running jobs are left to other replicas. */
  abandon(): Promise<void>;
}

const PULL_REQUEST_JOB = 'pull-request';

const repositoryKey = (target: RepositoryTarget): string => `${target.owner}/${target.repo}`.toLowerCase();

export function createScanQueue(options: ScanQueueOptions): ScanQueue {
  const { redis } = options;
  const lockMs = options.lockMs ?? 30_000;
  const connection = redis.duplicate({ maxRetriesPerRequest: null });
  const queue = new Queue(QUEUE_NAME, { connection, prefix: 'pinbot-bull' });
  const pendingKey = (key: string): string => `${KEY_PREFIX}pending:${key}`;
  const lock = options.lock ?? redisRepositoryLock(redis, { lockMs });
  // Scans and pull request work alike: a failure (GitHub down, a replica gone) is tried again later.
  const retries = {
    attempts: 3,
    backoff: { type: 'exponential', delay: options.retryDelayMs ?? 30_000 },
    removeOnComplete: true,
    removeOnFail: 1000,
  } as const;

  const runScan = async (job: Job): Promise<void> => {
    const first = requestSchema.parse(job.data) as ScanRequest;
    const key = repositoryKey(first.target);
    await lock.hold(key, async () => {
      // The newest request for the repository (an event may have made a scheduled scan a full one),
      // taken only now that the scan starts: while this job waited for the lock, later requests
      // kept folding into it instead of each queueing one more scan.
      const latest = await redis.getdel(pendingKey(key));
      const request = latest === null ? first : ((requestSchema.safeParse(JSON.parse(latest)).data as ScanRequest | undefined) ?? first);
      if ((await options.scan!(request)) === 'failed') throw new Error(`scan of ${key} failed`);
    });
  };

  const runPullRequest = async (job: Job): Promise<void> => {
    const parsed = pullRequestWorkSchema.safeParse(job.data);
    // Retrying cannot make unreadable data readable.
    if (!parsed.success) throw new UnrecoverableError(`pull request job ${job.id ?? ''} is malformed: ${parsed.error.message}`);
    const work = parsed.data as PullRequestWork;
    await lock.hold(pullRequestRepository(work), async () => {
      if ((await options.pullRequest!(work)) === 'failed')
        throw new Error(`pull request work on ${pullRequestRepository(work)}#${work.payload.pull_request.number} failed`);
    });
  };
  const processJob = (job: Job): Promise<void> =>
    job.name === 'walk'
      ? (options.walk?.({ job: job.id ?? 'walk' }) ?? Promise.resolve())
      : job.name === PULL_REQUEST_JOB
        ? runPullRequest(job)
        : runScan(job);

  // BullMQ leaves connections it was given open: each is closed here with its queue or worker.
  const workerConnection = redis.duplicate({ maxRetriesPerRequest: null });
  const worker =
    options.scan === undefined && options.pullRequest === undefined
      ? undefined
      : new Worker(QUEUE_NAME, processJob, {
          connection: workerConnection,
          prefix: 'pinbot-bull',
          concurrency: options.concurrency ?? 4,
          lockDuration: lockMs,
          stalledInterval: options.stalledCheckMs ?? 15_000,
          maxStalledCount: 3,
          autorun: options.startWorking !== 'later',
        });
  worker?.on('failed', (job, error) => {
    options.onFailure?.(error);
    if (job?.name !== PULL_REQUEST_JOB) return;
    const final = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (final) options.onPullRequestFailed?.(pullRequestWorkSchema.safeParse(job.data).data, error);
  });
  worker?.on('error', (error) => options.onFailure?.(error));
  // While Redis is away the queue reports every failed reconnection; unheard, BullMQ prints each
  // one's stack to stderr. Readiness (`/readyz`) already says Redis is away.
  queue.on('error', () => undefined);

  return {
    async enqueue(request) {
      const key = repositoryKey(request.target);
      const text = JSON.stringify(request);
      if ((await redis.set(pendingKey(key), text, 'EX', 3600, 'NX')) !== 'OK') {
        // Folded into the waiting request; an event makes it a full scan.
        if (!request.quiet) await redis.set(pendingKey(key), text, 'KEEPTTL', 'XX');
        return 'folded';
      }
      await queue.add('scan', request, retries);
      return 'queued';
    },
    async enqueuePullRequest(work) {
      await queue.add(PULL_REQUEST_JOB, work, retries);
    },
    startWorking() {
      if (worker && !worker.isRunning()) void worker.run().catch((error: unknown) => options.onFailure?.(error as Error));
    },
    async schedule(cron) {
      // Written only when missing or changed, by one replica at a time. Upserting is not
      // idempotent: BullMQ takes the next tick from the caller's clock and replaces the pending
      // job, so a replica starting just as a tick ran re-made that tick's job (done and removed
      // already) and the tick was walked twice (CI, stop 17: 7 walks for 6 ticks).
      await lock.hold(SCHEDULER_LOCK, async () => {
        const current = await queue.getJobScheduler(SCHEDULER_ID);
        if (current?.pattern === cron && current.tz === SCHEDULE_TZ) return;
        await queue.upsertJobScheduler(
          SCHEDULER_ID,
          { pattern: cron, tz: SCHEDULE_TZ },
          { name: 'walk', opts: { removeOnComplete: true } },
        );
      });
    },
    async counts() {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
      return { waiting: counts.waiting ?? 0, active: counts.active ?? 0, delayed: counts.delayed ?? 0, failed: counts.failed ?? 0 };
    },
    async close() {
      await worker?.close();
      await queue.close();
      connection.disconnect();
      workerConnection.disconnect();
    },
    async abandon() {
      lock.abandon();
      await worker?.close(true);
      await queue.close();
      connection.disconnect();
      workerConnection.disconnect();
    },
  };
}
