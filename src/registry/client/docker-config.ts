/**
 * Docker's `config.json`, parsed into what pinbot needs: stored credentials per registry,
 * per-registry credential helpers (`credHelpers`) and the default helper (`credsStore`).
 * Pure: text in, data and warnings out. Warnings name the file and the key, never a secret.
 */
import { canonicalRegistryName, formatHostPort, parseHostPort } from './hosts.js';

export type RegistryCredentials =
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  /** An OAuth refresh token from `docker login` (stored as `identitytoken`, or by a helper as user `<token>`). */
  | { readonly kind: 'identity-token'; readonly token: string; readonly username: string | undefined };

export interface DockerConfig {
  readonly auths: ReadonlyMap<string, RegistryCredentials>;
  readonly credHelpers: ReadonlyMap<string, string>;
  readonly credsStore: string | undefined;
  readonly warnings: readonly string[];
}

export type ParsedDockerConfig = { readonly ok: true; readonly config: DockerConfig } | { readonly ok: false; readonly message: string };

/** Helper names become part of a program name on PATH: no separators, no dot-dot tricks. */
const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Normalise an `auths`/`credHelpers` key to a canonical registry name: strip the scheme and
 * path (`https://ghcr.io/v2/` → `ghcr.io`), lowercase, and fold Docker Hub's aliases
 * (`https://index.docker.io/v1/`) into `docker.io`. Undefined when no host can be found.
 */
export function normalizeConfigKey(key: string): string | undefined {
  const withoutScheme = key.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const hostPart = withoutScheme.split('/')[0] ?? '';
  const parsed = parseHostPort(hostPart);
  return parsed ? canonicalRegistryName(formatHostPort(parsed)) : undefined;
}

/** The server URL a credential helper is asked about: Docker Hub's legacy URL, otherwise the host. */
export function helperServerUrl(registry: string): string {
  return registry === 'docker.io' ? 'https://index.docker.io/v1/' : registry;
}

export function parseDockerConfig(text: string, file: string): ParsedDockerConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `${file} is not valid JSON (${(error as Error).message}); continuing without stored credentials` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, message: `${file} must contain a JSON object; continuing without stored credentials` };
  }
  const root = parsed as Record<string, unknown>;
  const warnings: string[] = [];
  const auths = new Map<string, RegistryCredentials>();
  for (const [key, entry] of objectEntries(root.auths, `${file}: "auths"`, warnings)) {
    const registry = normalizeConfigKey(key);
    if (registry === undefined) {
      warnings.push(`${file}: auths key "${key}" does not name a registry host; ignored`);
      continue;
    }
    const credentials = entryCredentials(entry, `${file}: auths["${key}"]`, warnings);
    // Several keys can fold into one registry (`https://index.docker.io/v1/` and `docker.io`): the first usable wins.
    if (credentials && !auths.has(registry)) auths.set(registry, credentials);
  }
  const credHelpers = new Map<string, string>();
  for (const [key, helper] of objectEntries(root.credHelpers, `${file}: "credHelpers"`, warnings)) {
    const registry = normalizeConfigKey(key);
    const name = helperName(helper, `${file}: credHelpers["${key}"]`, warnings);
    if (registry === undefined) warnings.push(`${file}: credHelpers key "${key}" does not name a registry host; ignored`);
    else if (name !== undefined && !credHelpers.has(registry)) credHelpers.set(registry, name);
  }
  const credsStore =
    root.credsStore === undefined || root.credsStore === '' ? undefined : helperName(root.credsStore, `${file}: credsStore`, warnings);
  return { ok: true, config: { auths, credHelpers, credsStore, warnings } };
}

function objectEntries(value: unknown, where: string, warnings: string[]): Array<[string, unknown]> {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) {
    warnings.push(`${where} must be an object; ignored`);
    return [];
  }
  return Object.entries(value as Record<string, unknown>);
}

function helperName(value: unknown, where: string, warnings: string[]): string | undefined {
  if (typeof value === 'string' && HELPER_NAME.test(value)) return value;
  warnings.push(`${where} is not a credential helper name; ignored`);
  return undefined;
}

/** `identitytoken` wins over a password, as in Docker; `auth` (base64 `user:pass`) over `username`/`password`. */
function entryCredentials(entry: unknown, where: string, warnings: string[]): RegistryCredentials | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    warnings.push(`${where} must be an object; ignored`);
    return undefined;
  }
  const { auth, username, password, identitytoken } = entry as Record<string, unknown>;
  let user = typeof username === 'string' && username !== '' ? username : undefined;
  let pass = typeof password === 'string' && password !== '' ? password : undefined;
  if (typeof auth === 'string' && auth !== '') {
    const decoded = decodeAuth(auth);
    if (decoded === undefined) {
      warnings.push(`${where}.auth is not base64 of "username:password"; ignored`);
    } else {
      user = decoded.username;
      pass = decoded.password;
    }
  }
  if (typeof identitytoken === 'string' && identitytoken !== '') {
    return { kind: 'identity-token', token: identitytoken, username: user };
  }
  if (user !== undefined && pass !== undefined) return { kind: 'basic', username: user, password: pass };
  // An empty entry (`{}`) is what Docker writes when a helper holds the secret: not worth a warning.
  if (user !== undefined || pass !== undefined) warnings.push(`${where} has a username or password but not both; ignored`);
  return undefined;
}

function decodeAuth(auth: string): { username: string; password: string } | undefined {
  const compact = auth.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) && !/^[A-Za-z0-9_-]+={0,2}$/.test(compact)) return undefined;
  const decoded = Buffer.from(compact, compact.includes('-') || compact.includes('_') ? 'base64url' : 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
