import { createHash } from 'node:crypto';
import { attempt, GitHubError, requestLine } from './errors.js';
import type { BlobMode, GitHubClient, RepoRef } from './types.js';

/**
 * Writing a commit through the Git Data API: one tree on top of the base tree, with each file's
 * content inline (a blob first only for bytes that are not UTF-8), and one commit. No author or committer is sent, so GitHub records the app as
 * both and signs the commit (shown as verified), which is also how a later scan recognises the
 * app's own commits.
 */

export interface FileWrite {
  /** Repository-relative, `/` separators. */
  readonly path: string;
  /** The complete new content, byte for byte. */
  readonly content: Uint8Array;
  readonly mode: BlobMode;
}

export interface CommitRequest {
  readonly parentSha: string;
  /** The parent's root tree; files not listed keep their content from it. */
  readonly baseTreeSha: string;
  readonly files: readonly FileWrite[];
  readonly message: string;
}

/**
 * Creates the commit (not a ref to it) and returns its sha. UTF-8 contents go inline in the
 * tree request (GitHub writes each blob itself), so a commit costs two content-creating
 * requests however many files it changes, where a blob per file used to cost one more each:
 * GitHub allows 80 content-creating requests a minute and 500 an hour (issue 13). Inline
 * content is a JSON string, so bytes that are not UTF-8 still go as a base64 blob (one request
 * per such content); a BOM and CRLF line ends survive either way. The new tree's entries are
 * then checked against the blob shas git computes for the bytes: a file that did not arrive
 * byte for byte fails the commit before any ref points to it.
 *
 * Cost: 2 content-creating requests (tree, commit), + 1 per distinct non-UTF-8 content; + 1
 * read when a changed file is not at the top level (the tree answer lists only the top level).
 * Throws GitHubError on any failure; nothing visible changes until a ref is moved to the commit.
 */
export async function createCommit(octokit: GitHubClient, repo: RepoRef, request: CommitRequest): Promise<string> {
  if (request.files.length === 0) throw new RangeError('createCommit needs at least one file to change');
  const tree: TreeEntry[] = [];
  const blobs = new Map<string, string>();
  for (const file of request.files) {
    const text = utf8Text(file.content);
    if (text !== undefined) tree.push({ path: file.path, mode: file.mode, type: 'blob', content: text });
    else tree.push({ path: file.path, mode: file.mode, type: 'blob', sha: await writeBlob(octokit, repo, file, blobs) });
  }
  const { data: newTree, url } = await attempt(() =>
    octokit.rest.git.createTree({ owner: repo.owner, repo: repo.repo, base_tree: request.baseTreeSha, tree }),
  );
  await verifyTree(octokit, repo, newTree, request.files, requestLine('POST', url));
  const { data: commit } = await attempt(() =>
    octokit.rest.git.createCommit({
      owner: repo.owner,
      repo: repo.repo,
      message: request.message,
      tree: newTree.sha,
      parents: [request.parentSha],
    }),
  );
  return commit.sha;
}

type TreeEntry =
  { path: string; mode: BlobMode; type: 'blob'; content: string } | { path: string; mode: BlobMode; type: 'blob'; sha: string };

/** The bytes as the string the tree request carries, or undefined when they are not UTF-8. */
function utf8Text(content: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(content);
  } catch {
    return undefined;
  }
}

/** One base64 blob per distinct content; GitHub's sha is checked against the bytes sent. */
async function writeBlob(octokit: GitHubClient, repo: RepoRef, file: FileWrite, written: Map<string, string>): Promise<string> {
  const expected = gitBlobSha(file.content);
  if (written.has(expected)) return expected;
  const { data, url } = await attempt(
    () =>
      octokit.rest.git.createBlob({
        owner: repo.owner,
        repo: repo.repo,
        content: Buffer.from(file.content).toString('base64'),
        encoding: 'base64',
      }),
    file.path,
  );
  if (data.sha !== expected) {
    throw new GitHubError(requestLine('POST', url, file.path), 201, `blob sha ${data.sha} does not match the content sent (${expected})`);
  }
  written.set(expected, data.sha);
  return expected;
}

interface WrittenTree {
  readonly sha: string;
  readonly tree: ReadonlyArray<{ readonly path?: string; readonly sha?: string | null }>;
}

/**
 * Checks that each written path holds exactly the bytes sent: top-level files from the tree
 * answer itself, nested ones from one recursive listing of the new tree (walked directory by
 * directory only if GitHub cuts that listing off, beyond 100,000 entries).
 */
async function verifyTree(
  octokit: GitHubClient,
  repo: RepoRef,
  created: WrittenTree,
  files: readonly FileWrite[],
  request: string,
): Promise<void> {
  const written = new Map(created.tree.map((entry) => [entry.path, entry.sha ?? undefined]));
  let truncated = false;
  if (files.some((file) => file.path.includes('/'))) {
    const { data } = await attempt(() =>
      octokit.rest.git.getTree({ owner: repo.owner, repo: repo.repo, tree_sha: created.sha, recursive: '1' }),
    );
    for (const entry of data.tree) written.set(entry.path, entry.sha);
    truncated = data.truncated === true;
  }
  for (const file of files) {
    const expected = gitBlobSha(file.content);
    const actual = written.get(file.path) ?? (truncated ? await blobShaAt(octokit, repo, created.sha, file.path) : undefined);
    if (actual !== expected) {
      throw new GitHubError(request, 201, `${file.path} was written as ${actual ?? 'nothing'}, not the content sent (${expected})`);
    }
  }
}

/** A path's blob sha found by walking its directories one listing at a time. */
async function blobShaAt(octokit: GitHubClient, repo: RepoRef, treeSha: string, path: string): Promise<string | undefined> {
  let sha: string | undefined = treeSha;
  for (const segment of path.split('/')) {
    if (sha === undefined) return undefined;
    const current: string = sha;
    const { data } = await attempt(() => octokit.rest.git.getTree({ owner: repo.owner, repo: repo.repo, tree_sha: current }));
    sha = data.tree.find((entry) => entry.path === segment)?.sha;
  }
  return sha;
}

/** The object id git gives these bytes: sha1 of `blob <length>\0<bytes>`. */
export function gitBlobSha(content: Uint8Array): string {
  return createHash('sha1').update(`blob ${content.byteLength}\0`).update(content).digest('hex');
}
