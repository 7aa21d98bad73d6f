/** The issue side of pull requests: issue view, comments, labels (repository and per PR), assignees. */
import { actor } from './auth.js';
import {
  fail,
  json,
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
import { closePullRequest, reopenPullRequest } from './pull-ops.js';
import type { Route } from './router.js';
import { requirePull } from './routes-pulls.js';
import { issueShape } from './shapes-pulls.js';
import { commentShape, labelShape } from './shapes-repo.js';
import { nodeId, type LabelState, type PullState, type RepoState } from './state.js';

// The fake has no plain issues: every issue number is a pull request, which pull_requests permission covers.
const READ = ['pull_requests', 'read'] as const;
const WRITE = ['pull_requests', 'write'] as const;
const ISSUE = '/repos/{owner}/{repo}/issues/{issue_number}';

function issueReply(req: ApiRequest, status: number, repo: RepoState, pull: PullState): Reply {
  return json(status, issueShape(req.state, urlsOf(req), repo, pull));
}

function createLabelState(req: ApiRequest, repo: RepoState, name: string, color: string, description: string | null): LabelState {
  const id = req.state.nextId();
  const label: LabelState = { id, nodeId: nodeId('LA', id), name, color, description };
  repo.labels.set(name.toLowerCase(), label);
  return label;
}

/** Sets labels/assignees on a PR; unknown labels are created (colour ededed), unassignable users dropped, as GitHub does. */
function applyLabels(req: ApiRequest, repo: RepoState, pull: PullState, names: readonly string[], replace: boolean): void {
  if (replace) pull.labels = [];
  for (const name of names) {
    const label = repo.labels.get(name.toLowerCase()) ?? createLabelState(req, repo, name, 'ededed', null);
    if (!pull.labels.some((existing) => existing.toLowerCase() === label.name.toLowerCase())) pull.labels.push(label.name);
  }
  pull.updatedAt = req.state.timestamp();
}

function applyAssignees(repo: RepoState, pull: PullState, logins: readonly string[]): void {
  for (const login of logins) {
    const assignable = repo.collaborators === undefined || repo.collaborators.has(login.toLowerCase());
    if (assignable && !pull.assignees.includes(login)) pull.assignees.push(login);
  }
}

/** Label names from `{ labels: [...] }` or a bare array, each a string or `{ name }`. */
function labelNames(req: ApiRequest): string[] {
  const raw = Array.isArray(req.body) ? req.body : ((req.body as { labels?: unknown } | null)?.labels ?? []);
  if (!Array.isArray(raw)) return fail(422, "Invalid request.\n\nFor 'labels', the value is not of type array.");
  return raw.map((item) =>
    typeof item === 'string'
      ? item
      : typeof item?.name === 'string'
        ? (item.name as string)
        : fail(422, 'Invalid request.\n\nlabel names must be strings.'),
  );
}

function getIssue(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  return issueReply(req, 200, repo, requirePull(req, repo));
}

function updateIssue(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const pull = requirePull(req, repo);
  const state = optionalString(req, 'state');
  if (state === 'open') reopenPullRequest(req.state, repo, pull);
  pull.title = optionalString(req, 'title') ?? pull.title;
  pull.body = optionalString(req, 'body') ?? pull.body;
  if (Array.isArray((req.body as { labels?: unknown } | null)?.labels)) applyLabels(req, repo, pull, labelNames(req), true);
  if (Array.isArray((req.body as { assignees?: unknown } | null)?.assignees)) {
    pull.assignees = [];
    applyAssignees(repo, pull, stringArray(req, 'assignees'));
  }
  if (state === 'closed') closePullRequest(req.state, pull);
  return issueReply(req, 200, repo, pull);
}

function listComments(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const pull = requirePull(req, repo);
  const comments = repo.comments.filter((comment) => comment.issueNumber === pull.number);
  return pagedJson(
    req,
    comments.map((comment) => commentShape(urlsOf(req), repo, comment)),
  );
}

function createComment(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const pull = requirePull(req, repo);
  const body = requiredString(req, 'body');
  const id = req.state.nextId();
  const at = req.state.timestamp();
  const comment = {
    id,
    nodeId: nodeId('IC', id),
    issueNumber: pull.number,
    user: actor(req.state, req.principal),
    createdAt: at,
    body,
    updatedAt: at,
  };
  repo.comments.push(comment);
  return json(201, commentShape(urlsOf(req), repo, comment));
}

function findComment(req: ApiRequest, repo: RepoState) {
  return repo.comments.find((comment) => comment.id === Number(req.params.comment_id)) ?? fail(404, 'Not Found');
}

function updateComment(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const comment = findComment(req, repo);
  comment.body = requiredString(req, 'body');
  comment.updatedAt = req.state.timestamp();
  return json(200, commentShape(urlsOf(req), repo, comment));
}

function deleteComment(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  repo.comments.splice(repo.comments.indexOf(findComment(req, repo)), 1);
  return { status: 204 };
}

function listRepoLabels(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  return pagedJson(
    req,
    [...repo.labels.values()].map((label) => labelShape(urlsOf(req), repo, label)),
  );
}

function getRepoLabel(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const label = repo.labels.get((req.params.name ?? '').toLowerCase()) ?? fail(404, 'Not Found');
  return json(200, labelShape(urlsOf(req), repo, label));
}

function createRepoLabel(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const name = requiredString(req, 'name');
  const color = optionalString(req, 'color') ?? 'ededed';
  if (!/^[0-9a-fA-F]{6}$/.test(color)) validationFailed([{ resource: 'Label', code: 'invalid', field: 'color' }]);
  if (repo.labels.has(name.toLowerCase())) validationFailed([{ resource: 'Label', code: 'already_exists', field: 'name' }]);
  const label = createLabelState(req, repo, name, color.toLowerCase(), optionalString(req, 'description') ?? null);
  return json(201, labelShape(urlsOf(req), repo, label));
}

function issueLabelsReply(req: ApiRequest, repo: RepoState, pull: PullState): Reply {
  const labels = pull.labels.flatMap((name) => {
    const label = repo.labels.get(name.toLowerCase());
    return label ? [labelShape(urlsOf(req), repo, label)] : [];
  });
  return json(200, labels);
}

function addIssueLabels(replace: boolean) {
  return (req: ApiRequest): Reply => {
    const repo = requireRepo(req);
    const pull = requirePull(req, repo);
    applyLabels(req, repo, pull, labelNames(req), replace);
    return issueLabelsReply(req, repo, pull);
  };
}

function listIssueLabels(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  return issueLabelsReply(req, repo, requirePull(req, repo));
}

function removeIssueLabel(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const pull = requirePull(req, repo);
  const name = (req.params.name ?? '').toLowerCase();
  if (!pull.labels.some((label) => label.toLowerCase() === name)) fail(404, 'Label does not exist');
  pull.labels = pull.labels.filter((label) => label.toLowerCase() !== name);
  return issueLabelsReply(req, repo, pull);
}

function addAssignees(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const pull = requirePull(req, repo);
  applyAssignees(repo, pull, stringArray(req, 'assignees'));
  return issueReply(req, 201, repo, pull);
}

function removeAssignees(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const pull = requirePull(req, repo);
  const removed = new Set(stringArray(req, 'assignees'));
  pull.assignees = pull.assignees.filter((login) => !removed.has(login));
  return issueReply(req, 200, repo, pull);
}

function checkAssignee(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const login = (req.params.assignee ?? '').toLowerCase();
  return repo.collaborators === undefined || repo.collaborators.has(login) ? { status: 204 } : fail(404, 'Not Found');
}

export const issueRoutes: Route[] = [
  { method: 'GET', pattern: ISSUE, permission: READ, handler: getIssue },
  { method: 'PATCH', pattern: ISSUE, permission: WRITE, handler: updateIssue },
  { method: 'GET', pattern: `${ISSUE}/comments`, permission: READ, handler: listComments },
  { method: 'POST', pattern: `${ISSUE}/comments`, permission: WRITE, handler: createComment },
  { method: 'PATCH', pattern: '/repos/{owner}/{repo}/issues/comments/{comment_id}', permission: WRITE, handler: updateComment },
  { method: 'DELETE', pattern: '/repos/{owner}/{repo}/issues/comments/{comment_id}', permission: WRITE, handler: deleteComment },
  { method: 'GET', pattern: '/repos/{owner}/{repo}/labels', permission: READ, handler: listRepoLabels },
  { method: 'POST', pattern: '/repos/{owner}/{repo}/labels', permission: WRITE, handler: createRepoLabel },
  { method: 'GET', pattern: '/repos/{owner}/{repo}/labels/{name}', permission: READ, handler: getRepoLabel },
  { method: 'GET', pattern: `${ISSUE}/labels`, permission: READ, handler: listIssueLabels },
  { method: 'POST', pattern: `${ISSUE}/labels`, permission: WRITE, handler: addIssueLabels(false) },
  { method: 'PUT', pattern: `${ISSUE}/labels`, permission: WRITE, handler: addIssueLabels(true) },
  { method: 'DELETE', pattern: `${ISSUE}/labels/{name}`, permission: WRITE, handler: removeIssueLabel },
  { method: 'POST', pattern: `${ISSUE}/assignees`, permission: WRITE, handler: addAssignees },
  { method: 'DELETE', pattern: `${ISSUE}/assignees`, permission: WRITE, handler: removeAssignees },
  { method: 'GET', pattern: '/repos/{owner}/{repo}/assignees/{assignee}', permission: READ, handler: checkAssignee },
];
