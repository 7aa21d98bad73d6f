import type { Metrics } from '../metrics.js';
import type { PinbotAppOptions } from '../probot-app.js';
import { connectRedis, parseRole, redisAppOptions, scaledScans, type Role, type ScaledScans } from './scaled.js';
import type { VerdictCache } from '../../registry/resolver/resolver.js';

/** What `serve` needs of the scaled deployment. */
export interface Scaled {
  readonly url: string;
  readonly role: Role;
  readonly appOptions: Pick<PinbotAppOptions, 'deliveries' | 'scanState' | 'sightings' | 'pacer' | 'dispatch' | 'repositoryLock'>;
  readonly verdictCache: VerdictCache;
  readonly scans: ScaledScans;
  /** For `/readyz`: undefined while Redis answers PING, else why not. */
  problem(): Promise<string | undefined>;
  disconnect(): void;
}

export function startScaled(options: {
  readonly url: string;
  readonly role: string | undefined;
  readonly schedule: string;
  readonly metrics: Metrics;
}): Scaled {
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
    telemetry: options.metrics,
    onJobFailure: () => options.metrics.jobFailed(),
  });
  options.metrics.watchQueue(() => scans.queue.counts());
  return {
    url: options.url,
    role,
    appOptions: { ...stores, dispatch: scans.dispatch, repositoryLock: scans.lock },
    verdictCache,
    scans,
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
