/** Git refs: read, list, create, fast-forward-only or forced update, delete (`/repos/{owner}/{repo}/git/ref(s)`). */
import { hasPermission } from './auth.js';
import { isAncestor } from './git-graph.js';
import { fail, json, optionalBoolean, requiredString, requireRepo, urlsOf, type ApiRequest, type Reply } from './http.js';
import { fullRefName, workflowFilesIntroduced, writeRef } from './refs.js';
import type { Route } from './router.js';
import { refShape } from './shapes-git.js';
import type { RepoState } from './state.js';

const READ = ['contents', 'read'] as const;
const WRITE = ['contents', 'write'] as const;

/** Refuses ref writes that would bring in workflow changes when the installation lacks `workflows: write`. */
export function guardWorkflows(req: ApiRequest, repo: RepoState, sha: string): void {
  if (req.principal.kind !== 'installation' || hasPermission(req.principal.grant, 'workflows', 'write')) return;
  const [first] = workflowFilesIntroduced(repo, sha);
  if (first !== undefined)
    fail(422, `refusing to allow a GitHub App to create or update workflow \`${first}\` without \`workflows\` permission`);
}

function requireObject(repo: RepoState, sha: string): void {
  if (repo.git.kindOf(sha) === undefined) fail(422, 'Object does not exist');
}

function getRef(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const name = fullRefName(req.params.ref ?? '');
  const sha = repo.refs.get(name);
  return sha === undefined ? fail(404, 'Not Found') : json(200, refShape(urlsOf(req), repo, name, sha));
}

function matchingRefs(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const prefix = req.params.ref === undefined ? 'refs/' : fullRefName(req.params.ref);
  const refs = [...repo.refs].filter(([name]) => name.startsWith(prefix)).sort(([a], [b]) => (a < b ? -1 : 1));
  return json(
    200,
    refs.map(([name, sha]) => refShape(urlsOf(req), repo, name, sha)),
  );
}

function createRef(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const name = requiredString(req, 'ref');
  const sha = requiredString(req, 'sha');
  if (!/^refs\/[^/]+\/.+/.test(name) || name.includes('..') || name.endsWith('/') || name.endsWith('.lock'))
    fail(422, `${name} is not a valid ref name.`);
  if (repo.refs.has(name)) fail(422, 'Reference already exists');
  requireObject(repo, sha);
  guardWorkflows(req, repo, sha);
  writeRef(req.state, repo, name, sha);
  return json(201, refShape(urlsOf(req), repo, name, sha));
}

function updateRef(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const name = fullRefName(req.params.ref ?? '');
  const sha = requiredString(req, 'sha');
  const current = repo.refs.get(name);
  if (current === undefined) fail(422, 'Reference does not exist');
  requireObject(repo, sha);
  if (optionalBoolean(req, 'force') !== true && current !== sha && !isAncestor(repo.git, current, sha))
    fail(422, 'Update is not a fast forward');
  guardWorkflows(req, repo, sha);
  writeRef(req.state, repo, name, sha);
  return json(200, refShape(urlsOf(req), repo, name, sha));
}

function deleteRef(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const name = fullRefName(req.params.ref ?? '');
  if (!repo.refs.has(name)) fail(422, 'Reference does not exist');
  writeRef(req.state, repo, name, null);
  return { status: 204 };
}

export const refRoutes: Route[] = [
  { method: 'GET', pattern: '/repos/{owner}/{repo}/git/ref/{ref+}', permission: READ, handler: getRef },
  { method: 'GET', pattern: '/repos/{owner}/{repo}/git/matching-refs/{ref+}', permission: READ, handler: matchingRefs },
  { method: 'GET', pattern: '/repos/{owner}/{repo}/git/refs', permission: READ, handler: matchingRefs },
  { method: 'GET', pattern: '/repos/{owner}/{repo}/git/refs/{ref+}', permission: READ, handler: getRef },
  { method: 'POST', pattern: '/repos/{owner}/{repo}/git/refs', permission: WRITE, handler: createRef },
  { method: 'PATCH', pattern: '/repos/{owner}/{repo}/git/refs/{ref+}', permission: WRITE, handler: updateRef },
  { method: 'DELETE', pattern: '/repos/{owner}/{repo}/git/refs/{ref+}', permission: WRITE, handler: deleteRef },
];
