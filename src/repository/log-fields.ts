import type { AppLogger } from '../telemetry/logger.js';
import type { FailureReason } from '../registry/resolver/resolution.js';
import type { ScanProblem } from '../scan/types.js';
import { echoed, MAX_ECHOED_MESSAGE } from '../text/safe-text.js';

/** Enough to act on (which registries deny access) without one log line growing with the repository. */
export const MAX_LOGGED_FAILURES = 20;

/** A pin or a tag-only reference that could not be resolved. */
interface Failure {
  readonly reference: { readonly file: string; readonly line: number; readonly image: { readonly name: string; readonly tag: string } };
  readonly error: string;
  readonly reason?: FailureReason;
}

/**
 * Log fields carry registry answers, file names and file text: control characters escaped and
 * lengths capped, so a log viewer or a terminal tailing the logs sees text, never escape
 * sequences (issue 8, finding 11).
 */
export function describeFailure(failure: Failure): Record<string, unknown> {
  const { reference } = failure;
  return {
    file: echoed(reference.file, MAX_ECHOED_MESSAGE),
    line: reference.line,
    image: `${reference.image.name}:${reference.image.tag}`,
    reason: failure.reason,
    error: echoed(failure.error, MAX_ECHOED_MESSAGE),
  };
}

export function describeProblem(problem: ScanProblem): ScanProblem {
  return { ...problem, file: echoed(problem.file, MAX_ECHOED_MESSAGE), message: echoed(problem.message) };
}

export function noWrites(log: AppLogger, reason: string): { readonly kind: 'no-writes'; readonly reason: string } {
  log.warn({ reason: echoed(reason, MAX_ECHOED_MESSAGE) }, 'no writes this run');
  return { kind: 'no-writes', reason };
}
