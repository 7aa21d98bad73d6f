/**
 * Pure classification of a host name or IP literal by where it points: the public internet,
 * this machine, a private network, a link-local segment, or a cloud metadata service. The
 * realm check and the redirect check use it to refuse server-side request forgery targets.
 *
 * Only literals and a few well-known names are classified; no DNS is resolved (a public name
 * that resolves to a private address is outside what a pure check can see).
 */

export type AddressClass = 'public' | 'loopback' | 'private' | 'link-local' | 'metadata' | 'reserved';

/** Cloud metadata endpoints: they hand out instance credentials to anyone who asks from inside. */
const METADATA_NAMES = new Set(['metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data', 'instance-data.ec2.internal']);
const METADATA_IPV4 = new Set([
  '169.254.169.254', // AWS, GCP, Azure, OpenStack, DigitalOcean
  '169.254.170.2', // AWS ECS task credentials
  '100.100.100.200', // Alibaba Cloud
  '168.63.129.16', // Azure WireServer
]);
const METADATA_IPV6 = new Set(['fd00:ec2:0:0:0:0:0:254']);

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
  if (hostname.startsWith('[')) return classifyIpv6(hostname.slice(1, -1));
  const ipv4 = parseIpv4(hostname);
  if (ipv4 !== undefined) return classifyIpv4(ipv4);
  if (METADATA_NAMES.has(hostname)) return 'metadata';
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return 'loopback';
  return 'public';
}

/** True for `localhost`, 127.0.0.0/8 and ::1: the addresses plain HTTP is allowed for by default. */
export function isLoopbackHost(host: string): boolean {
  return classifyHost(host) === 'loopback' && !isUnspecified(host);
}

export function isIpLiteral(host: string): boolean {
  const hostname = canonicalHostname(host);
  return hostname !== undefined && (hostname.startsWith('[') || parseIpv4(hostname) !== undefined);
}

function isUnspecified(host: string): boolean {
  const hostname = canonicalHostname(host);
  return hostname === '[::]' || (hostname !== undefined && hostname.startsWith('0.'));
}

function parseIpv4(hostname: string): number[] | undefined {
  const parts = hostname.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part))) return undefined;
  const octets = parts.map(Number);
  return octets.every((octet) => octet <= 255) ? octets : undefined;
}

function classifyIpv4(octets: readonly number[]): AddressClass {
  const [a = 0, b = 0] = octets;
  if (METADATA_IPV4.has(octets.join('.'))) return 'metadata';
  if (a === 127) return 'loopback';
  // 0.0.0.0/8 reaches the local machine on Linux, so it is as dangerous as loopback.
  if (a === 0) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  // 100.64.0.0/10 is carrier-grade NAT space: never a public registry, sometimes a cloud-internal one.
  if (a === 100 && b >= 64 && b <= 127) return 'private';
  if (a === 169 && b === 254) return 'link-local';
  if (a >= 224) return 'reserved'; // multicast, reserved, broadcast
  return 'public';
}

/** Expand a (URL-canonical) IPv6 literal into eight 16-bit groups. */
function parseIpv6(literal: string): number[] | undefined {
  const halves = literal.split('::');
  if (halves.length > 2) return undefined;
  const toGroups = (text: string | undefined): number[] | undefined => {
    if (text === undefined || text === '') return [];
    const groups = text.split(':');
    if (!groups.every((group) => /^[0-9a-f]{1,4}$/i.test(group))) return undefined;
    return groups.map((group) => parseInt(group, 16));
  };
  const head = toGroups(halves[0]);
  const tail = toGroups(halves[1]);
  if (head === undefined || tail === undefined) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

function classifyIpv6(literal: string): AddressClass {
  const groups = parseIpv6(literal);
  if (groups === undefined) return 'reserved';
  if (METADATA_IPV6.has(groups.map((group) => group.toString(16)).join(':'))) return 'metadata';
  const [g0 = 0, g1 = 0, , , , g5 = 0, g6 = 0, g7 = 0] = groups;
  const leadingZeros = groups.slice(0, 5).every((group) => group === 0);
  if (leadingZeros && g5 === 0 && g6 === 0 && (g7 === 0 || g7 === 1)) return 'loopback'; // :: and ::1
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) reach the embedded IPv4 address.
  const mapped = leadingZeros && g5 === 0xffff;
  const nat64 = g0 === 0x64 && g1 === 0xff9b && groups.slice(2, 6).every((group) => group === 0);
  if (mapped || nat64) return classifyIpv4([g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff]);
  if ((g0 & 0xfe00) === 0xfc00) return 'private'; // fc00::/7 unique local
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local'; // fe80::/10
  if ((g0 & 0xffc0) === 0xfec0) return 'private'; // fec0::/10, deprecated site-local
  if ((g0 & 0xff00) === 0xff00) return 'reserved'; // multicast
  return 'public';
}
