import { createHash } from 'node:crypto';
import { attempt, GitHubError, requestLine } from './errors.js';
import type { BlobMode, GitHubClient, RepoRef } from './types.js';

/**
 * Writing a commit through the Git Data API: blobs, one tree on top of the base tree, one
 * commit. No author or committer is sent, so GitHub records the app as both and signs the
 * commit (shown as verified), which is also how a later scan recognises the app's own commits.
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
 * Creates the commit (not a ref to it) and returns its sha. Contents go as base64 so bytes that
 * are not UTF-8, a BOM or CRLF line ends arrive unchanged; each blob sha GitHub returns is
 * checked against the sha git would compute for the bytes sent.
 *
 * Cost: one request per distinct file content, + 1 (tree) + 1 (commit). Throws GitHubError on
 * any failure; nothing visible changes until a ref is moved to the commit.
 */
export async function createCommit(octokit: GitHubClient, repo: RepoRef, request: CommitRequest): Promise<string> {
  if (request.files.length === 0) throw new RangeError('createCommit needs at least one file to change');

  const blobShas = new Map<string, string>();
  const tree: { path: string; mode: BlobMode; type: 'blob'; sha: string }[] = [];
  for (const file of request.files) {
    const expected = gitBlobSha(file.content);
    if (!blobShas.has(expected)) {
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
        throw new GitHubError(
          requestLine('POST', url, file.path),
          201,
          `blob sha ${data.sha} does not match the content sent (${expected})`,
        );
      }
      blobShas.set(expected, data.sha);
    }
    tree.push({ path: file.path, mode: file.mode, type: 'blob', sha: expected });
  }

  const { data: newTree } = await attempt(() =>
    octokit.rest.git.createTree({ owner: repo.owner, repo: repo.repo, base_tree: request.baseTreeSha, tree }),
  );
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

/** The object id git gives these bytes: sha1 of `blob <length>\0<bytes>`. */
export function gitBlobSha(content: Uint8Array): string {
  return createHash('sha1').update(`blob ${content.byteLength}\0`).update(content).digest('hex');
}
