import type { FailureCause } from '../registry/client/types.js';
import type { FailureReason } from '../registry/resolver/resolution.js';
import { byPosition, type Position } from './order.js';

/** A reference that failed, from `check`/`update` (a pin) or `pin` (a tag-only reference). */
export interface Failure {
  readonly reference: Position;
  readonly error: string;
  readonly reason?: FailureReason;
  readonly host?: string;
  readonly cause?: FailureCause;
}

/**
 * An unreachable registry fails every reference to it with the same long message. The table
 * says so once per host and cause, with a count and what to do about it; failures that are
 * about one reference (a tag not found, a platform gone) stay one line each. `--json` keeps
 * every reference's own message.
 */
export interface HostFailureGroup {
  readonly host: string;
  readonly count: number;
  /** What happened and what to do, e.g. `could not connect (ECONNREFUSED). Check …`. */
  readonly summary: string;
}

export interface GroupedFailures<F extends Failure> {
  readonly groups: HostFailureGroup[];
  /** By file, line and column. */
  readonly single: F[];
}

export function groupFailures<F extends Failure>(errors: readonly F[]): GroupedFailures<F> {
  const groups = new Map<string, { host: string; count: number; summary: string }>();
  const single: F[] = [];
  for (const failure of errors) {
    const summary = hostSummary(failure);
    if (summary === undefined || failure.host === undefined) {
      single.push(failure);
      continue;
    }
    const key = `${failure.host}\n${summary}`;
    const group = groups.get(key) ?? { host: failure.host, count: 0, summary };
    group.count++;
    groups.set(key, group);
  }
  return {
    groups: [...groups.values()].sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : a.summary < b.summary ? -1 : 1)),
    single: single.sort((a, b) => byPosition(a.reference, b.reference)),
  };
}

/** `registry.example.com: 12 references: could not connect (ECONNREFUSED). Check …`. */
export function describeGroup(group: HostFailureGroup): string {
  return `${group.host}: ${group.count} reference${group.count === 1 ? '' : 's'}: ${group.summary}`;
}

const NETWORK_HINT = 'Check the host name, your network or proxy, or PINBOT_INSECURE_REGISTRIES for a plain-HTTP registry.';

/** The host-wide part of a failure and its hint; undefined when the failure is about this reference alone. */
function hostSummary(failure: Failure): string | undefined {
  const cause: FailureCause | undefined = failure.cause;
  if (failure.reason === 'unauthorized') {
    const status = cause?.kind === 'status' ? ` (${cause.status === 403 ? '403 Forbidden' : '401 Unauthorized'})` : '';
    return (
      `access denied${status}. Log in with \`${loginCommand(failure.host)}\` or add credentials to the Docker ` +
      `config (pinbot reads config.json and credential helpers), and check they may pull these repositories.`
    );
  }
  if (failure.reason !== 'unavailable' || cause === undefined) return undefined;
  switch (cause.kind) {
    case 'network':
      return `could not connect (${cause.code ?? 'network error'}). ${NETWORK_HINT}`;
    case 'tls':
      return (
        `the TLS handshake failed (${cause.code ?? 'TLS error'}). If the registry serves plain HTTP, list it in ` +
        `PINBOT_INSECURE_REGISTRIES; if its certificate comes from a private CA, add that CA with NODE_EXTRA_CA_CERTS.`
      );
    case 'timeout':
      return 'timed out (no answer in time). Check your network or proxy; if the registry is overloaded, try again later.';
    case 'status':
      if (cause.status === 429) {
        return (
          'rate limited (429 Too Many Requests). Try again later, log in to raise the limit, or set registryMirrors ' +
          'in .github/pinbot.yml.'
        );
      }
      return `the registry failed (${cause.status}). Try again later.`;
  }
}

/** Docker Hub's API host is not what people log in to. */
function loginCommand(host: string | undefined): string {
  if (host === undefined) return 'docker login HOST';
  return host === 'docker.io' || host === 'registry-1.docker.io' ? 'docker login' : `docker login ${host}`;
}
