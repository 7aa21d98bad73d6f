import { IGNORED_DIRECTORIES } from '../discover/discover.js';
import { attempt } from './errors.js';
import type { BlobMode, GitHubClient, RepoRef, TreeEntry, TreeListing } from './types.js';

/**
 * Listing every blob under a tree. One recursive request is enough for almost every repository;
 * GitHub cuts the answer off (`truncated: true`) beyond 100,000 entries or 7 MB. Then the walk
 * starts again from the root one directory at a time, asking for each subdirectory recursively
 * and splitting further only the subdirectories that are themselves too large. A budget of
 * requests bounds the walk on gigantic monorepos; running out makes the listing incomplete.
 */

/** Default request budget for one listing; each request returns up to 100,000 entries. */
export const MAX_TREE_REQUESTS = 200;

interface RawEntry {
  readonly path?: string;
  readonly mode?: string;
  readonly type?: string;
  readonly sha?: string;
  readonly size?: number;
}

interface PendingTree {
  readonly sha: string;
  /** `''` for the root, else `dir/sub/`. */
  readonly prefix: string;
  readonly recursive: boolean;
}

export async function walkTree(octokit: GitHubClient, repo: RepoRef, treeSha: string, maxRequests: number): Promise<TreeListing> {
  const entries: TreeEntry[] = [];
  const pending: PendingTree[] = [{ sha: treeSha, prefix: '', recursive: true }];
  let requests = 0;
  let complete = true;

  for (let tree = pending.pop(); tree !== undefined; tree = pending.pop()) {
    if (requests >= maxRequests) {
      complete = false;
      break;
    }
    requests++;
    const { truncated, tree: raw } = await getTree(octokit, repo, tree.sha, tree.recursive);
    if (tree.recursive && truncated) {
      // Everything under this tree is asked for again, one level at a time.
      pending.push({ ...tree, recursive: false });
      continue;
    }
    // One directory with more entries than GitHub returns at once: nothing splits it further,
    // so what it lists is kept but the listing cannot prove a file's absence.
    if (truncated) complete = false;
    for (const item of raw) {
      if (item.path === undefined || item.sha === undefined) continue;
      const path = tree.prefix + item.path;
      if (isIgnored(path)) continue;
      if (item.type === 'tree') {
        if (!tree.recursive) pending.push({ sha: item.sha, prefix: `${path}/`, recursive: true });
      } else if (item.type === 'blob' && isRegularFile(item.mode)) {
        entries.push({ path, sha: item.sha, size: item.size ?? 0, mode: item.mode });
      }
      // Symlinks (120000) and submodules (type commit, 160000) point outside the tree's own files.
    }
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { entries, complete };
}

async function getTree(
  octokit: GitHubClient,
  repo: RepoRef,
  sha: string,
  recursive: boolean,
): Promise<{ truncated: boolean; tree: readonly RawEntry[] }> {
  const { data } = await attempt(() =>
    octokit.rest.git.getTree({ owner: repo.owner, repo: repo.repo, tree_sha: sha, ...(recursive ? { recursive: '1' } : {}) }),
  );
  return { truncated: data.truncated === true, tree: data.tree };
}

function isRegularFile(mode: string | undefined): mode is BlobMode {
  return mode === '100644' || mode === '100755';
}

/** Same directories the CLI never enters (node_modules, .git, …), at any depth. */
function isIgnored(path: string): boolean {
  return path.split('/').some((segment) => IGNORED_DIRECTORIES.has(segment));
}
