/**
 * What the resolver is asked (a pin) and what it answers (a resolution), plus the one place
 * that words failure messages so every message names image, tag and host the same way.
 */

import type { FailureCause } from '../client/types.js';

/** A digest-pinned reference to check, e.g. `FROM --platform=linux/arm64/v8 node:22@sha256:…`. */
export interface Pin {
  /** Canonical registry, e.g. `docker.io`. */
  readonly registry: string;
  /** Canonical repository, e.g. `library/node`. */
  readonly repository: string;
  readonly tag: string;
  /** The pinned digest, `sha256:<64 hex>`. */
  readonly digest: string;
  /** The literal `FROM --platform` value, e.g. `linux/arm64/v8`; null when none was written. */
  readonly platform: string | null;
  /**
   * Every literal platform the pin is used under, when one `ARG` default feeds `FROM` lines that
   * state more than `platform` (see the scanner's `FoundReference.platforms`).
   */
  readonly platforms?: readonly string[];
}

export type FailureReason =
  | 'not-found'
  | 'unauthorized'
  | 'unavailable'
  | 'invalid-response'
  | 'platform-gone'
  | 'shape-changed'
  | 'unknown-pin'
  /** A single-platform manifest pin whose written platform(s) are not the manifest's own (issue 8, finding 8). */
  | 'platform-mismatch';

export type Resolution =
  /** The pin is what the tag serves: the tag's own digest, or the tag's manifest for the pin's platform. */
  | { readonly status: 'current'; readonly digest: string; readonly host: string }
  | {
      readonly status: 'stale';
      readonly currentDigest: string;
      readonly newDigest: string;
      /** Kept from the pin: an index pin gets the new index, a platform manifest pin the new manifest. */
      readonly pinKind: 'index' | 'manifest';
      /** The platform of a manifest pin (as written in the file, else as the image declares it); null for index pins. */
      readonly platform: string | null;
      readonly host: string;
    }
  /** The index moved but no platform manifest changed (only attestations changed or platforms were added). */
  | { readonly status: 'platforms-unchanged'; readonly currentDigest: string; readonly newDigest: string; readonly host: string }
  | {
      readonly status: 'failed';
      readonly reason: FailureReason;
      readonly message: string;
      readonly host: string;
      readonly cause?: FailureCause;
    };

export type Failed = Extract<Resolution, { status: 'failed' }>;

/** A failure before it is tied to a pin: why, who answered, and what happened. */
export interface Problem {
  readonly reason: FailureReason;
  readonly host: string;
  readonly detail: string;
  /** For `unavailable` and `unauthorized`: what went wrong with the host, when known. */
  readonly cause?: FailureCause;
}

/** `docker.io/library/node:22`: the image and tag a message is about. */
export function describePin(pin: Pin): string {
  return `${pin.registry}/${pin.repository}:${pin.tag}`;
}

export function failed(pin: Pin, problem: Problem): Failed {
  return {
    status: 'failed',
    reason: problem.reason,
    host: problem.host,
    message: `${describePin(pin)} (pinned ${pin.digest}) on ${problem.host}: ${problem.detail}`,
    ...(problem.cause === undefined ? {} : { cause: problem.cause }),
  };
}
