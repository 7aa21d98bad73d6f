/** Check runs: create and update (GitHub Apps only), get, and list for a ref. */
import {
  fail,
  json,
  optionalObject,
  optionalString,
  pagedJson,
  requiredString,
  requireRepo,
  urlsOf,
  type ApiRequest,
  type Reply,
} from './http.js';
import { annotationShape, readAnnotations } from './check-annotations.js';
import { resolveCommitish } from './refs.js';
import type { Route } from './router.js';
import { checkRunShape } from './shapes-pulls.js';
import { nodeId, type CheckAnnotationState, type CheckRunOutput, type CheckRunState, type RepoState } from './state.js';

const STATUSES = ['queued', 'in_progress', 'completed'] as const;
const CONCLUSIONS = ['action_required', 'cancelled', 'failure', 'neutral', 'success', 'skipped', 'stale', 'timed_out'];

function requireApp(req: ApiRequest): void {
  if (req.principal.kind !== 'installation') fail(403, 'You must authenticate via a GitHub App.');
}

/**
 * The output's text fields replace the old ones; its annotations are appended to the run's
 * (GitHub docs), by the caller once the whole request is valid.
 */
function readOutput(req: ApiRequest, current: CheckRunOutput): { output: CheckRunOutput; annotations: CheckAnnotationState[] } {
  const output = optionalObject(req, 'output');
  if (!output) return { output: current, annotations: [] };
  if (typeof output.title !== 'string' || typeof output.summary !== 'string')
    fail(422, 'Invalid request.\n\n"title" and "summary" are required in "output".');
  if (output.text !== undefined && typeof output.text !== 'string')
    fail(422, "Invalid request.\n\nFor 'text', the value is not of type string.");
  if (output.summary.length > 65535 || (typeof output.text === 'string' && output.text.length > 65535))
    fail(422, 'Invalid request.\n\nOnly 65535 characters are allowed in output.summary and output.text.');
  const annotations = readAnnotations(output);
  return {
    output: { title: output.title, summary: output.summary, text: typeof output.text === 'string' ? output.text : null },
    annotations,
  };
}

/** Applies status/conclusion the way GitHub couples them: a conclusion completes the run. */
function applyProgress(req: ApiRequest, run: CheckRunState): void {
  const status = optionalString(req, 'status');
  const conclusion = optionalString(req, 'conclusion');
  if (status !== undefined && !(STATUSES as readonly string[]).includes(status))
    fail(422, `Invalid request.\n\n${status} is not a valid status.`);
  if (conclusion !== undefined && !CONCLUSIONS.includes(conclusion))
    fail(422, `Invalid request.\n\n${conclusion} is not a valid conclusion.`);
  if (status === 'completed' && conclusion === undefined && run.conclusion === null)
    fail(422, 'Invalid request.\n\nNo conclusion given for a completed check run.');
  if (status !== undefined) run.status = status as CheckRunState['status'];
  if (conclusion !== undefined) {
    run.conclusion = conclusion;
    run.status = 'completed';
  }
  if (run.status === 'completed') run.completedAt = optionalString(req, 'completed_at') ?? req.state.timestamp();
}

function createCheckRun(req: ApiRequest): Reply {
  requireApp(req);
  const repo = requireRepo(req);
  const name = requiredString(req, 'name');
  const headSha = requiredString(req, 'head_sha');
  if (!repo.git.commits.has(headSha)) fail(422, `No commit found for SHA: ${headSha}`);
  const id = req.state.nextId();
  const run: CheckRunState = {
    id,
    nodeId: nodeId('CR', id),
    headSha,
    name,
    status: 'queued',
    conclusion: null,
    startedAt: optionalString(req, 'started_at') ?? req.state.timestamp(),
    completedAt: null,
    output: { title: null, summary: null, text: null },
    annotations: [],
    detailsUrl: optionalString(req, 'details_url') ?? null,
    externalId: optionalString(req, 'external_id') ?? null,
  };
  const read = readOutput(req, run.output);
  applyProgress(req, run);
  run.output = read.output;
  run.annotations.push(...read.annotations);
  repo.checkRuns.push(run);
  return json(201, checkRunShape(req.state, urlsOf(req), repo, run));
}

function findRun(req: ApiRequest, repo: RepoState): CheckRunState {
  return repo.checkRuns.find((run) => run.id === Number(req.params.check_run_id)) ?? fail(404, 'Not Found');
}

function updateCheckRun(req: ApiRequest): Reply {
  requireApp(req);
  const repo = requireRepo(req);
  const run = findRun(req, repo);
  // Everything is validated before anything changes: a rejected request leaves the run as it was.
  const read = readOutput(req, run.output);
  const progress = { ...run };
  applyProgress(req, progress);
  run.name = optionalString(req, 'name') ?? run.name;
  run.detailsUrl = optionalString(req, 'details_url') ?? run.detailsUrl;
  run.status = progress.status;
  run.conclusion = progress.conclusion;
  run.completedAt = progress.completedAt;
  run.output = read.output;
  run.annotations.push(...read.annotations);
  return json(200, checkRunShape(req.state, urlsOf(req), repo, run));
}

function getCheckRun(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  return json(200, checkRunShape(req.state, urlsOf(req), repo, findRun(req, repo)));
}

/** `GET …/check-runs/{id}/annotations`: every annotation in the order sent, paginated. */
function listAnnotations(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const run = findRun(req, repo);
  const blob = (path: string) => `${urlsOf(req).web}/${repo.owner.login}/${repo.name}/blob/${run.headSha}/${path}`;
  return pagedJson(
    req,
    run.annotations.map((annotation) => annotationShape(annotation, blob(annotation.path))),
  );
}

/** `filter=latest` (GitHub's default) keeps the newest run per name. */
function listForRef(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const sha = resolveCommitish(repo, req.params.ref ?? '') ?? fail(422, `No commit found for SHA: ${req.params.ref ?? ''}`);
  const name = req.query.get('check_name');
  const status = req.query.get('status');
  let runs = repo.checkRuns.filter(
    (run) => run.headSha === sha && (name === null || run.name === name) && (status === null || run.status === status),
  );
  if ((req.query.get('filter') ?? 'latest') === 'latest')
    runs = runs.filter((run) => !runs.some((other) => other.name === run.name && other.id > run.id));
  const newestFirst = [...runs].reverse();
  return pagedJson(
    req,
    newestFirst.map((run) => checkRunShape(req.state, urlsOf(req), repo, run)),
    (page) => ({ total_count: newestFirst.length, check_runs: page }),
  );
}

export const checkRoutes: Route[] = [
  { method: 'POST', pattern: '/repos/{owner}/{repo}/check-runs', permission: ['checks', 'write'], handler: createCheckRun },
  { method: 'PATCH', pattern: '/repos/{owner}/{repo}/check-runs/{check_run_id}', permission: ['checks', 'write'], handler: updateCheckRun },
  { method: 'GET', pattern: '/repos/{owner}/{repo}/check-runs/{check_run_id}', permission: ['checks', 'read'], handler: getCheckRun },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/check-runs/{check_run_id}/annotations',
    permission: ['checks', 'read'],
    handler: listAnnotations,
  },
  { method: 'GET', pattern: '/repos/{owner}/{repo}/commits/{ref+}/check-runs', permission: ['checks', 'read'], handler: listForRef },
];
