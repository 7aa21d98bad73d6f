/** JSON shapes of pull requests (list and full), the issue view of a PR, and check runs. */
import { labelShape, repoShape, userShape, type Urls } from './shapes-repo.js';
import type { CheckRunState, FakeState, PullState, RepoState } from './state.js';

/** Figures only the single-PR endpoint reports (GitHub computes them lazily). */
export interface PullDetails {
  readonly mergeable: boolean | null;
  readonly mergeableState: 'clean' | 'dirty' | 'unknown';
  readonly commits: number;
  readonly additions: number;
  readonly deletions: number;
  readonly changedFiles: number;
}

function teamShape(urls: Urls, repo: RepoState, slug: string): Record<string, unknown> {
  return {
    name: slug,
    slug,
    id: slug.length,
    node_id: `T_${slug}`,
    url: `${urls.api}/orgs/${repo.owner.login}/teams/${slug}`,
    html_url: `${urls.web}/orgs/${repo.owner.login}/teams/${slug}`,
    permission: 'pull',
    privacy: 'closed',
  };
}

function labelsOf(urls: Urls, repo: RepoState, pull: PullState): Record<string, unknown>[] {
  return pull.labels.flatMap((name) => {
    const label = repo.labels.get(name.toLowerCase());
    return label ? [labelShape(urls, repo, label)] : [];
  });
}

function userList(state: FakeState, urls: Urls, logins: readonly string[]): Record<string, unknown>[] {
  return logins.map((login) => userShape(urls, state.account(login, 'User')));
}

export function pullShape(state: FakeState, urls: Urls, repo: RepoState, pull: PullState, details?: PullDetails): Record<string, unknown> {
  const fullName = `${repo.owner.login}/${repo.name}`;
  const api = `${urls.api}/repos/${fullName}`;
  const html = `${urls.web}/${fullName}/pull/${pull.number}`;
  const baseSha = repo.refs.get(`refs/heads/${pull.baseRef}`) ?? pull.headSha;
  const assignees = userList(state, urls, pull.assignees);
  const shape: Record<string, unknown> = {
    url: `${api}/pulls/${pull.number}`,
    id: pull.id,
    node_id: pull.nodeId,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${pull.number}`,
    commits_url: `${api}/pulls/${pull.number}/commits`,
    comments_url: `${api}/issues/${pull.number}/comments`,
    statuses_url: `${api}/statuses/${pull.headSha}`,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    user: userShape(urls, pull.user),
    body: pull.body,
    labels: labelsOf(urls, repo, pull),
    milestone: null,
    active_lock_reason: null,
    created_at: pull.createdAt,
    updated_at: pull.updatedAt,
    closed_at: pull.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    assignee: assignees[0] ?? null,
    assignees,
    requested_reviewers: userList(state, urls, pull.requestedReviewers),
    requested_teams: pull.requestedTeams.map((slug) => teamShape(urls, repo, slug)),
    head: {
      label: `${repo.owner.login}:${pull.headRef}`,
      ref: pull.headRef,
      sha: pull.headSha,
      user: userShape(urls, repo.owner),
      repo: repoShape(urls, repo),
    },
    base: {
      label: `${repo.owner.login}:${pull.baseRef}`,
      ref: pull.baseRef,
      sha: baseSha,
      user: userShape(urls, repo.owner),
      repo: repoShape(urls, repo),
    },
    _links: { self: { href: `${api}/pulls/${pull.number}` }, html: { href: html }, issue: { href: `${api}/issues/${pull.number}` } },
    author_association: pull.user.type === 'Bot' ? 'NONE' : 'MEMBER',
    auto_merge: null,
    draft: pull.draft,
  };
  if (details) {
    Object.assign(shape, {
      merged: pull.mergedAt !== null,
      mergeable: details.mergeable,
      rebaseable: details.mergeable,
      mergeable_state: details.mergeableState,
      merged_by: pull.mergedBy ? userShape(urls, pull.mergedBy) : null,
      comments: repo.comments.filter((comment) => comment.issueNumber === pull.number).length,
      review_comments: 0,
      maintainer_can_modify: false,
      commits: details.commits,
      additions: details.additions,
      deletions: details.deletions,
      changed_files: details.changedFiles,
    });
  }
  return shape;
}

/** `GET/PATCH /repos/{o}/{r}/issues/{n}` for a pull request number. */
export function issueShape(state: FakeState, urls: Urls, repo: RepoState, pull: PullState): Record<string, unknown> {
  const api = `${urls.api}/repos/${repo.owner.login}/${repo.name}`;
  const assignees = userList(state, urls, pull.assignees);
  return {
    url: `${api}/issues/${pull.number}`,
    id: pull.id,
    node_id: pull.nodeId,
    html_url: `${urls.web}/${repo.owner.login}/${repo.name}/pull/${pull.number}`,
    number: pull.number,
    state: pull.state,
    state_reason: null,
    title: pull.title,
    body: pull.body,
    user: userShape(urls, pull.user),
    labels: labelsOf(urls, repo, pull),
    assignee: assignees[0] ?? null,
    assignees,
    locked: false,
    comments: repo.comments.filter((comment) => comment.issueNumber === pull.number).length,
    pull_request: {
      url: `${api}/pulls/${pull.number}`,
      html_url: `${urls.web}/${repo.owner.login}/${repo.name}/pull/${pull.number}`,
      merged_at: pull.mergedAt,
    },
    created_at: pull.createdAt,
    updated_at: pull.updatedAt,
    closed_at: pull.closedAt,
    author_association: pull.user.type === 'Bot' ? 'NONE' : 'MEMBER',
  };
}

export function checkRunShape(state: FakeState, urls: Urls, repo: RepoState, run: CheckRunState): Record<string, unknown> {
  const api = `${urls.api}/repos/${repo.owner.login}/${repo.name}`;
  const pulls = [...repo.pulls.values()].filter((pull) => pull.state === 'open' && pull.headSha === run.headSha);
  return {
    id: run.id,
    node_id: run.nodeId,
    head_sha: run.headSha,
    external_id: run.externalId,
    url: `${api}/check-runs/${run.id}`,
    html_url: `${urls.web}/${repo.owner.login}/${repo.name}/runs/${run.id}`,
    details_url: run.detailsUrl,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: { ...run.output, annotations_count: run.annotations.length, annotations_url: `${api}/check-runs/${run.id}/annotations` },
    name: run.name,
    check_suite: { id: run.id + 500_000 },
    app: { id: state.app.id, slug: state.app.slug, name: state.app.name, owner: userShape(urls, state.app.owner) },
    pull_requests: pulls.map((pull) => ({
      url: `${api}/pulls/${pull.number}`,
      id: pull.id,
      number: pull.number,
      head: { ref: pull.headRef, sha: pull.headSha, repo: { id: repo.id, url: api, name: repo.name } },
      base: { ref: pull.baseRef, sha: repo.refs.get(`refs/heads/${pull.baseRef}`) ?? '', repo: { id: repo.id, url: api, name: repo.name } },
    })),
  };
}
