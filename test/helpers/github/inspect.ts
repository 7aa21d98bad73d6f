/** Test-side read access to the fake's state as plain snapshots (copies, so assertions can't mutate the fake). */
import type { GitPerson } from './git-objects.js';
import { branchHead, resolveCommitish } from './refs.js';
import type { CheckAnnotationState, CheckRunOutput, PullState, RepoState } from './state.js';

export interface PullView {
  readonly number: number;
  readonly title: string;
  readonly body: string | null;
  readonly state: 'open' | 'closed';
  readonly merged: boolean;
  readonly mergedAt: string | null;
  readonly mergeCommitSha: string | null;
  readonly headRef: string;
  readonly headSha: string;
  readonly baseRef: string;
  /** Login of whoever opened it (`pinbot[bot]` for the app). */
  readonly user: string;
  readonly labels: readonly string[];
  readonly assignees: readonly string[];
  readonly requestedReviewers: readonly string[];
  readonly requestedTeams: readonly string[];
  readonly draft: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly closedAt: string | null;
}

export interface CommentView {
  readonly id: number;
  readonly body: string;
  readonly user: string;
  readonly createdAt: string;
}

export interface CheckRunView {
  readonly id: number;
  readonly name: string;
  readonly headSha: string;
  readonly status: string;
  readonly conclusion: string | null;
  readonly output: CheckRunOutput;
  /** Every annotation sent to the run, in order. */
  readonly annotations: readonly CheckAnnotationState[];
}

export interface CommitView {
  readonly sha: string;
  readonly tree: string;
  readonly parents: readonly string[];
  readonly message: string;
  readonly author: GitPerson;
  readonly committer: GitPerson;
  readonly authorLogin: string | null;
  readonly verified: boolean;
}

export interface LabelView {
  readonly name: string;
  readonly color: string;
  readonly description: string | null;
}

export function pullView(pull: PullState): PullView {
  return {
    number: pull.number,
    title: pull.title,
    body: pull.body,
    state: pull.state,
    merged: pull.mergedAt !== null,
    mergedAt: pull.mergedAt,
    mergeCommitSha: pull.mergeCommitSha,
    headRef: pull.headRef,
    headSha: pull.headSha,
    baseRef: pull.baseRef,
    user: pull.user.login,
    labels: [...pull.labels],
    assignees: [...pull.assignees],
    requestedReviewers: [...pull.requestedReviewers],
    requestedTeams: [...pull.requestedTeams],
    draft: pull.draft,
    createdAt: pull.createdAt,
    updatedAt: pull.updatedAt,
    closedAt: pull.closedAt,
  };
}

/** File bytes at a ref (branch, tag or sha), or undefined when the ref or path doesn't exist. */
export function readFile(repo: RepoState, ref: string, path: string): Uint8Array | undefined {
  const sha = resolveCommitish(repo, ref);
  if (sha === undefined) return undefined;
  const entry = repo.git.entryAt(repo.git.requireCommit(sha).tree, path);
  if (entry?.type !== 'blob') return undefined;
  const bytes = repo.git.blobs.get(entry.sha);
  return bytes === undefined ? undefined : new Uint8Array(bytes);
}

/** Every file path at a ref, sorted; undefined when the ref doesn't exist. */
export function listFiles(repo: RepoState, ref: string): string[] | undefined {
  const sha = resolveCommitish(repo, ref);
  return sha === undefined ? undefined : [...repo.git.flatten(repo.git.requireCommit(sha).tree).keys()].sort();
}

export function commitView(repo: RepoState, sha: string): CommitView | undefined {
  const commit = repo.git.commits.get(sha);
  if (!commit) return undefined;
  return {
    sha,
    tree: commit.tree,
    parents: [...commit.parents],
    message: commit.message,
    author: commit.author,
    committer: commit.committer,
    authorLogin: commit.authorLogin,
    verified: commit.verified,
  };
}

export function branches(repo: RepoState): string[] {
  return [...repo.refs.keys()]
    .filter((name) => name.startsWith('refs/heads/'))
    .map((name) => name.slice('refs/heads/'.length))
    .sort();
}

export function head(repo: RepoState, branch: string): string | undefined {
  return branchHead(repo, branch);
}

export function pulls(repo: RepoState, filter: { state?: 'open' | 'closed' | 'all' } = {}): PullView[] {
  const state = filter.state ?? 'all';
  return [...repo.pulls.values()].filter((pull) => state === 'all' || pull.state === state).map(pullView);
}

export function requirePullState(repo: RepoState, number: number): PullState {
  const pull = repo.pulls.get(number);
  if (!pull) throw new Error(`fake GitHub: no pull request #${number} in ${repo.owner.login}/${repo.name}`);
  return pull;
}

export function comments(repo: RepoState, number: number): CommentView[] {
  return repo.comments
    .filter((comment) => comment.issueNumber === number)
    .map((comment) => ({ id: comment.id, body: comment.body, user: comment.user.login, createdAt: comment.createdAt }));
}

export function checkRuns(repo: RepoState, filter: { headSha?: string; name?: string } = {}): CheckRunView[] {
  return repo.checkRuns
    .filter(
      (run) => (filter.headSha === undefined || run.headSha === filter.headSha) && (filter.name === undefined || run.name === filter.name),
    )
    .map((run) => ({
      id: run.id,
      name: run.name,
      headSha: run.headSha,
      status: run.status,
      conclusion: run.conclusion,
      output: { ...run.output },
      annotations: run.annotations.map((annotation) => ({ ...annotation })),
    }));
}

export function labels(repo: RepoState): LabelView[] {
  return [...repo.labels.values()].map((label) => ({ name: label.name, color: label.color, description: label.description }));
}
