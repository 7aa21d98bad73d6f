/**
 * What "the same host" means wherever a secret might travel: the same scheme, host and port
 * (a web origin), with default ports made explicit (https 443, http 80) and host names in
 * canonical form. The realm check, the redirect rule and the credential lookup all ask this
 * one module, so another port of the same machine is never treated as home (issue 8,
 * finding 6: the realm check compared host names only, the redirect rule whole origins). Pure.
 */
import { canonicalHostname } from './addresses.js';

export interface Origin {
  readonly scheme: 'http' | 'https';
  /** Canonical: lowercase, no trailing dot, IPv4 in dotted form, IPv6 compressed in brackets. */
  readonly hostname: string;
  /** Always stated: the scheme's default when the URL has none. */
  readonly port: number;
}

const DEFAULT_PORTS = { http: 80, https: 443 } as const;

/** The origin of an http(s) URL; undefined for any other scheme. */
export function originOf(url: URL | string): Origin | undefined {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return undefined;
  }
  const scheme = parsed.protocol === 'https:' ? 'https' : parsed.protocol === 'http:' ? 'http' : undefined;
  if (scheme === undefined) return undefined;
  const hostname = canonicalHostname(parsed.hostname);
  if (hostname === undefined) return undefined;
  return { scheme, hostname, port: parsed.port === '' ? DEFAULT_PORTS[scheme] : Number(parsed.port) };
}

/** Same scheme, same host, same port. */
export function sameOrigin(a: Origin, b: Origin): boolean {
  return a.scheme === b.scheme && a.hostname === b.hostname && a.port === b.port;
}

/** Same scheme and port: what a realm on the registry's parent domain must still share with it. */
export function sameSchemeAndPort(a: Origin, b: Origin): boolean {
  return a.scheme === b.scheme && a.port === b.port;
}

/**
 * `host[:port]` with the port left out when it is the scheme's default: the form registries are
 * named in and Docker's config is keyed by, so `registry.example.com:443` and
 * `registry.example.com` (over HTTPS) find the same credentials.
 */
export function hostKey(origin: Origin): string {
  return origin.port === DEFAULT_PORTS[origin.scheme] ? origin.hostname : `${origin.hostname}:${origin.port}`;
}
