/**
 * Which URL a registry is reached at: plain HTTP only for loopback and for hosts the user listed
 * as insecure, HTTPS everywhere else; Docker Hub's API lives on `registry-1.docker.io`; an
 * optional mirror answers lookups for a registry. Pure: the environment is passed in.
 */
import { canonicalHostname, isLoopbackHost } from './addresses.js';
import { hostKey, sameOrigin, type Origin } from './origin.js';

export interface HostPort {
  /** Lowercase hostname; IPv6 literals keep their brackets (as in a URL). */
  readonly hostname: string;
  readonly port: number | undefined;
}

/** Where requests go: an Origin (scheme, canonical hostname, port stated), so realm and redirect checks compare it whole. */
export interface RegistryEndpoint extends Origin {
  /** Canonical registry name the lookup is for, e.g. `docker.io`. */
  readonly registry: string;
  /** `host[:port]` requests go to, e.g. `registry-1.docker.io` or `localhost:5000`. */
  readonly host: string;
  /** e.g. `https://registry-1.docker.io`. */
  readonly origin: string;
  /** The name credentials are looked up under: the registry's, or the mirror's own host. */
  readonly credentialKey: string;
  /**
   * Every spelling of `credentialKey` that names this same origin, as written first:
   * `registry.example.com` and `registry.example.com:443` are one HTTPS registry, while
   * `:8443` (or any other port) is another registry with its own credentials.
   */
  readonly credentialKeys: readonly string[];
}

export interface InsecureRegistries {
  readonly hosts: readonly HostPort[];
  /** Entries that are not `host[:port]`, for a warning. */
  readonly invalid: readonly string[];
}

const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);
const DNS_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

/** Parse `host`, `host:port`, `[v6]` or `[v6]:port`; undefined when it is anything else. */
export function parseHostPort(text: string): HostPort | undefined {
  const match = /^(\[[^\]]*\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(text.trim().toLowerCase());
  if (!match || match[1] === undefined) return undefined;
  const raw = match[1];
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  if (!raw.startsWith('[') && !DNS_NAME.test(raw)) return undefined;
  const hostname = canonicalHostname(raw);
  if (hostname === undefined) return undefined;
  return { hostname, port };
}

export function formatHostPort({ hostname, port }: HostPort): string {
  return port === undefined ? hostname : `${hostname}:${port}`;
}

/** `index.docker.io`, `registry-1.docker.io` and friends all mean `docker.io`; names are case-insensitive. */
export function canonicalRegistryName(registry: string): string {
  const lower = registry.trim().toLowerCase();
  return DOCKER_HUB_ALIASES.has(lower) ? 'docker.io' : lower;
}

/**
 * Parse `PINBOT_INSECURE_REGISTRIES`: comma-separated `host[:port]`. An entry without a port
 * covers every port of that host. A leading `http://` is tolerated because people paste URLs.
 */
export function parseInsecureRegistries(value: string | undefined): InsecureRegistries {
  return parseHostPortList(value);
}

/** A comma-separated `host[:port]` list (a pasted `http(s)://` and trailing `/` tolerated); `invalid` holds the rest. */
export function parseHostPortList(value: string | undefined): { readonly hosts: HostPort[]; readonly invalid: string[] } {
  const hosts: HostPort[] = [];
  const invalid: string[] = [];
  for (const entry of (value ?? '').split(',')) {
    const trimmed = entry
      .trim()
      .replace(/^https?:\/\//i, '')
      .replace(/\/+$/, '');
    if (trimmed === '') continue;
    const parsed = parseHostPort(trimmed);
    if (parsed) hosts.push(parsed);
    else invalid.push(entry.trim());
  }
  return { hosts, invalid };
}

export function isListedInsecure(host: HostPort, insecure: InsecureRegistries): boolean {
  return insecure.hosts.some((entry) => entry.hostname === host.hostname && (entry.port === undefined || entry.port === host.port));
}

/** Plain HTTP is used for loopback registries (any port) and for listed insecure ones. */
export function schemeFor(host: HostPort, insecure: InsecureRegistries): 'http' | 'https' {
  return isLoopbackHost(host.hostname) || isListedInsecure(host, insecure) ? 'http' : 'https';
}

/**
 * Where to send requests for `registry`. Returns undefined when the name is not `host[:port]`
 * (the caller reports it; a malformed name must never become part of a URL).
 */
export function registryEndpoint(registry: string, insecure: InsecureRegistries): RegistryEndpoint | undefined {
  const canonical = canonicalRegistryName(registry);
  const apiHost = canonical === 'docker.io' ? 'registry-1.docker.io' : canonical;
  return endpointFor(canonical, apiHost, canonical, insecure);
}

/** The endpoint of a mirror that answers lookups for `registry`; credentials are the mirror's own. */
export function mirrorEndpoint(registry: string, mirror: string, insecure: InsecureRegistries): RegistryEndpoint | undefined {
  const parsed = parseHostPort(mirror);
  if (!parsed) return undefined;
  const host = formatHostPort(parsed);
  return endpointFor(canonicalRegistryName(registry), host, canonicalRegistryName(host), insecure);
}

function endpointFor(registry: string, apiHost: string, credentialKey: string, insecure: InsecureRegistries): RegistryEndpoint | undefined {
  const parsed = parseHostPort(apiHost);
  if (!parsed) return undefined;
  const origin = originOfHost(parsed, insecure);
  const host = formatHostPort(parsed);
  const credentialKeys = sameRegistrySpellings(credentialKey, insecure);
  return { registry, host, ...origin, origin: `${origin.scheme}://${host}`, credentialKey, credentialKeys };
}

/** The origin a `host[:port]` is reached at: its scheme by the rules above, its port stated. */
function originOfHost(host: HostPort, insecure: InsecureRegistries): Origin {
  const scheme = schemeFor(host, insecure);
  return { scheme, hostname: host.hostname, port: host.port ?? (scheme === 'https' ? 443 : 80) };
}

/**
 * `key`, then the same origin without its default port when `key` states it: a reference to
 * `registry.example.com:443/app` finds what `docker login registry.example.com` stored. (Not
 * the other way round: that would cost every anonymous registry a second credential-helper run
 * for a spelling nobody logs in with.)
 */
function sameRegistrySpellings(key: string, insecure: InsecureRegistries): string[] {
  const parsed = parseHostPort(key);
  if (parsed?.port === undefined) return [key];
  const origin = originOfHost(parsed, insecure);
  const bare = hostKey(origin);
  const bareParsed = parseHostPort(bare);
  const same = bare !== key && bareParsed !== undefined && sameOrigin(originOfHost(bareParsed, insecure), origin);
  return same ? [key, bare] : [key];
}

/**
 * Normalise a mirror map (registry → mirror host). Returns the valid pairs and a message per
 * invalid one, so one typo does not disable the others.
 */
export function parseMirrors(mirrors: Readonly<Record<string, string>>): {
  readonly mirrors: ReadonlyMap<string, string>;
  readonly invalid: readonly string[];
} {
  const valid = new Map<string, string>();
  const invalid: string[] = [];
  for (const [registry, mirror] of Object.entries(mirrors)) {
    const from = parseHostPort(canonicalRegistryName(registry));
    const to = parseHostPort(mirror);
    if (!from) invalid.push(`mirror key "${registry}" is not a registry host[:port]`);
    else if (!to) invalid.push(`mirror for ${registry} ("${mirror}") is not a host[:port]`);
    else valid.set(canonicalRegistryName(registry), formatHostPort(to));
  }
  return { mirrors: valid, invalid };
}
