/**
 * Webhook deliveries shaped like GitHub's (trimmed to the fields GitHub always sends), for one
 * organisation `acme` with the app installed. `test/helpers/github/webhook.ts` builds payloads
 * from the state of a running fake GitHub server; these tests mock GitHub with nock instead, so
 * their payloads are written out here.
 */

export interface Delivery {
  /** `X-GitHub-Delivery`. */
  readonly id: string;
  readonly name: 'installation' | 'installation_repositories' | 'push' | 'pull_request';
  readonly payload: Record<string, unknown>;
}

export const INSTALLATION_ID = 1;
export const OWNER = 'acme';
export const REPO_NAME = 'api';
export const REPO_NODE_ID = 'R_kgDOGq0gLw';
export const DEFAULT_BRANCH = 'main';

let deliveries = 0;
/** A delivery id like GitHub's (a UUID), unique per call. */
export function deliveryId(): string {
  deliveries += 1;
  return `72d3162e-cc78-11e3-81ab-${deliveries.toString(16).padStart(12, '0')}`;
}

const ORG = {
  login: OWNER,
  id: 9919,
  node_id: 'O_kgDOAAAmtw',
  type: 'Organization',
  site_admin: false,
  url: `https://api.github.com/users/${OWNER}`,
};
const OCTOCAT = {
  login: 'octocat',
  id: 583231,
  node_id: 'MDQ6VXNlcjU4MzIzMQ==',
  type: 'User',
  site_admin: false,
  url: 'https://api.github.com/users/octocat',
};
export const APP_BOT = {
  login: 'pinbot[bot]',
  id: 41898282,
  node_id: 'BOT_kgDOAn9RKg',
  type: 'Bot',
  site_admin: false,
  url: 'https://api.github.com/users/pinbot%5Bbot%5D',
};
const INSTALLATION_REF = { id: INSTALLATION_ID, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==' };

export function repository(name = REPO_NAME, id = 501): Record<string, unknown> {
  return {
    id,
    node_id: name === REPO_NAME ? REPO_NODE_ID : `R_kgDO${id}`,
    name,
    full_name: `${OWNER}/${name}`,
    private: true,
    owner: ORG,
    html_url: `https://github.com/${OWNER}/${name}`,
    url: `https://api.github.com/repos/${OWNER}/${name}`,
    fork: false,
    archived: false,
    disabled: false,
    default_branch: DEFAULT_BRANCH,
    visibility: 'private',
    created_at: '2024-03-01T09:00:00Z',
    pushed_at: '2025-06-01T17:42:10Z',
  };
}

function installation(): Record<string, unknown> {
  return {
    ...INSTALLATION_REF,
    account: ORG,
    app_id: 1,
    app_slug: 'pinbot',
    target_id: ORG.id,
    target_type: 'Organization',
    repository_selection: 'selected',
    permissions: { checks: 'write', contents: 'write', metadata: 'read', pull_requests: 'write' },
    events: ['pull_request', 'push'],
    created_at: '2025-06-01T10:00:00Z',
    updated_at: '2025-06-01T10:00:00Z',
    suspended_at: null,
  };
}

function miniRepository(name: string, id: number): Record<string, unknown> {
  return { id, node_id: `R_kgDO${id}`, name, full_name: `${OWNER}/${name}`, private: true };
}

export function installationCreated(repos: readonly string[]): Delivery {
  return {
    id: deliveryId(),
    name: 'installation',
    payload: {
      action: 'created',
      installation: installation(),
      repositories: repos.map((name, i) => miniRepository(name, 600 + i)),
      requester: null,
      sender: OCTOCAT,
    },
  };
}

export function installationRepositoriesAdded(repos: readonly string[]): Delivery {
  return {
    id: deliveryId(),
    name: 'installation_repositories',
    payload: {
      action: 'added',
      installation: installation(),
      repository_selection: 'selected',
      repositories_added: repos.map((name, i) => miniRepository(name, 700 + i)),
      repositories_removed: [],
      requester: null,
      sender: OCTOCAT,
    },
  };
}

const ZERO = '0000000000000000000000000000000000000000';

/** A push moving `branch` from `before` to `after` (the zero sha for `after` deletes the branch). */
export function push(spec: { branch: string; before: string; after: string; id?: string }): Delivery {
  const deleted = spec.after === ZERO;
  const commit = {
    id: spec.after,
    tree_id: 'e8a0a81f6d7b8e4f5b4b9f3e42ba4a32c3e7b1d0',
    distinct: true,
    message: 'Serve the health check from /healthz',
    timestamp: '2025-06-02T02:58:11+00:00',
    url: `https://github.com/${OWNER}/${REPO_NAME}/commit/${spec.after}`,
    author: { name: 'Mona Octocat', email: 'octocat@github.com', username: 'octocat' },
    committer: { name: 'GitHub', email: 'noreply@github.com', username: 'web-flow' },
    added: [],
    removed: [],
    modified: ['src/server.ts'],
  };
  return {
    id: spec.id ?? deliveryId(),
    name: 'push',
    payload: {
      ref: `refs/heads/${spec.branch}`,
      before: spec.before,
      after: spec.after,
      created: false,
      deleted,
      forced: false,
      base_ref: null,
      compare: `https://github.com/${OWNER}/${REPO_NAME}/compare/${spec.before.slice(0, 12)}...${spec.after.slice(0, 12)}`,
      commits: deleted ? [] : [commit],
      head_commit: deleted ? null : commit,
      // Push payloads carry timestamps as epoch seconds and the owner with name and email.
      repository: { ...repository(), created_at: 1709283600, pushed_at: 1748832131, owner: { ...ORG, name: OWNER, email: null } },
      pusher: { name: 'octocat', email: 'octocat@github.com' },
      sender: OCTOCAT,
      installation: INSTALLATION_REF,
    },
  };
}

export interface PullSpec {
  readonly action: 'opened' | 'closed' | 'synchronize';
  readonly number: number;
  readonly branch: string;
  readonly headSha: string;
  readonly body: string | null;
  readonly title?: string;
  readonly merged?: boolean;
  readonly author?: 'app' | 'human';
  /** The head lives in a fork (another owner's repository). */
  readonly fromFork?: boolean;
  readonly id?: string;
}

/** Where every pull request payload's base points. */
export const PULL_BASE_SHA = 'a10867b14bb761a232cd80139fbd4c0d33264240';

export function pullRequest(spec: PullSpec): Delivery {
  const closed = spec.action === 'closed';
  const headRepo = spec.fromFork
    ? { ...repository(), id: 802, node_id: 'R_kgDOFork', full_name: `octocat/${REPO_NAME}`, owner: OCTOCAT, fork: true }
    : repository();
  const owner = spec.fromFork ? OCTOCAT.login : OWNER;
  return {
    id: spec.id ?? deliveryId(),
    name: 'pull_request',
    payload: {
      action: spec.action,
      number: spec.number,
      pull_request: {
        url: `https://api.github.com/repos/${OWNER}/${REPO_NAME}/pulls/${spec.number}`,
        id: 1_900_000_000 + spec.number,
        node_id: `PR_kwDOGq0gL8${spec.number}`,
        number: spec.number,
        state: closed ? 'closed' : 'open',
        locked: false,
        title: spec.title ?? 'chore(deps): update node:22-slim digest',
        user: spec.author === 'app' ? APP_BOT : OCTOCAT,
        body: spec.body,
        created_at: '2025-06-01T06:00:00Z',
        updated_at: '2025-06-02T03:00:00Z',
        closed_at: closed ? '2025-06-02T03:00:00Z' : null,
        merged_at: spec.merged ? '2025-06-02T03:00:00Z' : null,
        merge_commit_sha: null,
        draft: false,
        head: {
          label: `${owner}:${spec.branch}`,
          ref: spec.branch,
          sha: spec.headSha,
          user: spec.fromFork ? OCTOCAT : ORG,
          repo: headRepo,
        },
        base: {
          label: `${OWNER}:${DEFAULT_BRANCH}`,
          ref: DEFAULT_BRANCH,
          sha: PULL_BASE_SHA,
          user: ORG,
          repo: repository(),
        },
        merged: spec.merged ?? false,
        mergeable: null,
        mergeable_state: 'unknown',
        comments: 0,
        commits: 1,
        additions: 1,
        deletions: 1,
        changed_files: 1,
      },
      repository: repository(),
      sender: spec.author === 'app' ? APP_BOT : OCTOCAT,
      installation: INSTALLATION_REF,
    },
  };
}

export { ZERO as ZERO_SHA };
