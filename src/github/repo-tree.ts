import { sharedGitObjectCache, type GitObjectCache } from './cache.js';
import { attempt, BlobTooLargeError, GitHubError, requestLine } from './errors.js';
import { gitBlobSha } from './commits.js';
import { getRaw } from './raw-content.js';
import { MAX_TREE_REQUESTS, walkTree } from './tree-walk.js';
import type { DefaultBranchHead, GitHubClient, RepoRef, TreeListing } from './types.js';

/**
 * Reading a repository's default branch through the Git Data API: the ref, the commit's tree,
 * the blobs. Every read fails closed: an error throws a GitHubError and the caller writes
 * nothing for that repository. Git objects are cached by sha (see cache.ts).
 */

/** The same limit as the CLI's discovery: bigger files are not hand-edited image manifests. */
export const MAX_BLOB_SIZE = 1024 * 1024;

export interface ReadOptions {
  readonly cache?: GitObjectCache;
}

/**
 * Where the default branch points now. Uses the exact ref (`git/ref/heads/…`) rather than
 * `commits/{ref}`, which would also match a tag of the same name and returns the commit's
 * whole diff.
 *
 * Cost: 1 request (the ref) + 1 for the commit's tree unless cached (commits are immutable)
 * + 1 for `GET /repos/{o}/{r}` unless `branch` is given (webhook payloads and installation
 * repository lists already carry `default_branch`).
 */
export async function readDefaultBranch(
  octokit: GitHubClient,
  repo: RepoRef,
  options: ReadOptions & { readonly branch?: string } = {},
): Promise<DefaultBranchHead> {
  const cache = options.cache ?? sharedGitObjectCache;
  const branch = options.branch ?? (await readDefaultBranchName(octokit, repo));

  const {
    data: ref,
    url,
    headers,
  } = await attempt(() => octokit.rest.git.getRef({ owner: repo.owner, repo: repo.repo, ref: `heads/${branch}` }));
  if (ref.object.type !== 'commit') {
    throw new GitHubError(requestLine('GET', url), 200, `the branch points to a ${ref.object.type}, not a commit`);
  }
  const headSha = ref.object.sha;

  const treeSha = await readCommitTree(octokit, repo, headSha, { cache });
  return headers.etag === undefined ? { branch, headSha, treeSha } : { branch, headSha, treeSha, refEtag: headers.etag };
}

/** The root tree of a commit (a PR's head, a pushed commit). Cost: 0 when cached (commits are immutable), else 1 request. */
export async function readCommitTree(octokit: GitHubClient, repo: RepoRef, commitSha: string, options: ReadOptions = {}): Promise<string> {
  const cache = options.cache ?? sharedGitObjectCache;
  let treeSha = cache.commitTrees.get(commitSha);
  if (treeSha === undefined) {
    const { data: commit } = await attempt(() => octokit.rest.git.getCommit({ owner: repo.owner, repo: repo.repo, commit_sha: commitSha }));
    treeSha = commit.tree.sha;
    cache.commitTrees.set(commitSha, treeSha);
  }
  return treeSha;
}

/** Cost: 1 request. */
async function readDefaultBranchName(octokit: GitHubClient, repo: RepoRef): Promise<string> {
  const { data } = await attempt(() => octokit.rest.repos.get({ owner: repo.owner, repo: repo.repo }));
  return data.default_branch;
}

/**
 * Every regular file (mode 100644/100755) under a tree, skipping symlinks, submodules and the
 * directories the CLI never enters (node_modules, .git, …).
 *
 * Cost: 0 when cached, else 1 request; a truncated answer costs 1 more per directory level
 * that has to be split, at most `maxRequests` (default 200) in all, after which the listing is
 * returned with `complete: false`. Incomplete listings are not cached.
 */
export async function readTree(
  octokit: GitHubClient,
  repo: RepoRef,
  treeSha: string,
  options: ReadOptions & { readonly maxRequests?: number } = {},
): Promise<TreeListing> {
  const cache = options.cache ?? sharedGitObjectCache;
  const cached = cache.trees.get(treeSha);
  if (cached !== undefined) return cached;
  const listing = await walkTree(octokit, repo, treeSha, options.maxRequests ?? MAX_TREE_REQUESTS);
  // A bigger budget next time could list more, so only a complete listing is final.
  if (listing.complete) cache.trees.set(treeSha, listing);
  return listing;
}

/**
 * A file's exact bytes (BOM, CRLF and all), read raw (`raw-content.ts`: no base64 JSON for
 * Octokit to parse on the event loop) and checked against the blob's sha, so a cut-off or
 * altered answer is an error, never half a file that a rewrite would then truncate. Throws
 * BlobTooLargeError above `maxBytes` (default 1 MiB) without reading the rest; callers can skip
 * such files beforehand by the tree entry's size.
 *
 * Cost: 0 when cached, else 1 request.
 */
export async function readBlob(
  octokit: GitHubClient,
  repo: RepoRef,
  sha: string,
  options: ReadOptions & { readonly maxBytes?: number } = {},
): Promise<Uint8Array> {
  const cache = options.cache ?? sharedGitObjectCache;
  const maxBytes = options.maxBytes ?? MAX_BLOB_SIZE;
  const cached = cache.blobs.get(sha);
  if (cached !== undefined) {
    // No request was made: the blob was read earlier under a larger limit.
    if (cached.byteLength > maxBytes) throw new BlobTooLargeError(`blob ${sha} (cached)`, cached.byteLength, maxBytes);
    return Uint8Array.from(cached);
  }

  const answer = await getRaw(
    octokit,
    'GET /repos/{owner}/{repo}/git/blobs/{file_sha}',
    { owner: repo.owner, repo: repo.repo, file_sha: sha },
    maxBytes,
  );
  if (answer.kind === 'too-large') throw new BlobTooLargeError(answer.request, answer.size ?? maxBytes + 1, maxBytes);
  if (answer.kind === 'not-a-file') throw new GitHubError(answer.request, 200, 'expected the raw blob, got JSON');
  const actual = gitBlobSha(answer.bytes);
  if (actual !== sha.toLowerCase()) {
    throw new GitHubError(
      answer.request,
      200,
      `the ${answer.bytes.byteLength} bytes received hash to blob ${actual}, not the blob asked for`,
    );
  }
  cache.blobs.set(sha, answer.bytes);
  return Uint8Array.from(answer.bytes);
}
