/**
 * Which registry addresses the GitHub App may send requests to (issue 8, finding 10). Image
 * references come from repositories anyone with push access writes, so without a policy a
 * Dockerfile pin of `127.0.0.1:6379/x:1@sha256:…` or `169.254.169.254/…` makes the App probe
 * its own host, its cluster and its cloud's metadata service. The App refuses every registry,
 * mirror and redirect target on a loopback, private, link-local, CGNAT, metadata or otherwise
 * non-public address unless the operator listed it in `PINBOT_ALLOWED_PRIVATE_REGISTRIES`.
 * The CLI runs on the user's own machine, for the user's own files, and allows every address.
 * Pure: the allowlist is passed in.
 */
import { classifyHost, type AddressClass } from './addresses.js';
import { formatHostPort, parseHostPortList, type HostPort } from './hosts.js';
import type { HttpRequest, Transport } from './transport.js';

export type AddressVerdict = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

export interface AddressPolicy {
  /** May a request go to this registry, mirror or redirect target? */
  check(host: HostPort): AddressVerdict;
}

/** The message every refusal starts with, so logs and PR-less scans are easy to search. */
export const ADDRESS_NOT_ALLOWED = 'registry address not allowed';

/** The CLI's policy: the user's own machine may reach whatever the user's files name. */
export const ANY_ADDRESS: AddressPolicy = { check: () => ({ allowed: true }) };

/**
 * Public addresses are allowed; any other is allowed only when listed. An entry without a port
 * covers every port of its host; hosts are compared as written (after URL canonicalisation),
 * so `localhost:5000` does not allow `127.0.0.1:5000`.
 */
export function privateAddressPolicy(allowed: readonly HostPort[], listName: string): AddressPolicy {
  return {
    check(host) {
      const addressClass = classifyHost(host.hostname);
      if (addressClass === 'public') return { allowed: true };
      const listed = allowed.some((entry) => entry.hostname === host.hostname && (entry.port === undefined || entry.port === host.port));
      if (listed) return { allowed: true };
      return {
        allowed: false,
        reason: `${ADDRESS_NOT_ALLOWED}: ${formatHostPort(host)} is ${describe(addressClass)} (list it in ${listName} to allow it)`,
      };
    },
  };
}

/** Parse the allowlist (comma-separated `host[:port]`); `invalid` holds the entries that are not. */
export function parseAllowedRegistries(value: string | undefined): {
  readonly hosts: readonly HostPort[];
  readonly invalid: readonly string[];
} {
  return parseHostPortList(value);
}

/**
 * A transport whose redirects must also pass the policy: a public registry (or its storage
 * host) answering `307 Location: http://10.0.0.5/` is refused like a pin naming 10.0.0.5, on
 * every request the client makes, token requests included. The first hop of each request is
 * checked where its target is chosen (the registry and mirror by the client, the realm by the
 * realm rule, which lets a non-public realm through only for a non-public, hence listed, registry).
 */
export function withAddressPolicy(transport: Transport, policy: AddressPolicy): Transport {
  if (policy === ANY_ADDRESS) return transport;
  return {
    send(request, read) {
      const checkRedirect = (target: URL): string | undefined => {
        const verdict = policy.check(hostPortOf(target));
        return verdict.allowed ? request.checkRedirect?.(target) : verdict.reason;
      };
      const policed: HttpRequest = { ...request, checkRedirect };
      return transport.send(policed, read);
    },
  };
}

/** A URL's host as the policy sees it: the default port of the scheme counts as no port. */
export function hostPortOf(url: URL): HostPort {
  return { hostname: url.hostname.toLowerCase(), port: url.port === '' ? undefined : Number(url.port) };
}

function describe(addressClass: AddressClass): string {
  switch (addressClass) {
    case 'loopback':
      return 'a loopback address';
    case 'private':
      return 'a private-network address';
    case 'link-local':
      return 'a link-local address';
    case 'metadata':
      return 'a cloud metadata address';
    default:
      return 'not a public address';
  }
}
