/**
 * Whether a token realm a registry names may be contacted, and whether it may see credentials.
 * A registry's 401 chooses where pinbot sends its next request, so a hostile or compromised
 * registry could aim it at a cloud metadata service or an internal host (safety rule), or ask
 * for the user's credentials on a host it controls (credential rule). Pure.
 */
import { canonicalHostname, classifyHost, isIpLiteral, type AddressClass } from './addresses.js';
import { originOf, sameOrigin, sameSchemeAndPort, type Origin } from './origin.js';

/** The registry's scheme (`http` only for loopback or user-listed insecure registries), host and port. */
export type RegistryOrigin = Origin;

export type RealmDecision =
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'allowed'; readonly url: URL; readonly sendCredentials: boolean };

/**
 * Second-level labels under a country code that are public suffixes (`co.uk`, `com.au`): a
 * registry at `foo.co.uk` must not treat every `*.co.uk` realm as its own domain.
 */
const PUBLIC_SECOND_LEVELS = new Set([
  'ac',
  'co',
  'com',
  'edu',
  'go',
  'gob',
  'gov',
  'ltd',
  'mil',
  'ne',
  'net',
  'nic',
  'or',
  'org',
  'plc',
  'sch',
]);

/**
 * Hosting domains whose subdomains belong to different customers: `a.azurecr.io` and
 * `b.azurecr.io` are two tenants' registries, so neither may pass credentials to the other as
 * "its parent domain". Their registries name realms on their own host, which stays allowed.
 */
const TENANT_DOMAINS = [
  'azurecr.io',
  'azurecr.cn',
  'azurecr.us',
  'pkg.dev',
  'amazonaws.com',
  'amazonaws.com.cn',
  'jfrog.io',
  'ocir.io',
  'cloudsmith.io',
  'github.io',
  'gitlab.io',
  'herokuapp.com',
];

/** Safety rule, shared with redirects: may a request for `origin` be sent to `target` at all? */
export function checkTargetAddress(target: string, origin: RegistryOrigin): { ok: true } | { ok: false; reason: string } {
  const targetClass = classifyHost(target);
  if (targetClass === 'public') return { ok: true };
  const originClass = classifyHost(origin.hostname);
  if (targetClass === 'metadata') {
    // Only a registry that *is* the metadata address may talk to it; nothing else is sent there.
    return sameHost(target, origin.hostname) ? { ok: true } : { ok: false, reason: `${target} is a cloud metadata address` };
  }
  if (targetClass === 'reserved') return { ok: false, reason: `${target} is not a usable address` };
  if (originClass !== 'public' && originClass !== 'metadata') return { ok: true };
  return { ok: false, reason: `${target} is a ${describe(targetClass)} address and ${origin.hostname} is not` };
}

export function checkRealm(realm: string, origin: RegistryOrigin): RealmDecision {
  let url: URL;
  try {
    url = new URL(realm);
  } catch {
    return { kind: 'refused', reason: `token realm "${truncate(realm)}" is not a URL` };
  }
  const shown = `${url.protocol}//${url.host}`;
  if (url.username !== '' || url.password !== '') {
    return { kind: 'refused', reason: `token realm ${shown} embeds credentials in its URL` };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && origin.scheme === 'http')) {
    return {
      kind: 'refused',
      reason: `token realm ${shown} is not HTTPS (plain HTTP is only accepted for a loopback or insecure-listed registry)`,
    };
  }
  const address = checkTargetAddress(url.hostname, origin);
  if (!address.ok) return { kind: 'refused', reason: `token realm ${shown} refused: ${address.reason}` };
  const realmOrigin = originOf(url);
  return { kind: 'allowed', url, sendCredentials: realmOrigin !== undefined && mayReceiveCredentials(realmOrigin, origin) };
}

/**
 * Credential rule: the registry's own origin (scheme, host and port), or a host on the
 * registry's parent domain with the registry's scheme and port (`registry.gitlab.com` →
 * `gitlab.com`; `registry-1.docker.io` → `auth.docker.io`). Another port of the registry's
 * host is another service, perhaps another user's (issue 8, finding 6). IP literals have no
 * parent domain: only the same address qualifies.
 */
export function mayReceiveCredentials(realm: Origin, registry: Origin): boolean {
  if (sameOrigin(realm, registry)) return true;
  if (!sameSchemeAndPort(realm, registry)) return false;
  const realmHost = normalise(realm.hostname);
  const registryHost = normalise(registry.hostname);
  if (isIpLiteral(realmHost) || isIpLiteral(registryHost)) return false;
  const parent = parentDomain(registryHost);
  return parent !== undefined && (realmHost === parent || realmHost.endsWith(`.${parent}`));
}

/** The registry's domain minus its first label, unless that leaves a public suffix. */
function parentDomain(hostname: string): string | undefined {
  const labels = hostname.split('.');
  if (labels.length < 3) return undefined; // `ghcr.io` has no parent pinbot can trust
  const parent = labels.slice(1);
  const [second = '', top = ''] = parent.slice(-2);
  if (parent.length === 2 && top.length === 2 && PUBLIC_SECOND_LEVELS.has(second)) return undefined;
  const domain = parent.join('.');
  if (TENANT_DOMAINS.some((tenant) => domain === tenant || domain.endsWith(`.${tenant}`))) return undefined;
  return domain;
}

function sameHost(a: string, b: string): boolean {
  return normalise(a) === normalise(b);
}

function normalise(hostname: string): string {
  const canonical = canonicalHostname(hostname) ?? hostname.toLowerCase();
  return canonical.replace(/^\[(.*)\]$/, '$1');
}

function describe(addressClass: AddressClass): string {
  return addressClass === 'link-local' ? 'link-local' : addressClass === 'loopback' ? 'loopback' : 'private-network';
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
