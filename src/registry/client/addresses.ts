/**
 * Pure classification of a host name or IP literal by where it points: the public internet,
 * this machine, a private network, a link-local segment, or a cloud metadata service. The
 * realm check, the redirect check and the App's registry address policy use it to refuse
 * server-side request forgery targets.
 *
 * IP literals are parsed by ipaddr.js (issue 9: no hand-written address parsing) after the
 * WHATWG URL parser has canonicalised them, so every spelling fetch would connect to
 * (`2130706433`, `0x7f.1`, `127.1`, `[::ffff:7f00:1]`) is judged as the address it is. Names
 * are judged by their suffix only; no DNS is resolved (a public name that resolves to a
 * private address is outside what a pure check can see).
 */
import ipaddr from 'ipaddr.js';

export type AddressClass = 'public' | 'loopback' | 'private' | 'link-local' | 'metadata' | 'reserved';

/** Cloud metadata endpoints: they hand out instance credentials to anyone who asks from inside. */
const METADATA_NAMES = new Set(['metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data', 'instance-data.ec2.internal']);
const METADATA_ADDRESSES = [
  '169.254.169.254', // AWS, GCP, Azure, OpenStack, DigitalOcean, Oracle
  '169.254.170.2', // AWS ECS task credentials
  '100.100.100.200', // Alibaba Cloud
  '168.63.129.16', // Azure WireServer
  '192.0.0.192', // Oracle Cloud (legacy)
  'fd00:ec2::254', // AWS over IPv6
].map((address) => ipaddr.parse(address).toNormalizedString());

/** Names the hosts file or local resolvers give to this machine. */
const LOOPBACK_NAMES = new Set(['localhost', 'localhost.localdomain', 'ip6-localhost', 'ip6-loopback']);

/**
 * Suffixes that only ever name hosts on a private network: mDNS (`.local`, RFC 6762), ICANN's
 * private-use `.internal`, home networks (`.home.arpa`, RFC 8375) and Kubernetes services
 * (`name.namespace.svc`; `.svc.cluster.local` ends in `.local`).
 */
const PRIVATE_SUFFIXES = ['.local', '.localdomain', '.internal', '.home.arpa', '.svc'];

/**
 * Canonical form of a host as the WHATWG URL parser sees it, so `0x7f.1`, `2130706433` and
 * `127.1` all become `127.0.0.1` and IPv6 literals are compressed the same way every time.
 */
export function canonicalHostname(host: string): string | undefined {
  const bare = host.trim().replace(/^\[(.*)\]$/, '$1');
  if (bare === '') return undefined;
  try {
    const literal = bare.includes(':') ? `[${bare}]` : bare;
    const hostname = new URL(`http://${literal}/`).hostname;
    return hostname.replace(/\.$/, '');
  } catch {
    return undefined;
  }
}

/** Classify a hostname (brackets around IPv6 optional). Unparsable input counts as `reserved`. */
export function classifyHost(host: string): AddressClass {
  const hostname = canonicalHostname(host);
  if (hostname === undefined) return 'reserved';
  const address = parseLiteral(hostname);
  if (address !== undefined) return classifyAddress(address);
  if (METADATA_NAMES.has(hostname)) return 'metadata';
  if (LOOPBACK_NAMES.has(hostname) || hostname.endsWith('.localhost')) return 'loopback';
  // A name with no dot is resolved through the search domains: a cluster service, never a public registry.
  if (!hostname.includes('.') || PRIVATE_SUFFIXES.some((suffix) => hostname.endsWith(suffix))) return 'private';
  return 'public';
}

/** True for `localhost`, 127.0.0.0/8 and ::1: the addresses plain HTTP is allowed for by default. */
export function isLoopbackHost(host: string): boolean {
  return classifyHost(host) === 'loopback' && !isUnspecified(host);
}

export function isIpLiteral(host: string): boolean {
  const hostname = canonicalHostname(host);
  return hostname !== undefined && parseLiteral(hostname) !== undefined;
}

function isUnspecified(host: string): boolean {
  const hostname = canonicalHostname(host);
  const address = hostname === undefined ? undefined : parseLiteral(hostname);
  return address !== undefined && address.range() === 'unspecified';
}

/** The address a URL-canonical hostname spells, if it is an IP literal (`[…]` for IPv6, as URLs write it). */
function parseLiteral(hostname: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (hostname.startsWith('[')) {
    const inner = hostname.slice(1, -1);
    return ipaddr.IPv6.isValid(inner) ? ipaddr.IPv6.parse(inner) : undefined;
  }
  // The URL parser has already turned every IPv4 spelling into dotted decimal.
  return ipaddr.IPv4.isValidFourPartDecimal(hostname) ? ipaddr.IPv4.parse(hostname) : undefined;
}

function classifyAddress(address: ipaddr.IPv4 | ipaddr.IPv6): AddressClass {
  if (METADATA_ADDRESSES.includes(address.toNormalizedString())) return 'metadata';
  if (address.kind() === 'ipv6') {
    const embedded = embeddedIpv4(address as ipaddr.IPv6);
    if (embedded !== undefined) return classifyAddress(embedded);
  }
  const range: string = address.range();
  switch (range) {
    case 'unicast':
      return 'public';
    // 0.0.0.0 and :: reach the local machine on Linux, so they are as dangerous as loopback.
    case 'loopback':
    case 'unspecified':
      return 'loopback';
    // 100.64.0.0/10 is carrier-grade NAT space: never a public registry, sometimes a cloud-internal one.
    case 'private':
    case 'carrierGradeNat':
    case 'uniqueLocal':
    case 'deprecatedSiteLocal':
      return 'private';
    case 'linkLocal':
      return 'link-local';
    default:
      return 'reserved'; // multicast, broadcast, documentation, benchmarking, tunnels…
  }
}

/** IPv4-mapped (::ffff:a.b.c.d), IPv4-translated and NAT64 (64:ff9b::a.b.c.d) addresses reach the IPv4 address inside. */
function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const range: string = address.range();
  if (range !== 'ipv4Mapped' && range !== 'rfc6145' && range !== 'rfc6052') return undefined;
  // Only the well-known 64:ff9b::/96 keeps the IPv4 address in the last 32 bits; other NAT64
  // prefixes (64:ff9b:1::/48) place it elsewhere, and stay `reserved`.
  if (range === 'rfc6052' && address.parts.slice(2, 6).some((part) => part !== 0)) return undefined;
  const [high = 0, low = 0] = address.parts.slice(6);
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}
