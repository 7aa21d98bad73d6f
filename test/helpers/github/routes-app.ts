/** App and installation auth: the app (JWT) lists installations and mints tokens; a token lists its repositories. */
import { randomBytes } from 'node:crypto';
import { fail, json, optionalArray, optionalObject, paginate, pagedJson, urlsOf, type ApiRequest, type Reply } from './http.js';
import type { Route } from './router.js';
import { appShape, installationShape, repoShape } from './shapes-repo.js';
import type { InstallationState, PermissionLevel, Permissions, TokenGrant } from './state.js';

const TOKEN_LIFETIME_MS = 60 * 60 * 1000;

function installationOf(req: ApiRequest): InstallationState {
  return req.state.installations.get(Number(req.params.installation_id)) ?? fail(404, 'Not Found');
}

/** Requested permissions may only narrow the installation's. */
function narrowPermissions(req: ApiRequest, granted: Permissions): Permissions {
  const requested = optionalObject(req, 'permissions');
  if (!requested) return granted;
  const result: Record<string, PermissionLevel> = {};
  for (const [scope, level] of Object.entries(requested)) {
    const has = granted[scope];
    if ((level !== 'read' && level !== 'write') || has === undefined || (level === 'write' && has === 'read')) {
      fail(422, `The permissions requested are not granted to this installation.`);
    }
    result[scope] = level;
  }
  return result;
}

function narrowRepos(req: ApiRequest, installation: InstallationState): TokenGrant['repos'] {
  const names = optionalArray(req, 'repositories');
  const ids = optionalArray(req, 'repository_ids');
  if (!names && !ids) return 'installation';
  const covered = req.state.installationRepos(installation);
  const chosen = new Set<string>();
  for (const wanted of [...(names ?? []), ...(ids ?? [])]) {
    const repo = covered.find((candidate) => candidate.name.toLowerCase() === String(wanted).toLowerCase() || candidate.id === wanted);
    if (!repo) fail(422, `There is at least one repository that does not exist or is not accessible to the parent installation.`);
    chosen.add(`${repo.owner.login}/${repo.name}`.toLowerCase());
  }
  return chosen;
}

function createToken(req: ApiRequest): Reply {
  const installation = installationOf(req);
  if (installation.suspendedAt !== null) fail(403, 'This installation has been suspended');
  const permissions = narrowPermissions(req, installation.permissions);
  const repos = narrowRepos(req, installation);
  const token = `ghs_${randomBytes(27).toString('base64url').replace(/[-_]/g, 'x').slice(0, 36)}`;
  const expiresAt = new Date(req.state.now().getTime() + TOKEN_LIFETIME_MS);
  req.state.tokens.set(token, { token, installationId: installation.id, expiresAt, permissions, repos });
  const body: Record<string, unknown> = {
    token,
    expires_at: expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    permissions: { ...permissions },
    repository_selection: repos === 'installation' ? installation.repositorySelection : 'selected',
  };
  if (repos !== 'installation') {
    body.repositories = req.state
      .installationRepos(installation)
      .filter((repo) => repos.has(`${repo.owner.login}/${repo.name}`.toLowerCase()))
      .map((repo) => repoShape(urlsOf(req), repo));
  }
  return json(201, body);
}

function listInstallationRepos(req: ApiRequest): Reply {
  if (req.principal.kind !== 'installation')
    return fail(403, 'You must authenticate with an installation access token in order to use this endpoint.');
  const { grant, installation } = req.principal;
  const repos = req.state
    .installationRepos(installation)
    .filter((repo) => grant.repos === 'installation' || grant.repos.has(`${repo.owner.login}/${repo.name}`.toLowerCase()));
  // Only the asked page is shaped: an installation of 5,000 repositories is listed in 50 pages.
  const urls = urlsOf(req);
  const { items: page, headers } = paginate(req, repos);
  return json(
    200,
    {
      total_count: repos.length,
      repository_selection: grant.repos === 'installation' ? installation.repositorySelection : 'selected',
      repositories: page.map((repo) => repoShape(urls, repo)),
    },
    headers,
  );
}

function revokeToken(req: ApiRequest): Reply {
  if (req.principal.kind !== 'installation')
    return fail(403, 'You must authenticate with an installation access token in order to use this endpoint.');
  req.state.tokens.delete(req.principal.grant.token);
  return { status: 204 };
}

function accountInstallation(req: ApiRequest): Reply {
  const login = (req.params.org ?? req.params.username ?? '').toLowerCase();
  const installation = [...req.state.installations.values()].find((candidate) => candidate.account.login.toLowerCase() === login);
  return installation ? json(200, installationShape(urlsOf(req), req.state, installation)) : fail(404, 'Not Found');
}

function rateLimit(req: ApiRequest): Reply {
  const { limit, remaining, resetAt } = req.state.rateLimit;
  const core = { limit, remaining, reset: resetAt, used: limit - remaining, resource: 'core' };
  return json(200, { resources: { core, graphql: { ...core, resource: 'graphql' } }, rate: core });
}

export const appRoutes: Route[] = [
  { method: 'GET', pattern: '/app', access: 'app', handler: (req) => json(200, appShape(urlsOf(req), req.state)) },
  {
    method: 'GET',
    pattern: '/app/installations',
    access: 'app',
    handler: (req) =>
      pagedJson(
        req,
        [...req.state.installations.values()].map((i) => installationShape(urlsOf(req), req.state, i)),
      ),
  },
  {
    method: 'GET',
    pattern: '/app/installations/{installation_id}',
    access: 'app',
    handler: (req) => json(200, installationShape(urlsOf(req), req.state, installationOf(req))),
  },
  { method: 'POST', pattern: '/app/installations/{installation_id}/access_tokens', access: 'app', handler: createToken },
  { method: 'GET', pattern: '/orgs/{org}/installation', access: 'app', handler: accountInstallation },
  { method: 'GET', pattern: '/users/{username}/installation', access: 'app', handler: accountInstallation },
  { method: 'GET', pattern: '/installation/repositories', access: 'installation', handler: listInstallationRepos },
  { method: 'DELETE', pattern: '/installation/token', access: 'installation', handler: revokeToken },
  { method: 'GET', pattern: '/rate_limit', handler: rateLimit },
];
