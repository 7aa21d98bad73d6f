import { attempt } from '../github/errors.js';
import type { GitHubClient, RepoRef } from '../github/types.js';

export interface RepositoryTarget extends RepoRef {
  /** Known from the webhook or the installation's repository list; saves a request. */
  readonly defaultBranch?: string;
  /** GraphQL node id, needed for compare-and-swap ref updates; fetched when missing. */
  readonly nodeId?: string;
  readonly archived?: boolean;
  readonly disabled?: boolean;
  readonly fork?: boolean;
  /**
   * `pushed_at` from the installation's repository listing, read just before this scan: with a
   * state from an earlier scan, an unchanged value saves every repository read (issue 13).
   */
  readonly pushedAt?: string;
}

export type KnownTarget = Required<Omit<RepositoryTarget, 'pushedAt'>>;

/** Fills in what the trigger did not say about the repository. Cost: 0 or 1 request. */
export async function describeRepository(octokit: GitHubClient, target: RepositoryTarget): Promise<KnownTarget> {
  const { defaultBranch, nodeId, archived, disabled, fork } = target;
  if (defaultBranch !== undefined && nodeId !== undefined && archived !== undefined && disabled !== undefined && fork !== undefined) {
    return { owner: target.owner, repo: target.repo, defaultBranch, nodeId, archived, disabled, fork };
  }
  // Through `attempt`, so a failure names the request (`GET /repos/acme/api: 502 Server Error`).
  const { data } = await attempt(() => octokit.rest.repos.get({ owner: target.owner, repo: target.repo }));
  return {
    owner: target.owner,
    repo: target.repo,
    defaultBranch: data.default_branch,
    nodeId: data.node_id,
    archived: data.archived,
    disabled: data.disabled ?? false,
    fork: data.fork,
  };
}
