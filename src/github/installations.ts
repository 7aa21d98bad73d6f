import { attempt } from './errors.js';
import type { GitHubClient } from './types.js';

/**
 * What the scheduler walks: the app's installations and each one's repositories. The
 * installation-level calls need the app's own (JWT) Octokit; repository lists need an
 * installation's Octokit.
 */

export interface Installation {
  readonly id: number;
  /** The account (user or organisation) login. */
  readonly account: string;
  /** A suspended installation answers every call with 403: skip it. */
  readonly suspended: boolean;
}

export interface InstallationRepo {
  readonly owner: string;
  readonly repo: string;
  readonly defaultBranch: string;
  readonly archived: boolean;
  readonly disabled: boolean;
  readonly fork: boolean;
  /** GraphQL node id, needed by compareAndSwapBranch. */
  readonly nodeId: string;
  /**
   * When any branch was last pushed to (ISO 8601, whole seconds), or undefined when GitHub
   * sent none. Unchanged since the last scan means the default branch did not move, so a quiet
   * repository costs no request at all (issue 13).
   */
  readonly pushedAt: string | undefined;
}

/** Cost: one request per 100 installations. */
export async function listInstallations(appOctokit: GitHubClient): Promise<Installation[]> {
  const installations = await attempt(() => appOctokit.paginate(appOctokit.rest.apps.listInstallations, { per_page: 100 }));
  return installations.map((installation) => ({
    id: installation.id,
    account: accountLogin(installation.account),
    suspended: installation.suspended_at !== null && installation.suspended_at !== undefined,
  }));
}

/** Cost: one request per 100 repositories (the listing carries `pushed_at` and the default branch). */
export async function listInstallationRepos(installationOctokit: GitHubClient): Promise<InstallationRepo[]> {
  const repositories = await attempt(() =>
    installationOctokit.paginate(installationOctokit.rest.apps.listReposAccessibleToInstallation, { per_page: 100 }),
  );
  return repositories.map((repository) => ({
    owner: repository.owner.login,
    repo: repository.name,
    defaultBranch: repository.default_branch,
    archived: repository.archived,
    disabled: repository.disabled,
    fork: repository.fork,
    nodeId: repository.node_id,
    pushedAt: repository.pushed_at ?? undefined,
  }));
}

/**
 * Whether the installation may change files under `.github/workflows/` (the `workflows`
 * permission; GitHub rejects such commits without it). Cost: 1 request.
 */
export async function installationCanWriteWorkflows(appOctokit: GitHubClient, installationId: number): Promise<boolean> {
  const { data } = await attempt(() => appOctokit.rest.apps.getInstallation({ installation_id: installationId }));
  return data.permissions.workflows === 'write';
}

/**
 * `x-ratelimit-remaining` of a response, or undefined when absent or not a number (GHES with
 * rate limiting off sends none). Pure.
 */
export function rateLimitRemaining(headers: Readonly<Record<string, string | number | undefined>>): number | undefined {
  const value = headers['x-ratelimit-remaining'];
  if (value === undefined || value === '') return undefined;
  const remaining = typeof value === 'number' ? value : Number(value);
  return Number.isInteger(remaining) && remaining >= 0 ? remaining : undefined;
}

function accountLogin(account: unknown): string {
  if (typeof account === 'object' && account !== null) {
    // A user or organisation has `login`; an enterprise account has `slug`.
    const { login, slug } = account as { login?: unknown; slug?: unknown };
    if (typeof login === 'string') return login;
    if (typeof slug === 'string') return slug;
  }
  return '';
}
