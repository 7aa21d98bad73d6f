import type { Metrics } from '../metrics.js';
import type { PinbotAppOptions } from '../probot-app.js';
import { connectRedis, parseRole, redisAppOptions, scaledScans, type Role, type ScaledScans } from './scaled.js';
import type { VerdictCache } from '../../registry/resolver/resolver.js';
import { DEFAULT_JOB_LOCK_SECONDS, parseJobLockSeconds, stalledCheckMs } from './settings.js';

/** What `serve` needs of the scaled deployment. */
export interface Scaled {
  readonly role: Role;
  readonly appOptions: Pick<
    PinbotAppOptions,
    'deliveries' | 'notices' | 'scanState' | 'sightings' | 'pacer' | 'dispatch' | 'dispatchPullRequest'
  >;
  readonly verdictCache: VerdictCache;
  readonly scans: ScaledScans;
  /**
   * For the webhook endpoint, answered at once: undefined while Redis is connected, else why
   * not. A delivery is refused (503) rather than accepted and lost (issue 13).
   */
  unavailable(): string | undefined;
  /** For `/readyz`: undefined while Redis answers PING, else why not. */
  problem(): Promise<string | undefined>;
  disconnect(): void;
}

export function startScaled(options: {
  readonly url: string;
  readonly role: string | undefined;
  readonly schedule: string;
  /** PINBOT_JOB_LOCK_SECONDS (checked by environmentProblems). */
  readonly jobLockSeconds: string | undefined;
  readonly metrics: Metrics;
}): Scaled {
  const parsedLock = parseJobLockSeconds(options.jobLockSeconds);
  const lockSeconds = typeof parsedLock === 'number' ? parsedLock : DEFAULT_JOB_LOCK_SECONDS;
  const parsed = parseRole(options.role);
  // environmentProblems refused anything else before this.
  const role: Role = typeof parsed === 'string' ? parsed : 'all';
  const redis = connectRedis(options.url);
  // An error event without a listener would crash the process; the readiness check reports it instead.
  redis.on('error', () => undefined);
  const { verdictCache, ...stores } = redisAppOptions(redis);
  const scans = scaledScans({
    redis,
    role,
    schedule: options.schedule,
    lockMs: lockSeconds * 1000,
    stalledCheckMs: stalledCheckMs(lockSeconds),
    telemetry: options.metrics,
    onJobFailure: () => options.metrics.jobFailed(),
  });
  options.metrics.watchQueue(() => scans.queue.counts());
  return {
    role,
    appOptions: { ...stores, dispatch: scans.dispatch, dispatchPullRequest: scans.dispatchPullRequest },
    verdictCache,
    scans,
    unavailable: () => (redis.status === 'ready' ? undefined : `redis ${redis.status}`),
    async problem() {
      if (redis.status !== 'ready') return `redis ${redis.status}`;
      const answer = await Promise.race([
        redis.ping(),
        new Promise<string>((resolve) => setTimeout(() => resolve('timeout'), 1000).unref()),
      ]).catch(() => 'error');
      return answer === 'PONG' ? undefined : `redis ${answer}`;
    },
    disconnect: () => redis.disconnect(),
  };
}
