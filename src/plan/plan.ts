import type { FailureCause } from '../registry/client/types.js';
import type { Explanation, Settle } from '../explain/types.js';
import type { FailureReason, Resolution } from '../registry/resolver/resolution.js';
import type { FoundReference } from '../scan/types.js';

export interface PlannedUpdate {
  readonly reference: FoundReference;
  readonly newDigest: string;
  /** The platform of a single-platform pin, else null. */
  readonly platform: string | null;
  readonly host: string;
  /** What changed (issue 12), when asked for: PR bodies, `check --explain` and `--json`. */
  readonly explanation?: Explanation;
  /** How `minimumReleaseAge` judged it, when one is set. */
  readonly settle?: Settle;
}

/** A new digest held back by `minimumReleaseAge` until `settle.readyAt`; never a failure. */
export interface PlannedWaiting {
  readonly reference: FoundReference;
  readonly newDigest: string;
  readonly platform: string | null;
  readonly settle: Settle;
}

export interface PlannedFailure {
  readonly reference: FoundReference;
  readonly error: string;
  /** Why, when a registry answer was the cause (`unavailable` is transient: try again later). */
  readonly reason?: FailureReason;
  /** The host that failed to answer, when a registry was asked. */
  readonly host?: string;
  /** What went wrong with that host, when known (network, TLS, timeout, HTTP status). */
  readonly cause?: FailureCause;
}

/** What to do about each pinned reference, decided from its resolution alone. */
export interface UpdatePlan {
  readonly updates: PlannedUpdate[];
  readonly current: FoundReference[];
  /** The index moved but no platform's image did; left alone unless configured otherwise. */
  readonly platformsUnchanged: Array<{ reference: FoundReference; newDigest: string }>;
  readonly errors: PlannedFailure[];
  /** New digests not old enough yet (`minimumReleaseAge`). */
  readonly waiting: PlannedWaiting[];
}

/** Pure: sorts references into updates, current pins, quiet index moves and failures. */
export function planUpdates(references: readonly FoundReference[], resolutionOf: (reference: FoundReference) => Resolution): UpdatePlan {
  const plan: UpdatePlan = { updates: [], current: [], platformsUnchanged: [], errors: [], waiting: [] };
  for (const reference of references) {
    const resolution = resolutionOf(reference);
    switch (resolution.status) {
      case 'current':
        plan.current.push(reference);
        break;
      case 'stale':
        plan.updates.push({ reference, newDigest: resolution.newDigest, platform: resolution.platform, host: resolution.host });
        break;
      case 'platforms-unchanged':
        plan.platformsUnchanged.push({ reference, newDigest: resolution.newDigest });
        break;
      case 'failed':
        plan.errors.push({
          reference,
          error: resolution.message,
          reason: resolution.reason,
          host: resolution.host,
          ...(resolution.cause === undefined ? {} : { cause: resolution.cause }),
        });
        break;
    }
  }
  return plan;
}
