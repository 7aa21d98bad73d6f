/** Pull requests: list (state/head/base filters, pagination), create, get, update, merge, files, commits, reviewers. */
import { actor } from './auth.js';
import {
  fail,
  json,
  optionalBoolean,
  optionalString,
  pagedJson,
  requiredString,
  requireRepo,
  stringArray,
  urlsOf,
  validationFailed,
  type ApiRequest,
  type Reply,
} from './http.js';
import { closePullRequest, mergePullRequest, openPull, pullChanges, pullCommits, pullDetails, reopenPullRequest } from './pull-ops.js';
import { branchHead } from './refs.js';
import type { Route } from './router.js';
import { fileChangeShape, repoCommitShape } from './shapes-git.js';
import { pullShape } from './shapes-pulls.js';
import type { PullState, RepoState } from './state.js';

const READ = ['pull_requests', 'read'] as const;
const WRITE = ['pull_requests', 'write'] as const;

export function requirePull(req: ApiRequest, repo: RepoState): PullState {
  const number = Number(req.params.pull_number ?? req.params.issue_number);
  return repo.pulls.get(number) ?? fail(404, 'Not Found');
}

function statsFor(req: ApiRequest, repo: RepoState, pull: PullState) {
  return (changes: ReturnType<typeof pullChanges>) => {
    const files = changes.map((change) => fileChangeShape(urlsOf(req), repo, repo.git, change, pull.headSha));
    return {
      additions: files.reduce((sum, file) => sum + (file.additions as number), 0),
      deletions: files.reduce((sum, file) => sum + (file.deletions as number), 0),
    };
  };
}

export function fullPull(req: ApiRequest, repo: RepoState, pull: PullState): Record<string, unknown> {
  return pullShape(req.state, urlsOf(req), repo, pull, pullDetails(repo, pull, statsFor(req, repo, pull)));
}

function listPulls(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const state = req.query.get('state') ?? 'open';
  const head = req.query.get('head');
  const base = req.query.get('base');
  // GitHub only honours `head` in `owner:branch` form; a bare branch name is silently ignored.
  const headFilter = head !== null && head.includes(':') ? head.toLowerCase() : undefined;
  const sort = req.query.get('sort') ?? 'created';
  const direction = req.query.get('direction') ?? (sort === 'created' ? 'desc' : 'asc');
  const pulls = [...repo.pulls.values()]
    .filter((pull) => state === 'all' || pull.state === state)
    .filter((pull) => headFilter === undefined || `${repo.owner.login}:${pull.headRef}`.toLowerCase() === headFilter)
    .filter((pull) => base === null || pull.baseRef === base)
    .sort((a, b) => {
      const key = (pull: PullState): string | number => (sort === 'updated' ? pull.updatedAt : pull.number);
      const order = key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.number - b.number;
      return direction === 'asc' ? order : -order;
    });
  return pagedJson(
    req,
    pulls.map((pull) => pullShape(req.state, urlsOf(req), repo, pull)),
  );
}

function createPull(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const pull = openPull(req.state, repo, {
    head: requiredString(req, 'head'),
    base: requiredString(req, 'base'),
    title: requiredString(req, 'title'),
    body: optionalString(req, 'body') ?? null,
    draft: optionalBoolean(req, 'draft') ?? false,
    user: actor(req.state, req.principal),
  });
  return json(201, fullPull(req, repo, pull));
}

function getPull(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  return json(200, fullPull(req, repo, requirePull(req, repo)));
}

function updatePull(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const pull = requirePull(req, repo);
  const title = optionalString(req, 'title');
  const body = optionalString(req, 'body');
  const base = optionalString(req, 'base');
  const state = optionalString(req, 'state');
  if (state !== undefined && state !== 'open' && state !== 'closed')
    validationFailed([{ resource: 'PullRequest', field: 'state', code: 'invalid' }]);
  if (base !== undefined && branchHead(repo, base) === undefined)
    validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
  if (state === 'open') reopenPullRequest(req.state, repo, pull);
  if (title !== undefined) pull.title = title;
  if (body !== undefined) pull.body = body;
  if (base !== undefined) pull.baseRef = base;
  pull.updatedAt = req.state.timestamp();
  if (state === 'closed') closePullRequest(req.state, pull);
  return json(200, fullPull(req, repo, pull));
}

function mergePull(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const pull = requirePull(req, repo);
  const method = optionalString(req, 'merge_method') ?? 'merge';
  if (method !== 'merge' && method !== 'squash' && method !== 'rebase')
    validationFailed([{ resource: 'PullRequest', field: 'merge_method', code: 'invalid' }]);
  const sha = mergePullRequest(req.state, repo, pull, actor(req.state, req.principal), {
    method: method,
    sha: optionalString(req, 'sha'),
    title: optionalString(req, 'commit_title'),
    message: optionalString(req, 'commit_message'),
  });
  return json(200, { sha, merged: true, message: 'Pull Request successfully merged' });
}

function checkMerged(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  return requirePull(req, repo).mergedAt === null ? fail(404, 'Not Found') : { status: 204 };
}

function listFiles(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const pull = requirePull(req, repo);
  return pagedJson(
    req,
    pullChanges(repo, pull).map((change) => fileChangeShape(urlsOf(req), repo, repo.git, change, pull.headSha)),
  );
}

function listCommits(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const pull = requirePull(req, repo);
  return pagedJson(
    req,
    pullCommits(repo, pull).map((commit) => repoCommitShape(req.state, urlsOf(req), repo, commit)),
  );
}

function requestReviewers(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const pull = requirePull(req, repo);
  const reviewers = stringArray(req, 'reviewers');
  const teams = stringArray(req, 'team_reviewers');
  if (reviewers.some((login) => login.toLowerCase() === pull.user.login.toLowerCase()))
    fail(422, 'Review cannot be requested from pull request author.');
  const outsider =
    reviewers.some((login) => repo.collaborators !== undefined && !repo.collaborators.has(login.toLowerCase())) ||
    teams.some((slug) => repo.teams !== undefined && !repo.teams.has(slug.toLowerCase()));
  if (outsider)
    fail(
      422,
      `Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${repo.owner.login}/${repo.name} repository.`,
    );
  for (const login of reviewers) if (!pull.requestedReviewers.includes(login)) pull.requestedReviewers.push(login);
  for (const slug of teams) if (!pull.requestedTeams.includes(slug)) pull.requestedTeams.push(slug);
  pull.updatedAt = req.state.timestamp();
  return json(201, pullShape(req.state, urlsOf(req), repo, pull));
}

function removeReviewers(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const pull = requirePull(req, repo);
  const reviewers = new Set(stringArray(req, 'reviewers'));
  const teams = new Set(stringArray(req, 'team_reviewers'));
  pull.requestedReviewers = pull.requestedReviewers.filter((login) => !reviewers.has(login));
  pull.requestedTeams = pull.requestedTeams.filter((slug) => !teams.has(slug));
  return json(200, pullShape(req.state, urlsOf(req), repo, pull));
}

function listReviewers(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const shape = pullShape(req.state, urlsOf(req), repo, requirePull(req, repo));
  return json(200, { users: shape.requested_reviewers, teams: shape.requested_teams });
}

const PULL = '/repos/{owner}/{repo}/pulls/{pull_number}';

export const pullRoutes: Route[] = [
  { method: 'GET', pattern: '/repos/{owner}/{repo}/pulls', permission: READ, handler: listPulls },
  { method: 'POST', pattern: '/repos/{owner}/{repo}/pulls', permission: WRITE, handler: createPull },
  { method: 'GET', pattern: PULL, permission: READ, handler: getPull },
  { method: 'PATCH', pattern: PULL, permission: WRITE, handler: updatePull },
  { method: 'PUT', pattern: `${PULL}/merge`, permission: ['contents', 'write'], handler: mergePull },
  { method: 'GET', pattern: `${PULL}/merge`, permission: READ, handler: checkMerged },
  { method: 'GET', pattern: `${PULL}/files`, permission: READ, handler: listFiles },
  { method: 'GET', pattern: `${PULL}/commits`, permission: READ, handler: listCommits },
  { method: 'POST', pattern: `${PULL}/requested_reviewers`, permission: WRITE, handler: requestReviewers },
  { method: 'DELETE', pattern: `${PULL}/requested_reviewers`, permission: WRITE, handler: removeReviewers },
  { method: 'GET', pattern: `${PULL}/requested_reviewers`, permission: READ, handler: listReviewers },
];
