import { GITHUB_WRITE_LIMITS, createMemoryWriteWindows, type WriteLimits, type WriteWindowStore } from './write-window.js';
import type { GitHubClient } from './types.js';

/**
 * Pacing of an installation's GitHub requests (issue 13): mutating requests wait for a place
 * under GitHub's secondary limits (see write-window.ts) instead of being refused, in a fair
 * order (repositories take turns, so one repository opening ten pull requests does not hold the
 * others back), and a request refused for a rate limit (403 or 429) waits as long as GitHub says
 * (`retry-after`, else `x-ratelimit-reset` when nothing remains, else a minute, as GitHub's docs
 * ask: https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit)
 * and is tried again. Probot's throttling plugin does part of this when enabled; this layer
 * holds whatever Octokit it is given, and shares the budget between replicas through the store.
 */

export interface WritePacerOptions {
  readonly limits?: WriteLimits;
  readonly windows?: WriteWindowStore;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Attempts after a rate-limit refusal before the error is passed on (default 3). */
  readonly retries?: number;
  /** The longest one wait for a rate limit may be (default one hour: a primary limit resets within it). */
  readonly maxWaitMs?: number;
  /** Told about each wait (metrics, logs). */
  readonly onWait?: (installationId: number, reason: 'pacing' | 'rate-limited', ms: number) => void;
}

export interface WritePacer {
  /** Paces this client's requests as the installation's; a client is paced once however often it is passed. */
  pace(octokit: GitHubClient, installationId: number): GitHubClient;
}

const MUTATING = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

interface Lane {
  /** Repositories with waiting writes, in turn order. */
  readonly turns: string[];
  readonly waiting: Map<string, Array<() => void>>;
  pumping: boolean;
  /** Nothing starts before this (epoch ms): GitHub said to wait. */
  pausedUntil: number;
}

export function createWritePacer(options: WritePacerOptions = {}): WritePacer {
  const limits = options.limits ?? GITHUB_WRITE_LIMITS;
  const windows = options.windows ?? createMemoryWriteWindows();
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref()));
  const retries = options.retries ?? 3;
  const maxWaitMs = options.maxWaitMs ?? 3_600_000;
  const lanes = new Map<number, Lane>();
  const paced = new WeakSet<object>();

  const laneOf = (installationId: number): Lane => {
    let lane = lanes.get(installationId);
    if (lane === undefined) {
      lane = { turns: [], waiting: new Map(), pumping: false, pausedUntil: 0 };
      lanes.set(installationId, lane);
    }
    return lane;
  };

  const pump = async (installationId: number, lane: Lane): Promise<void> => {
    if (lane.pumping) return;
    lane.pumping = true;
    try {
      for (let repository = lane.turns.shift(); repository !== undefined; repository = lane.turns.shift()) {
        const queue = lane.waiting.get(repository) ?? [];
        for (;;) {
          const paused = lane.pausedUntil - now();
          const wait = paused > 0 ? paused : await windows.take(`installation:${installationId}`, now(), limits).catch(() => 0);
          if (wait <= 0) break;
          options.onWait?.(installationId, 'pacing', wait);
          await sleep(wait);
        }
        queue.shift()?.();
        if (queue.length > 0) lane.turns.push(repository);
        else lane.waiting.delete(repository);
      }
    } finally {
      lane.pumping = false;
    }
    if (lane.turns.length > 0) void pump(installationId, lane);
  };

  /** Resolves when this repository's write may start. */
  const turn = (installationId: number, repository: string): Promise<void> =>
    new Promise((resolve) => {
      const lane = laneOf(installationId);
      const queue = lane.waiting.get(repository);
      if (queue === undefined) {
        lane.waiting.set(repository, [resolve]);
        lane.turns.push(repository);
      } else queue.push(resolve);
      void pump(installationId, lane);
    });

  return {
    pace(octokit, installationId) {
      if (paced.has(octokit)) return octokit;
      paced.add(octokit);
      octokit.hook.wrap('request', async (request, requestOptions) => {
        const fields = requestOptions as unknown as { method?: string; owner?: string; repo?: string };
        const mutating = MUTATING.has((fields.method ?? 'GET').toUpperCase());
        const repository = `${fields.owner ?? ''}/${fields.repo ?? ''}`.toLowerCase();
        for (let attempt = 0; ; attempt++) {
          if (mutating) await turn(installationId, repository);
          try {
            return await request(requestOptions);
          } catch (error) {
            const wait = rateLimitWait(error, now());
            if (wait === undefined || attempt >= retries || wait > maxWaitMs) throw error;
            const lane = laneOf(installationId);
            lane.pausedUntil = Math.max(lane.pausedUntil, now() + wait);
            options.onWait?.(installationId, 'rate-limited', wait);
            await sleep(wait);
          }
        }
      });
      return octokit;
    },
  };
}

/**
 * Pure: how long GitHub asks to wait after this error, or undefined when it is no rate-limit
 * refusal. Secondary limits answer 403 or 429 with `retry-after`; an exhausted primary limit
 * answers with `x-ratelimit-remaining: 0` and the reset time; a secondary refusal without
 * either header means "at least one minute".
 */
export function rateLimitWait(error: unknown, now: number): number | undefined {
  const fields = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const status = fields.status;
  if (status !== 403 && status !== 429) return undefined;
  const headers = (fields.response as { headers?: Record<string, unknown> } | undefined)?.headers ?? {};
  const retryAfter = Number(headers['retry-after']);
  if (headers['retry-after'] !== undefined && Number.isFinite(retryAfter) && retryAfter >= 0) return retryAfter * 1000;
  if (String(headers['x-ratelimit-remaining']) === '0') {
    const reset = Number(headers['x-ratelimit-reset']);
    // A second more than the reset: GitHub's clock and ours are not the same clock.
    if (Number.isFinite(reset)) return Math.max(0, reset * 1000 - now) + 1000;
  }
  const message = typeof fields.message === 'string' ? fields.message : '';
  if (status === 429 || /secondary rate limit|abuse/i.test(message)) return 60_000;
  return undefined;
}
