/**
 * `GET /repos/{owner}/{repo}/contents/{path}?ref=`: files as base64 JSON or raw (what Probot's config
 * loader asks for), directories as JSON arrays, 404 when the path or ref is missing.
 */
import type { FlatEntry } from './git-store.js';
import { fail, json, requireRepo, type ApiRequest, type Reply } from './http.js';
import { resolveCommitish } from './refs.js';
import type { Route } from './router.js';
import { wrappedBase64 } from './routes-git.js';
import type { RepoState } from './state.js';

const ONE_MIB = 1024 * 1024;

function contentType(entry: FlatEntry): string {
  if (entry.type === 'tree') return 'dir';
  if (entry.type === 'commit') return 'submodule';
  return entry.mode === '120000' ? 'symlink' : 'file';
}

function entryShape(req: ApiRequest, repo: RepoState, path: string, entry: FlatEntry, ref: string): Record<string, unknown> {
  const api = `${req.apiUrl}/repos/${repo.owner.login}/${repo.name}`;
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  const type = contentType(entry);
  const kind = entry.type === 'tree' ? 'trees' : entry.type === 'blob' ? 'blobs' : 'commits';
  const url = `${api}/contents/${encoded}?ref=${encodeURIComponent(ref)}`;
  const gitUrl = `${api}/git/${kind}/${entry.sha}`;
  const htmlUrl = `${req.webUrl}/${repo.owner.login}/${repo.name}/${entry.type === 'tree' ? 'tree' : 'blob'}/${ref}/${encoded}`;
  const size = entry.type === 'blob' ? (repo.git.blobs.get(entry.sha)?.length ?? 0) : 0;
  return {
    type,
    size,
    name: path.split('/').pop() ?? path,
    path,
    sha: entry.sha,
    url,
    git_url: entry.type === 'commit' ? null : gitUrl,
    html_url: entry.type === 'commit' ? null : htmlUrl,
    download_url: type === 'file' ? `${req.webUrl}/${repo.owner.login}/${repo.name}/raw/${ref}/${encoded}` : null,
    _links: { self: url, git: gitUrl, html: htmlUrl },
  };
}

function wantsRaw(req: ApiRequest): boolean {
  const accept = req.headers.accept ?? '';
  return /application\/vnd\.github(\.v3)?\.raw(?!\+json)/.test(accept);
}

function getContents(req: ApiRequest): Reply {
  const repo = requireRepo(req);
  const ref = req.query.get('ref') ?? repo.defaultBranch;
  const commitSha = resolveCommitish(repo, ref) ?? fail(404, `No commit found for the ref ${ref}`);
  const path = (req.params.path ?? '').replace(/^\/+|\/+$/g, '');
  const entry = repo.git.entryAt(repo.git.requireCommit(commitSha).tree, path) ?? fail(404, 'Not Found');
  if (entry.type === 'tree') {
    const listing = repo.git
      .listTree(entry.sha)
      .map((child) => entryShape(req, repo, path === '' ? child.path : `${path}/${child.path}`, child, ref));
    return json(200, listing);
  }
  const bytes = entry.type === 'blob' ? (repo.git.blobs.get(entry.sha) ?? Buffer.alloc(0)) : undefined;
  if (bytes && wantsRaw(req)) return { status: 200, raw: { bytes, contentType: 'text/plain; charset=utf-8' } };
  const shape = entryShape(req, repo, path, entry, ref);
  if (entry.type === 'commit') return json(200, { ...shape, submodule_git_url: `${req.webUrl}/${repo.owner.login}/submodule.git` });
  if (!bytes) return fail(404, 'Not Found');
  if (shape.type === 'symlink') return json(200, { ...shape, target: bytes.toString('utf8') });
  // Above 1 MiB GitHub leaves the content out and says so with encoding "none".
  const large = bytes.length > ONE_MIB;
  return json(200, { ...shape, content: large ? '' : wrappedBase64(bytes), encoding: large ? 'none' : 'base64' });
}

export const contentRoutes: Route[] = [
  { method: 'GET', pattern: '/repos/{owner}/{repo}/contents', permission: ['contents', 'read'], handler: getContents },
  { method: 'GET', pattern: '/repos/{owner}/{repo}/contents/{path+}', permission: ['contents', 'read'], handler: getContents },
];
