/**
 * Pure decisions of the token server: who is asking (Basic credentials or nobody) and what
 * they get for the scopes they asked for. Kept apart from the HTTP plumbing so each rule can
 * be read (and tested) on its own.
 */
export interface Credentials {
  username: string;
  password: string;
}

/** One entry of a token's `access` claim, e.g. `repository` `team/app` `[pull, push]`. */
export interface Access {
  type: string;
  name: string;
  actions: string[];
}

export type Identity = { kind: 'anonymous' } | { kind: 'user'; username: string } | { kind: 'rejected'; reason: string };

export type ScopeParse = { ok: true; access: Access[] } | { ok: false; message: string };

/**
 * `scope` values from the query, e.g. `repository:team/app:pull,push`. A client may repeat the
 * parameter or put several scopes in one value separated by spaces; both are accepted. The
 * name sits between the first and the last colon.
 */
export function parseScopes(values: string[]): ScopeParse {
  const access: Access[] = [];
  for (const scope of values.flatMap((v) => v.split(' ')).filter((s) => s !== '')) {
    const first = scope.indexOf(':');
    const last = scope.lastIndexOf(':');
    if (first <= 0 || last === first || last === scope.length - 1) {
      return { ok: false, message: `malformed scope ${JSON.stringify(scope)}: expected type:name:actions` };
    }
    access.push({ type: scope.slice(0, first), name: scope.slice(first + 1, last), actions: scope.slice(last + 1).split(',') });
  }
  return { ok: true, access };
}

/** Anonymous without an Authorization header; anything but valid Basic credentials is rejected. */
export function identify(authorization: string | undefined, users: readonly Credentials[]): Identity {
  if (authorization === undefined) return { kind: 'anonymous' };
  const match = /^Basic\s+(\S+)$/i.exec(authorization);
  if (match?.[1] === undefined) return { kind: 'rejected', reason: 'Authorization is not Basic credentials' };
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const username = colon < 0 ? decoded : decoded.slice(0, colon);
  const password = colon < 0 ? '' : decoded.slice(colon + 1);
  const known = users.some((u) => u.username === username && u.password === password);
  return known ? { kind: 'user', username } : { kind: 'rejected', reason: `invalid username or password for ${JSON.stringify(username)}` };
}

const REPOSITORY_ACTIONS = new Set(['pull', 'push', 'delete', '*']);

/**
 * Known users get every repository action they ask for (and other scope types, such as
 * `registry:catalog:*`, as asked). Anonymous callers get `pull` on repositories only when
 * `anonymousPull` is on, and otherwise a token with no access, as Docker Hub does for a
 * private repository: the registry then answers 401 `insufficient_scope`.
 */
export function grant(identity: Identity, requested: Access[], anonymousPull: boolean): Access[] {
  if (identity.kind === 'rejected') return [];
  const granted = requested.map((access): Access => {
    if (identity.kind === 'user') {
      const actions = access.type === 'repository' ? access.actions.filter((a) => REPOSITORY_ACTIONS.has(a)) : access.actions;
      return { ...access, actions };
    }
    const pullOnly = access.type === 'repository' && anonymousPull ? access.actions.filter((a) => a === 'pull') : [];
    return { ...access, actions: pullOnly };
  });
  return granted.filter((a) => a.actions.length > 0);
}
