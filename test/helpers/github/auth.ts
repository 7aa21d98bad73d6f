/**
 * Who is calling: the app (a JWT), an installation (a token the fake minted), or anyone else (treated as
 * a user with full access, so tests and benchmarks can call the fake with any token). Installation
 * tokens are scoped like GitHub's: only the installation's repositories, only its permissions.
 */
import { verify } from 'node:crypto';
import { errorReply, type Reply } from './http.js';
import type { Account, FakeState, InstallationState, PermissionLevel, RepoState, TokenGrant } from './state.js';

export type Principal =
  | { readonly kind: 'app' }
  | { readonly kind: 'installation'; readonly grant: TokenGrant; readonly installation: InstallationState }
  | { readonly kind: 'user'; readonly account: Account };

export type Identified = { readonly ok: true; readonly principal: Principal } | { readonly ok: false; readonly reply: Reply };

function decodeSegment(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Accepts a JWT whose `iss` is the app id (and, when the fake knows the app's public key, whose RS256
 * signature verifies). Expiry is not checked: tests may run the fake on an injected clock.
 */
function checkJwt(state: FakeState, jwt: string): boolean {
  const [header, payload, signature] = jwt.split('.');
  if (header === undefined || payload === undefined || signature === undefined) return false;
  const claims = decodeSegment(payload);
  if (typeof claims !== 'object' || claims === null) return false;
  if (String((claims as { iss?: unknown }).iss) !== String(state.app.id)) return false;
  if (state.app.publicKeyPem === undefined) return true;
  return verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), state.app.publicKeyPem, Buffer.from(signature, 'base64url'));
}

export function identify(state: FakeState, authorization: string | undefined): Identified {
  const credential = authorization?.replace(/^(bearer|token)\s+/i, '').trim() ?? '';
  if (credential.split('.').length === 3) {
    if (checkJwt(state, credential)) return { ok: true, principal: { kind: 'app' } };
    return { ok: false, reply: errorReply(401, 'A JSON web token could not be decoded') };
  }
  const grant = state.tokens.get(credential);
  if (grant) {
    const installation = state.installations.get(grant.installationId);
    if (!installation || grant.expiresAt.getTime() <= state.now().getTime())
      return { ok: false, reply: errorReply(401, 'Bad credentials') };
    return { ok: true, principal: { kind: 'installation', grant, installation } };
  }
  return { ok: true, principal: { kind: 'user', account: state.human } };
}

const LEVELS: Record<PermissionLevel, number> = { read: 1, write: 2 };

export function hasPermission(grant: TokenGrant, scope: string, level: PermissionLevel): boolean {
  if (scope === 'metadata' && level === 'read') return true; // every installation can read metadata
  const granted = grant.permissions[scope];
  return granted !== undefined && LEVELS[granted] >= LEVELS[level];
}

export type RequiredPermission = readonly [scope: string, level: PermissionLevel];

/** undefined when allowed; otherwise the reply GitHub would give. */
export function checkRepoAccess(
  state: FakeState,
  principal: Principal,
  repo: RepoState,
  permission: RequiredPermission | undefined,
): Reply | undefined {
  if (principal.kind === 'user') return undefined;
  if (principal.kind === 'app') return errorReply(403, 'Resource not accessible by integration');
  const covering = state.installationFor(repo);
  const { grant } = principal;
  const inScope =
    covering?.id === grant.installationId &&
    (grant.repos === 'installation' || grant.repos.has(`${repo.owner.login}/${repo.name}`.toLowerCase()));
  if (!inScope) return errorReply(404, 'Not Found');
  if (permission && !hasPermission(grant, permission[0], permission[1])) return errorReply(403, 'Resource not accessible by integration');
  return undefined;
}

/** The account that authors what a request creates: the app's bot for installation tokens, else the human user. */
export function actor(state: FakeState, principal: Principal): Account {
  return principal.kind === 'user' ? principal.account : state.app.bot;
}
