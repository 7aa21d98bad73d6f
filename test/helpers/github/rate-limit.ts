/** The core rate limit: every API request spends one unit; at zero GitHub answers 403 until the reset time. */
import { errorReply, type Reply } from './http.js';
import type { FakeState } from './state.js';

export interface RateLimitOutcome {
  readonly headers: Record<string, string>;
  /** Set when the request must be refused. */
  readonly refusal: Reply | undefined;
}

/** True when the next request would be refused (after a refill that is due). */
export function peekExhausted(state: FakeState): boolean {
  const limit = state.rateLimit;
  if (state.epochSeconds() >= limit.resetAt) return false;
  return limit.remaining <= 0;
}

export function spend(state: FakeState, installationId: number | null): RateLimitOutcome {
  const limit = state.rateLimit;
  const now = state.epochSeconds();
  if (now >= limit.resetAt) {
    limit.remaining = limit.limit;
    limit.resetAt = now + 3600;
  }
  const exhausted = limit.remaining <= 0;
  if (!exhausted) limit.remaining -= 1;
  const headers = {
    'x-ratelimit-limit': String(limit.limit),
    'x-ratelimit-remaining': String(limit.remaining),
    'x-ratelimit-used': String(limit.limit - limit.remaining),
    'x-ratelimit-reset': String(limit.resetAt),
    'x-ratelimit-resource': 'core',
  };
  const who = installationId === null ? '' : ` for installation ID ${installationId}`;
  const refusal = exhausted ? errorReply(403, `API rate limit exceeded${who}.`) : undefined;
  return { headers, refusal };
}
