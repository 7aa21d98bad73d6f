/** Repository metadata, branches, commits and compare (`/repos/{owner}/{repo}`, `/branches`, `/commits`, `/compare`). */
import { commitChanges, commitsBetween, diffTrees, mergeBase } from './git-graph.js';
import { fail, json, pagedJson, requireRepo, urlsOf, type ApiRequest, type Reply } from './http.js';
import { branchHead, resolveCommitish } from './refs.js';
import type { Route } from './router.js';
import { fileChangeShape, repoCommitShape } from './shapes-git.js';
import { installationShape, repoShape } from './shapes-repo.js';
import type { RepoState } from './state.js';

const READ = ['contents', 'read'] as const;

function getRepo(req: ApiRequest): Reply {
  return json(200, repoShape(urlsOf(req), requireRepo(req)));
}

function commitRef(req: ApiRequest, repo: RepoState, ref: string): string {
  return resolveCommitish(repo, ref) ?? fail(422, `No commit found for SHA: ${ref}`);
}

function getBranch(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const name = req.params.branch ?? '';
  const sha = branchHead(repo, name) ?? fail(404, 'Branch not found');
  const commit = repoCommitShape(req.state, urlsOf(req), repo, repo.git.requireCommit(sha));
  return json(200, {
    name,
    commit,
    protected: false,
    _links: {
      self: `${req.apiUrl}/repos/${repo.owner.login}/${repo.name}/branches/${name}`,
      html: `${req.webUrl}/${repo.owner.login}/${repo.name}/tree/${name}`,
    },
  });
}

function listCommits(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const head = commitRef(req, repo, req.query.get('sha') ?? repo.defaultBranch);
  const newestFirst = commitsBetween(repo.git, [], head).reverse();
  return pagedJson(
    req,
    newestFirst.map((commit) => repoCommitShape(req.state, urlsOf(req), repo, commit)),
  );
}

function getCommit(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const commit = repo.git.requireCommit(commitRef(req, repo, req.params.ref ?? ''));
  const files = commitChanges(repo.git, commit).map((change) => fileChangeShape(urlsOf(req), repo, repo.git, change, commit.sha));
  return json(200, repoCommitShape(req.state, urlsOf(req), repo, commit, files));
}

/** `base...head`; either side may be `owner:branch` for this repository's owner. */
function compare(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const [baseSpec, headSpec] = (req.params.basehead ?? '').split('...');
  if (baseSpec === undefined || headSpec === undefined) return fail(404, 'Not Found');
  const strip = (spec: string): string =>
    spec.toLowerCase().startsWith(`${repo.owner.login.toLowerCase()}:`) ? spec.slice(repo.owner.login.length + 1) : spec;
  const base = resolveCommitish(repo, strip(baseSpec)) ?? fail(404, 'Not Found');
  const head = resolveCommitish(repo, strip(headSpec)) ?? fail(404, 'Not Found');
  const ahead = commitsBetween(repo.git, [base], head);
  const behind = commitsBetween(repo.git, [head], base);
  const status =
    ahead.length === 0 && behind.length === 0 ? 'identical' : behind.length === 0 ? 'ahead' : ahead.length === 0 ? 'behind' : 'diverged';
  const baseOfMerge = mergeBase(repo.git, base, head);
  const fromTree = baseOfMerge === undefined ? undefined : repo.git.requireCommit(baseOfMerge).tree;
  const changes = diffTrees(repo.git, fromTree, repo.git.requireCommit(head).tree);
  const urls = urlsOf(req);
  const shape = (sha: string) => repoCommitShape(req.state, urls, repo, repo.git.requireCommit(sha));
  const web = `${req.webUrl}/${repo.owner.login}/${repo.name}/compare/${baseSpec}...${headSpec}`;
  return json(200, {
    url: `${req.apiUrl}/repos/${repo.owner.login}/${repo.name}/compare/${baseSpec}...${headSpec}`,
    html_url: web,
    permalink_url: web,
    diff_url: `${web}.diff`,
    patch_url: `${web}.patch`,
    base_commit: shape(base),
    merge_base_commit: baseOfMerge === undefined ? null : shape(baseOfMerge),
    status,
    ahead_by: ahead.length,
    behind_by: behind.length,
    total_commits: ahead.length,
    commits: ahead.slice(-250).map((commit) => shape(commit.sha)),
    files: changes.slice(0, 300).map((change) => fileChangeShape(urls, repo, repo.git, change, head)),
  });
}

/** `GET /repos/{o}/{r}/installation` (app JWT): which installation covers the repository. */
function repoInstallation(req: ApiRequest): Reply {
  const repo = req.state.repo(req.params.owner ?? '', req.params.repo ?? '');
  const installation = repo === undefined ? undefined : req.state.installationFor(repo);
  return installation ? json(200, installationShape(urlsOf(req), req.state, installation)) : fail(404, 'Not Found');
}

export const repoRoutes: Route[] = [
  { method: 'GET', pattern: '/repos/{owner}/{repo}/installation', access: 'app', handler: repoInstallation },
  { method: 'GET', pattern: '/repos/{owner}/{repo}', permission: ['metadata', 'read'], handler: getRepo },
  { method: 'GET', pattern: '/repos/{owner}/{repo}/branches/{branch+}', permission: READ, handler: getBranch },
  { method: 'GET', pattern: '/repos/{owner}/{repo}/commits', permission: READ, handler: listCommits },
  { method: 'GET', pattern: '/repos/{owner}/{repo}/commits/{ref+}', permission: READ, handler: getCommit },
  { method: 'GET', pattern: '/repos/{owner}/{repo}/compare/{basehead+}', permission: READ, handler: compare },
];
