import type { FailureCause } from '../registry/client/types.js';
import type { FailureReason } from '../registry/resolver/resolution.js';
import type { PinKind, TagResolution, TagToPin } from '../registry/resolver/tag-resolution.js';
import type { UnpinnedReference } from '../scan/types.js';

/** A tag-only reference and the digest its tag points to now. */
export interface PlannedPin {
  readonly reference: UnpinnedReference;
  readonly digest: string;
  /** `index` for a multi-platform tag, `manifest` for a single image. */
  readonly pinKind: PinKind;
  /** The host that answered (a mirror's when one was asked). */
  readonly host: string;
}

export interface PinFailure {
  readonly reference: UnpinnedReference;
  readonly error: string;
  /** Why, when a registry answer was the cause (`unavailable` is transient: try again later). */
  readonly reason?: FailureReason;
  /** The host that failed to answer, when a registry was asked. */
  readonly host?: string;
  /** What went wrong with that host, when known (network, TLS, timeout, HTTP status). */
  readonly cause?: FailureCause;
}

export interface PinPlan {
  readonly pins: PlannedPin[];
  readonly errors: PinFailure[];
}

/** What to ask the registry about a reference: its canonical name and the tag it follows. */
export function tagOf(reference: UnpinnedReference): TagToPin {
  return { registry: reference.image.registry, repository: reference.image.repository, tag: reference.image.tag };
}

/** `registry/repository:tag`: references sharing it share one lookup. */
export function tagKey(tag: TagToPin): string {
  return `${tag.registry}/${tag.repository}:${tag.tag}`;
}

/** Pure: each reference gets its tag's digest, or the failure that keeps it as it is. */
export function planPins(candidates: readonly UnpinnedReference[], resolutionOf: (tag: TagToPin) => TagResolution): PinPlan {
  const plan: PinPlan = { pins: [], errors: [] };
  for (const reference of candidates) {
    const resolution = resolutionOf(tagOf(reference));
    if (resolution.status === 'found') {
      plan.pins.push({ reference, digest: resolution.digest, pinKind: resolution.pinKind, host: resolution.host });
    } else {
      const { message: error, reason, host, cause } = resolution;
      plan.errors.push({ reference, error, reason, host, ...(cause === undefined ? {} : { cause }) });
    }
  }
  return plan;
}
