/** Git Data API objects: trees, blobs and commits (`/repos/{owner}/{repo}/git/...`). */
import { actor } from './auth.js';
import type { FlatEntry } from './git-store.js';
import { isTreeMode, typeForMode, ZERO_SHA } from './git-objects.js';
import {
  fail,
  json,
  optionalArray,
  optionalObject,
  optionalString,
  requiredString,
  requireRepo,
  urlsOf,
  type ApiRequest,
  type Reply,
} from './http.js';
import { resolveCommitish } from './refs.js';
import type { Route } from './router.js';
import { gitCommitShape, treeEntryShape } from './shapes-git.js';
import type { RepoState } from './state.js';

const READ = ['contents', 'read'] as const;
const WRITE = ['contents', 'write'] as const;

/** GitHub wraps base64 in API bodies at 60 characters per line. */
export function wrappedBase64(bytes: Buffer): string {
  return (bytes.toString('base64').match(/.{1,60}/g) ?? ['']).join('\n') + '\n';
}

/** `{tree_sha}` may also be a commit sha or a branch/tag name, as on GitHub. */
function treeFor(repo: RepoState, ref: string): string | undefined {
  if (repo.git.trees.has(ref)) return ref;
  const commit = resolveCommitish(repo, ref);
  return commit === undefined ? undefined : repo.git.requireCommit(commit).tree;
}

function getTree(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const sha = treeFor(repo, req.params.tree_sha ?? '');
  if (sha === undefined) fail(404, 'Not Found');
  // GitHub documents that any value (even 0 or "false") turns recursion on.
  const recursive = req.query.has('recursive');
  const entries = recursive ? repo.git.listRecursive(sha) : repo.git.listTree(sha);
  const truncated = entries.length > repo.treeEntryLimit;
  const kept = truncated ? entries.slice(0, repo.treeEntryLimit) : entries;
  return json(200, {
    sha,
    url: `${req.apiUrl}/repos/${repo.owner.login}/${repo.name}/git/trees/${sha}`,
    tree: kept.map((entry) => treeEntryShape(urlsOf(req), repo, entry)),
    truncated,
  });
}

/** Applies one `tree[]` item of POST git/trees to the flattened base tree. */
function applyTreeItem(repo: RepoState, files: Map<string, FlatEntry>, item: unknown): void {
  const record = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
  const path = record.path;
  const mode = record.mode;
  if (typeof path !== 'string' || path === '' || path.startsWith('/') || path.endsWith('/')) fail(422, 'Invalid tree info: path');
  if (!isTreeMode(mode)) fail(422, `Invalid tree info: mode ${String(mode)} at ${path}`);
  // A path replaces whatever was there: a directory of that name, or a file where a parent directory must go.
  for (const existing of [...files.keys()]) if (existing.startsWith(`${path}/`)) files.delete(existing);
  path
    .split('/')
    .slice(0, -1)
    .forEach((_part, index, parts) => files.delete(parts.slice(0, index + 1).join('/')));
  if (record.sha === null) {
    files.delete(path);
    return;
  }
  let sha: string;
  if (typeof record.content === 'string') sha = repo.git.putBlob(Buffer.from(record.content, 'utf8'));
  else if (typeof record.sha === 'string') sha = record.sha;
  else return fail(422, `Invalid tree info: ${path} needs sha or content`);
  const type = typeForMode(mode);
  if (type === 'tree') {
    if (!repo.git.trees.has(sha)) fail(422, `tree.sha ${sha} is not a valid tree`);
    files.delete(path);
    for (const [sub, entry] of repo.git.flatten(sha)) files.set(`${path}/${sub}`, entry);
    return;
  }
  if (type === 'blob' && !repo.git.blobs.has(sha)) fail(422, `tree.sha ${sha} is not a valid blob`);
  files.set(path, { mode, type, sha });
}

function createTree(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const items = optionalArray(req, 'tree') ?? fail(422, 'Invalid request.\n\n"tree" wasn\'t supplied.');
  const baseTree = optionalString(req, 'base_tree');
  if (baseTree !== undefined && !repo.git.trees.has(baseTree)) fail(422, 'base_tree is not a valid tree oid');
  const files = baseTree === undefined ? new Map<string, FlatEntry>() : repo.git.flatten(baseTree);
  for (const item of items) applyTreeItem(repo, files, item);
  const sha = repo.git.buildTree(files);
  const entries = repo.git.listTree(sha).map((entry) => treeEntryShape(urlsOf(req), repo, entry));
  return json(201, { sha, url: `${req.apiUrl}/repos/${repo.owner.login}/${repo.name}/git/trees/${sha}`, tree: entries, truncated: false });
}

function getBlob(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const sha = req.params.file_sha ?? '';
  const bytes = repo.git.blobs.get(sha) ?? fail(404, 'Not Found');
  if ((req.headers.accept ?? '').includes('raw')) return { status: 200, raw: { bytes, contentType: 'application/vnd.github.raw' } };
  const url = `${req.apiUrl}/repos/${repo.owner.login}/${repo.name}/git/blobs/${sha}`;
  return json(200, { sha, node_id: `B_${sha}`, size: bytes.length, url, content: wrappedBase64(bytes), encoding: 'base64' });
}

function createBlob(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const content = requiredString(req, 'content');
  const encoding = optionalString(req, 'encoding') ?? 'utf-8';
  if (encoding !== 'utf-8' && encoding !== 'base64') fail(422, `encoding must be utf-8 or base64, got ${encoding}`);
  const sha = repo.git.putBlob(Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8'));
  return json(201, { sha, url: `${req.apiUrl}/repos/${repo.owner.login}/${repo.name}/git/blobs/${sha}` });
}

function getCommit(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const commit = repo.git.commits.get(req.params.commit_sha ?? '') ?? fail(404, 'Not Found');
  return json(200, gitCommitShape(urlsOf(req), repo, commit));
}

function personFrom(value: Record<string, unknown> | undefined, date: string): { name: string; email: string; date: string } | undefined {
  if (!value) return undefined;
  if (typeof value.name !== 'string' || typeof value.email !== 'string')
    fail(422, 'Invalid request.\n\nauthor/committer need name and email.');
  return {
    name: value.name,
    email: value.email,
    date: typeof value.date === 'string' ? new Date(value.date).toISOString().replace(/\.\d{3}Z$/, 'Z') : date,
  };
}

/** `12345+login@users.noreply.github.com` maps to an account, as GitHub links noreply emails. */
function loginForEmail(req: ApiRequest, email: string): string | null {
  const match = /^\d+\+(.+)@users\.noreply\.github\.com$/.exec(email);
  return match?.[1] !== undefined && req.state.accounts.has(match[1].toLowerCase()) ? match[1] : null;
}

function createCommit(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const message = requiredString(req, 'message');
  const tree = requiredString(req, 'tree');
  const parents = (optionalArray(req, 'parents') ?? []).map((parent) => String(parent));
  if (!repo.git.trees.has(tree)) fail(422, `Tree SHA does not exist`);
  for (const parent of parents)
    if (!repo.git.commits.has(parent) || parent === ZERO_SHA) fail(422, 'Parent SHA does not exist or is not a commit object');
  const now = req.state.timestamp();
  const who = actor(req.state, req.principal);
  const customAuthor = personFrom(optionalObject(req, 'author'), now);
  const customCommitter = personFrom(optionalObject(req, 'committer'), now);
  const own = { name: who.login, email: `${who.id}+${who.login}@users.noreply.github.com`, date: now };
  const author = customAuthor ?? own;
  // GitHub signs API commits that carry no custom identity; then the committer is GitHub itself.
  const signed = customAuthor === undefined && customCommitter === undefined && optionalString(req, 'signature') === undefined;
  const committer = customCommitter ?? (signed ? { name: 'GitHub', email: 'noreply@github.com', date: now } : author);
  const commit = repo.git.putCommit({
    tree,
    parents,
    message,
    author,
    committer,
    verified: signed && who.type === 'Bot',
    authorLogin: customAuthor ? loginForEmail(req, author.email) : who.login,
    committerLogin: customCommitter ? loginForEmail(req, committer.email) : signed ? 'web-flow' : who.login,
  });
  return json(201, gitCommitShape(urlsOf(req), repo, commit));
}

export const gitRoutes: Route[] = [
  { method: 'GET', pattern: '/repos/{owner}/{repo}/git/trees/{tree_sha+}', permission: READ, handler: getTree },
  { method: 'POST', pattern: '/repos/{owner}/{repo}/git/trees', permission: WRITE, handler: createTree },
  { method: 'GET', pattern: '/repos/{owner}/{repo}/git/blobs/{file_sha}', permission: READ, handler: getBlob },
  { method: 'POST', pattern: '/repos/{owner}/{repo}/git/blobs', permission: WRITE, handler: createBlob },
  { method: 'GET', pattern: '/repos/{owner}/{repo}/git/commits/{commit_sha}', permission: READ, handler: getCommit },
  { method: 'POST', pattern: '/repos/{owner}/{repo}/git/commits', permission: WRITE, handler: createCommit },
];
