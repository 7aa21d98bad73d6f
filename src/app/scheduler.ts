import pLimit from 'p-limit';
import { Cron } from 'croner';
import type { Probot } from 'probot';
import { listInstallationRepos, listInstallations, rateLimitRemaining } from '../github/installations.js';
import type { GitHubClient } from '../github/types.js';
import type { AppLogger } from '../telemetry/logger.js';
import type { PinbotApp } from './probot-app.js';
import type { Telemetry } from '../telemetry/telemetry.js';

/** Every 6 hours, on the hour: tags of base images move a few times a week, not a minute. */
export const DEFAULT_SCHEDULE = '0 */6 * * *';

export interface WalkDeps {
  /** `auth()` gives the app's own client, `auth(id)` an installation's. */
  readonly auth: Probot['auth'];
  readonly app: Pick<PinbotApp, 'scan'>;
  readonly log: AppLogger;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  /** Below this many requests left in the installation's hour, wait for the reset. */
  readonly lowRateLimit?: number;
  /** Repositories of one installation scanned at once. */
  readonly concurrency?: number;
  /** Told each installation's remaining rate limit as responses report it (metrics). */
  readonly telemetry?: Telemetry;
}

export interface WalkSummary {
  readonly installations: number;
  readonly repositories: number;
  readonly skipped: number;
  readonly failed: number;
}

/** The longest pause for a rate-limit reset; GitHub's window is one hour. */
const MAX_RATE_LIMIT_PAUSE_MS = 60 * 60 * 1000;

/**
 * Walks every installation and its repositories (archived and disabled ones skipped; forks are
 * skipped by the scan unless their config opts in). One installation or repository failing
 * never stops the others. When an installation's rate limit runs low, the walk pauses until
 * the window resets instead of burning through it and failing repositories.
 */
export async function scanAllInstallations(deps: WalkDeps): Promise<WalkSummary> {
  const summary = { installations: 0, repositories: 0, skipped: 0, failed: 0 };
  const appClient = await deps.auth();
  for (const installation of await listInstallations(appClient)) {
    if (installation.suspended) continue;
    summary.installations++;
    try {
      const client = await deps.auth(installation.id);
      const budget = watchRateLimit(client, (remaining) => deps.telemetry?.rateLimit(installation.id, remaining));
      const repositories = await listInstallationRepos(client);
      const active = repositories.filter((repo) => !repo.archived && !repo.disabled);
      summary.skipped += repositories.length - active.length;
      await pLimit(deps.concurrency ?? 2).map(active, async (repo) => {
        await pauseForRateLimit(deps, budget, installation.id);
        // The scan logs its own failure with installation and repository; here it is only counted.
        if ((await deps.app.scan(client, installation.id, { ...repo }, deps.log, { quiet: true })) === 'failed') summary.failed++;
        else summary.repositories++;
      });
    } catch (error) {
      summary.failed++;
      deps.log.error({ installation: installation.id, err: error }, 'could not list the installation');
    }
  }
  return summary;
}

interface RateBudget {
  remaining: number | undefined;
  resetAtMs: number | undefined;
}

/** Reads `x-ratelimit-remaining` and `-reset` off every response of this client. */
function watchRateLimit(client: GitHubClient, report: (remaining: number) => void): RateBudget {
  const budget: RateBudget = { remaining: undefined, resetAtMs: undefined };
  client.hook.after('request', (response) => {
    const headers = response.headers as Record<string, string | number | undefined>;
    const remaining = rateLimitRemaining(headers);
    if (remaining !== undefined) report(remaining);
    budget.remaining = remaining ?? budget.remaining;
    const reset = Number(headers['x-ratelimit-reset']);
    if (Number.isFinite(reset) && reset > 0) budget.resetAtMs = reset * 1000;
  });
  return budget;
}

async function pauseForRateLimit(deps: WalkDeps, budget: RateBudget, installation: number): Promise<void> {
  if (budget.remaining === undefined || budget.remaining >= (deps.lowRateLimit ?? 200)) return;
  const wait = Math.min(Math.max((budget.resetAtMs ?? 0) - deps.now(), 0), MAX_RATE_LIMIT_PAUSE_MS);
  deps.log.warn({ installation, remaining: budget.remaining, waitMs: wait }, 'rate limit low; pausing the scheduled walk');
  await deps.sleep(wait);
  budget.remaining = undefined;
}

export interface Scheduler {
  stop(): void;
  nextRun(): Date | null;
}

/**
 * Runs the walk on a cron schedule. Never overlaps itself: a walk still running when the next
 * tick comes makes that tick a no-op (croner's `protect`).
 */
export function startScheduler(expression: string, deps: WalkDeps): Scheduler {
  // UTC, as documented: the same PINBOT_SCHEDULE means the same hours wherever the app runs.
  const job = new Cron(
    expression,
    { protect: true, timezone: 'UTC', catch: (error) => deps.log.error({ err: error }, 'scheduled walk failed') },
    async () => {
      const summary = await scanAllInstallations(deps);
      deps.log.info({ ...summary }, 'scheduled walk finished');
    },
  );
  return { stop: () => job.stop(), nextRun: () => job.nextRun() };
}

/** A one-line problem with a cron expression, or undefined when it is valid. */
export function scheduleProblem(expression: string): string | undefined {
  try {
    new Cron(expression, { paused: true }).stop();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
