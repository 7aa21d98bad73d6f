/** JSON shapes of git objects (Git Data API) and of repository commits and changed files (commits, compare, PR files). */
import type { FileChange } from './git-graph.js';
import type { CommitObject, GitStore, ListedEntry } from './git-store.js';
import { userShape, type Urls } from './shapes-repo.js';
import type { FakeState, RepoState } from './state.js';

function repoApi(urls: Urls, repo: RepoState): string {
  return `${urls.api}/repos/${repo.owner.login}/${repo.name}`;
}

function verification(commit: CommitObject): Record<string, unknown> {
  return commit.verified
    ? {
        verified: true,
        reason: 'valid',
        signature: '-----BEGIN PGP SIGNATURE-----\n(fake)\n-----END PGP SIGNATURE-----',
        payload: `tree ${commit.tree}`,
        verified_at: commit.committer.date,
      }
    : { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null };
}

/** `GET/POST /repos/{o}/{r}/git/commits`. */
export function gitCommitShape(urls: Urls, repo: RepoState, commit: CommitObject): Record<string, unknown> {
  const api = repoApi(urls, repo);
  return {
    sha: commit.sha,
    node_id: `C_${commit.sha}`,
    url: `${api}/git/commits/${commit.sha}`,
    html_url: `${urls.web}/${repo.owner.login}/${repo.name}/commit/${commit.sha}`,
    author: { ...commit.author },
    committer: { ...commit.committer },
    message: commit.message,
    tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${api}/git/commits/${sha}`,
      html_url: `${urls.web}/${repo.owner.login}/${repo.name}/commit/${sha}`,
    })),
    verification: verification(commit),
  };
}

function accountFor(state: FakeState, urls: Urls, login: string | null): Record<string, unknown> | null {
  const account = login === null ? undefined : state.accounts.get(login.toLowerCase());
  return account ? userShape(urls, account) : null;
}

/** `GET /repos/{o}/{r}/commits/{ref}` and list items (`files`/`stats` only on the single commit). */
export function repoCommitShape(
  state: FakeState,
  urls: Urls,
  repo: RepoState,
  commit: CommitObject,
  files?: readonly Record<string, unknown>[],
): Record<string, unknown> {
  const api = repoApi(urls, repo);
  const shape: Record<string, unknown> = {
    sha: commit.sha,
    node_id: `C_${commit.sha}`,
    url: `${api}/commits/${commit.sha}`,
    html_url: `${urls.web}/${repo.owner.login}/${repo.name}/commit/${commit.sha}`,
    commit: {
      url: `${api}/git/commits/${commit.sha}`,
      author: { ...commit.author },
      committer: { ...commit.committer },
      message: commit.message,
      tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
      comment_count: 0,
      verification: verification(commit),
    },
    author: accountFor(state, urls, commit.authorLogin),
    committer: accountFor(state, urls, commit.committerLogin),
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${api}/commits/${sha}`,
      html_url: `${urls.web}/${repo.owner.login}/${repo.name}/commit/${sha}`,
    })),
  };
  if (files) {
    const additions = files.reduce((sum, file) => sum + (file.additions as number), 0);
    const deletions = files.reduce((sum, file) => sum + (file.deletions as number), 0);
    shape.stats = { total: additions + deletions, additions, deletions };
    shape.files = files;
  }
  return shape;
}

export function refShape(urls: Urls, repo: RepoState, name: string, sha: string): Record<string, unknown> {
  const api = repoApi(urls, repo);
  return {
    ref: name,
    node_id: `REF_${Buffer.from(`${repo.id}:${name}`).toString('base64url')}`,
    url: `${api}/git/${name}`,
    object: { sha, type: repo.git.kindOf(sha) ?? 'commit', url: `${api}/git/commits/${sha}` },
  };
}

export function treeEntryShape(urls: Urls, repo: RepoState, entry: ListedEntry): Record<string, unknown> {
  const api = repoApi(urls, repo);
  const kind = entry.type === 'tree' ? 'trees' : entry.type === 'blob' ? 'blobs' : 'commits';
  const shape: Record<string, unknown> = { path: entry.path, mode: entry.mode, type: entry.type, sha: entry.sha };
  if (entry.size !== undefined) shape.size = entry.size;
  if (entry.type !== 'commit') shape.url = `${api}/git/${kind}/${entry.sha}`;
  return shape;
}

/** Line counts the way a diffstat reads for whole-line edits: lines only in the new file, lines only in the old. */
function lineStats(before: Buffer | undefined, after: Buffer | undefined): { additions: number; deletions: number } {
  const lines = (bytes: Buffer | undefined): string[] =>
    bytes && bytes.length > 0 ? bytes.toString('utf8').replace(/\n$/, '').split('\n') : [];
  const counts = new Map<string, number>();
  for (const line of lines(before)) counts.set(line, (counts.get(line) ?? 0) + 1);
  let additions = 0;
  for (const line of lines(after)) {
    const left = counts.get(line) ?? 0;
    if (left > 0) counts.set(line, left - 1);
    else additions += 1;
  }
  const deletions = [...counts.values()].reduce((sum, n) => sum + n, 0);
  return { additions, deletions };
}

/** One entry of `files` in commits, compare and `pulls/{n}/files`. */
export function fileChangeShape(urls: Urls, repo: RepoState, git: GitStore, change: FileChange, ref: string): Record<string, unknown> {
  const before = change.before?.type === 'blob' ? git.blobs.get(change.before.sha) : undefined;
  const after = change.after?.type === 'blob' ? git.blobs.get(change.after.sha) : undefined;
  const { additions, deletions } = lineStats(before, after);
  const path = change.path.split('/').map(encodeURIComponent).join('/');
  return {
    sha: (change.after ?? change.before)?.sha,
    filename: change.path,
    status: change.status,
    additions,
    deletions,
    changes: additions + deletions,
    blob_url: `${urls.web}/${repo.owner.login}/${repo.name}/blob/${ref}/${path}`,
    raw_url: `${urls.web}/${repo.owner.login}/${repo.name}/raw/${ref}/${path}`,
    contents_url: `${repoApi(urls, repo)}/contents/${path}?ref=${ref}`,
  };
}
