import { attempt, GitHubError, isStatus, requestLine } from './errors.js';
import type { GitHubClient, RepoRef } from './types.js';

/**
 * Conditional reads (`If-None-Match` with the `ETag` of the last answer). GitHub answers 304
 * Not Modified when nothing changed, and a 304 does not count against the rate limit
 * (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate),
 * so asking "did the default branch move?" of a quiet repository is free (issue 13).
 */

export type BranchHeadCheck =
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'changed'; readonly headSha: string; readonly etag: string | undefined }
  | { readonly kind: 'missing' };

/**
 * Where `branch` points, unless it still answers with `etag` (then `unchanged`, at no cost).
 * Cost: 1 request, not counted when GitHub answers 304.
 */
export async function checkBranchHead(
  octokit: GitHubClient,
  repo: RepoRef,
  branch: string,
  etag: string | undefined,
): Promise<BranchHeadCheck> {
  try {
    const { data, headers, url } = await attempt(() =>
      octokit.rest.git.getRef({
        owner: repo.owner,
        repo: repo.repo,
        ref: `heads/${branch}`,
        ...(etag === undefined ? {} : { headers: { 'if-none-match': etag } }),
      }),
    );
    if (data.object.type !== 'commit') {
      throw new GitHubError(requestLine('GET', url), 200, `the branch points to a ${data.object.type}, not a commit`);
    }
    return { kind: 'changed', headSha: data.object.sha, etag: headers.etag };
  } catch (error) {
    if (isStatus(error, 304)) return { kind: 'unchanged' };
    if (isStatus(error, 404) || isStatus(error, 409)) return { kind: 'missing' };
    throw error;
  }
}

export type FileVersion =
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'present'; readonly sha: string; readonly etag: string | undefined }
  | { readonly kind: 'absent' };

/**
 * The blob sha of a file on a repository's default branch (`absent` when the repository or
 * the file does not exist, or the installation can't see it), or `unchanged` while it still
 * answers with `etag`. Used for the owner's `.github/pinbot.yml`, which a repository without
 * its own file inherits. Cost: 1 request, not counted when GitHub answers 304.
 */
export async function checkFileVersion(octokit: GitHubClient, repo: RepoRef, path: string, etag: string | undefined): Promise<FileVersion> {
  try {
    const { data, headers } = await attempt(() =>
      octokit.rest.repos.getContent({
        owner: repo.owner,
        repo: repo.repo,
        path,
        ...(etag === undefined ? {} : { headers: { 'if-none-match': etag } }),
      }),
    );
    if (Array.isArray(data) || data.type !== 'file') return { kind: 'present', sha: `not-a-file`, etag: headers.etag };
    return { kind: 'present', sha: data.sha, etag: headers.etag };
  } catch (error) {
    if (isStatus(error, 304)) return { kind: 'unchanged' };
    if (isStatus(error, 404)) return { kind: 'absent' };
    throw error;
  }
}
