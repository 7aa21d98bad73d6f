/** JSON shapes of accounts, repositories, installations, labels and comments, field names as in GitHub's REST API. */
import type { Account, CommentState, FakeState, InstallationState, LabelState, RepoState } from './state.js';

/** API and web roots that `url`/`html_url` fields point into. */
export interface Urls {
  readonly api: string;
  readonly web: string;
}

export function userShape(urls: Urls, account: Account): Record<string, unknown> {
  return {
    login: account.login,
    id: account.id,
    node_id: account.nodeId,
    avatar_url: `${urls.web}/avatars/u/${account.id}`,
    gravatar_id: '',
    url: `${urls.api}/users/${encodeURIComponent(account.login)}`,
    html_url: account.type === 'Bot' ? `${urls.web}/apps/${account.login.replace(/\[bot\]$/, '')}` : `${urls.web}/${account.login}`,
    type: account.type,
    site_admin: false,
  };
}

export function repoShape(urls: Urls, repo: RepoState): Record<string, unknown> {
  const fullName = `${repo.owner.login}/${repo.name}`;
  const api = `${urls.api}/repos/${fullName}`;
  return {
    id: repo.id,
    node_id: repo.nodeId,
    name: repo.name,
    full_name: fullName,
    private: repo.private,
    visibility: repo.private ? 'private' : 'public',
    owner: userShape(urls, repo.owner),
    html_url: `${urls.web}/${fullName}`,
    description: null,
    fork: repo.fork,
    url: api,
    git_url: `${urls.web.replace(/^https?:/, 'git:')}/${fullName}.git`,
    clone_url: `${urls.web}/${fullName}.git`,
    pulls_url: `${api}/pulls{/number}`,
    contents_url: `${api}/contents/{+path}`,
    created_at: repo.createdAt,
    updated_at: repo.pushedAt,
    pushed_at: repo.pushedAt,
    size: repo.git.blobs.size,
    archived: repo.archived,
    disabled: repo.disabled,
    is_template: false,
    topics: [],
    has_issues: true,
    default_branch: repo.defaultBranch,
    allow_merge_commit: true,
    allow_squash_merge: true,
    allow_rebase_merge: true,
    delete_branch_on_merge: false,
  };
}

export function installationShape(urls: Urls, state: FakeState, installation: InstallationState): Record<string, unknown> {
  return {
    id: installation.id,
    account: userShape(urls, installation.account),
    repository_selection: installation.repositorySelection,
    access_tokens_url: `${urls.api}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${urls.api}/installation/repositories`,
    html_url: `${urls.web}/settings/installations/${installation.id}`,
    app_id: state.app.id,
    app_slug: state.app.slug,
    target_id: installation.account.id,
    target_type: installation.account.type,
    permissions: { ...installation.permissions },
    events: [...installation.events],
    created_at: installation.createdAt,
    updated_at: installation.createdAt,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by: null,
    suspended_at: installation.suspendedAt,
  };
}

export function appShape(urls: Urls, state: FakeState): Record<string, unknown> {
  return {
    id: state.app.id,
    slug: state.app.slug,
    node_id: `A_${state.app.id}`,
    name: state.app.name,
    owner: userShape(urls, state.app.owner),
    description: 'Keeps digest-pinned container images fresh.',
    external_url: urls.web,
    html_url: `${urls.web}/apps/${state.app.slug}`,
    created_at: '2024-01-01T00:00:00Z',
    updated_at: '2024-01-01T00:00:00Z',
    permissions: { metadata: 'read', contents: 'write', pull_requests: 'write', checks: 'write' },
    events: ['push', 'pull_request', 'installation_repositories'],
  };
}

export function labelShape(urls: Urls, repo: RepoState, label: LabelState): Record<string, unknown> {
  return {
    id: label.id,
    node_id: label.nodeId,
    url: `${urls.api}/repos/${repo.owner.login}/${repo.name}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: false,
    description: label.description,
  };
}

export function commentShape(urls: Urls, repo: RepoState, comment: CommentState): Record<string, unknown> {
  const api = `${urls.api}/repos/${repo.owner.login}/${repo.name}`;
  return {
    id: comment.id,
    node_id: comment.nodeId,
    url: `${api}/issues/comments/${comment.id}`,
    html_url: `${urls.web}/${repo.owner.login}/${repo.name}/pull/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${api}/issues/${comment.issueNumber}`,
    body: comment.body,
    user: userShape(urls, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: comment.user.type === 'Bot' ? 'NONE' : 'MEMBER',
  };
}
