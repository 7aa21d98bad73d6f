import type { ProbotOctokit } from 'probot';

/**
 * The GitHub client every function in `src/github/` takes: Probot's Octokit (REST methods,
 * `paginate`, `graphql`, `request` and the config plugin). Passed in, never created here, so
 * the app decides about auth, GHES base URL, throttling and retries, and tests can point it
 * at nock or the fake GitHub.
 */
export type GitHubClient = InstanceType<typeof ProbotOctokit>;

/** A repository by owner login and name, e.g. `{ owner: 'acme', repo: 'api' }`. */
export interface RepoRef {
  readonly owner: string;
  readonly repo: string;
}

/** The tip of the default branch: where a scan reads and a PR branch starts. */
export interface DefaultBranchHead {
  readonly branch: string;
  /** Commit sha the branch points to. */
  readonly headSha: string;
  /** Root tree sha of that commit. */
  readonly treeSha: string;
  /** The ref answer's `ETag`: a later conditional read of the branch is free while it holds. */
  readonly refEtag?: string;
}

/** The git file modes a blob can have in a tree; symlinks and submodules are never read. */
export type BlobMode = '100644' | '100755';

/** A regular file in a git tree. */
export interface TreeEntry {
  /** Repository-relative, `/` separators. */
  readonly path: string;
  /** Blob sha. */
  readonly sha: string;
  /** Size in bytes. */
  readonly size: number;
  readonly mode: BlobMode;
}

export interface TreeListing {
  /** Blobs only, sorted by path (code unit order). */
  readonly entries: readonly TreeEntry[];
  /**
   * False when the tree was too large to list within the request budget: some directories are
   * missing. A caller must then not conclude that a file is gone (e.g. close a PR for it).
   */
  readonly complete: boolean;
}

export type SwapOutcome =
  | { readonly kind: 'updated' }
  /** The branch no longer points at the expected commit; `currentSha` is undefined when it is gone. */
  | { readonly kind: 'moved'; readonly currentSha: string | undefined };

/** Move `branch` from `expectedSha` to `newSha`, but only if nobody moved it in between. */
export interface SwapRequest {
  readonly branch: string;
  readonly expectedSha: string;
  readonly newSha: string;
  /** The repository's GraphQL node id (`node_id` in REST answers and webhook payloads). */
  readonly repositoryNodeId: string;
}
