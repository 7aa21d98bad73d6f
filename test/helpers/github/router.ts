/**
 * Route table dispatch: match a method and raw path against templates, check the caller may use the
 * route (app JWT, installation token scope and permissions, archived/disabled repositories), run the
 * handler and turn thrown HttpFailures into replies.
 */
import { checkRepoAccess, type Principal, type RequiredPermission } from './auth.js';
import { errorReply, HttpFailure, type ApiRequest, type Reply } from './http.js';
import type { FakeState, RepoState } from './state.js';

/** Who may call a route: the app itself (JWT), an installation token, anyone, or repo-scoped callers. */
export type Access = 'app' | 'installation' | 'any' | 'repo';

export interface Route {
  readonly method: string;
  /** `{name}` matches one path segment, `{name+}` one or more (for refs and file paths). */
  readonly pattern: string;
  readonly access?: Access;
  readonly permission?: RequiredPermission;
  readonly handler: (req: ApiRequest) => Reply;
}

export interface CompiledRoute extends Route {
  readonly regex: RegExp;
  readonly names: readonly string[];
  /** The pattern as GitHub's docs write it (`{ref}` rather than `{ref+}`), used in logs and counts. */
  readonly template: string;
}

export function compileRoutes(routes: readonly Route[]): CompiledRoute[] {
  return routes.map((route) => {
    const names: string[] = [];
    const source = route.pattern.replace(/[.*?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)(\+?)\}/g, (_all, name: string, plus: string) => {
      names.push(name);
      return plus ? '(.+)' : '([^/]+)';
    });
    return { ...route, regex: new RegExp(`^${source}/?$`), names, template: route.pattern.replace(/\{(\w+)\+\}/g, '{$1}') };
  });
}

export interface RouteMatch {
  readonly route: CompiledRoute;
  readonly params: Record<string, string>;
}

export function matchRoute(routes: readonly CompiledRoute[], method: string, rawPath: string): RouteMatch | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const found = route.regex.exec(rawPath);
    if (!found) continue;
    const params: Record<string, string> = {};
    route.names.forEach((name, index) => {
      params[name] = safeDecode(found[index + 1] ?? '');
    });
    return { route, params };
  }
  return undefined;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function accessOf(route: CompiledRoute): Access {
  return route.access ?? (route.pattern.startsWith('/repos/{owner}/{repo}') ? 'repo' : 'any');
}

/** The repository a repo route addresses, or the refusal GitHub would give. */
type Resolved = { readonly ok: true; readonly repo: RepoState } | { readonly ok: false; readonly reply: Reply };

function resolveRepo(state: FakeState, principal: Principal, match: RouteMatch, method: string): Resolved {
  const repo = state.repo(match.params.owner ?? '', match.params.repo ?? '');
  if (!repo) return { ok: false, reply: errorReply(404, 'Not Found') };
  const refusal = checkRepoAccess(state, principal, repo, match.route.permission);
  if (refusal) return { ok: false, reply: refusal };
  if (repo.disabled && match.route.template !== '/repos/{owner}/{repo}')
    return { ok: false, reply: errorReply(403, 'Repository access blocked') };
  if (repo.archived && method !== 'GET') return { ok: false, reply: errorReply(403, 'Repository was archived so is read-only.') };
  return { ok: true, repo };
}

function refuseByAccess(principal: Principal, access: Access): Reply | undefined {
  if (access === 'app' && principal.kind !== 'app') {
    return errorReply(401, 'A JSON web token could not be decoded');
  }
  if (access === 'installation' && principal.kind !== 'installation') {
    return errorReply(403, 'You must authenticate with an installation access token in order to use this endpoint.');
  }
  return undefined;
}

export type RequestBase = Omit<ApiRequest, 'params' | 'repo'>;

export function runRoute(match: RouteMatch, base: RequestBase): Reply {
  const refused = refuseByAccess(base.principal, accessOf(match.route));
  if (refused) return refused;
  let repo: RepoState | undefined;
  if (accessOf(match.route) === 'repo') {
    const resolved = resolveRepo(base.state, base.principal, match, base.method);
    if (!resolved.ok) return resolved.reply;
    repo = resolved.repo;
  }
  try {
    return match.route.handler({ ...base, params: match.params, repo });
  } catch (error) {
    if (error instanceof HttpFailure) return error.reply;
    const message = error instanceof Error ? error.message : String(error);
    return errorReply(500, `fake GitHub handler failed: ${message}`);
  }
}
