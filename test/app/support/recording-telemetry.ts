import type { Telemetry } from '../../../src/telemetry/telemetry.js';

/** A Telemetry that keeps every call, in order, as `method(args…)` strings. */
export function recordingTelemetry(): Telemetry & { readonly calls: string[] } {
  const calls: string[] = [];
  const record =
    (method: string) =>
    (...args: unknown[]): void =>
      void calls.push(`${method}(${args.map(String).join(', ')})`);
  return {
    calls,
    scanFinished: record('scanFinished'),
    registryRequest: record('registryRequest'),
    cache: record('cache'),
    pullRequest: record('pullRequest'),
    rateLimit: record('rateLimit'),
  };
}
