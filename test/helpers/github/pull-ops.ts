/** Pull request behaviour shared by the HTTP routes and the test-side API: open, details, merge, close, reopen. */
import { commitChanges, commitsBetween, diffTrees, mergeBase, mergeTrees, type FileChange } from './git-graph.js';
import type { CommitObject } from './git-store.js';
import { fail, validationFailed } from './http.js';
import { branchHead, branchRef, writeRef } from './refs.js';
import type { PullDetails } from './shapes-pulls.js';
import { nodeId, type Account, type FakeState, type PullState, type RepoState } from './state.js';

function baseHeadOf(repo: RepoState, pull: PullState): string | undefined {
  return branchHead(repo, pull.baseRef);
}

/** Commits on the PR branch that its base lacks (for a merged PR: those the merge brought in). */
export function pullCommits(repo: RepoState, pull: PullState): CommitObject[] {
  const merge = pull.mergeCommitSha === null ? undefined : repo.git.commits.get(pull.mergeCommitSha);
  const exclude = merge?.parents[0] ?? baseHeadOf(repo, pull);
  return commitsBetween(repo.git, exclude === undefined ? [] : [exclude], pull.headSha);
}

/** What the PR changes: its head against the merge base with the base branch (GitHub's three-dot diff). */
export function pullChanges(repo: RepoState, pull: PullState): FileChange[] {
  const baseHead = pull.mergeCommitSha === null ? baseHeadOf(repo, pull) : repo.git.commits.get(pull.mergeCommitSha)?.parents[0];
  const base = baseHead === undefined ? undefined : mergeBase(repo.git, baseHead, pull.headSha);
  const head = repo.git.requireCommit(pull.headSha);
  return diffTrees(repo.git, base === undefined ? undefined : repo.git.requireCommit(base).tree, head.tree);
}

function conflicts(repo: RepoState, pull: PullState): readonly string[] {
  const baseHead = baseHeadOf(repo, pull);
  if (baseHead === undefined) return [];
  const base = mergeBase(repo.git, baseHead, pull.headSha);
  const outcome = mergeTrees(
    repo.git,
    base === undefined ? undefined : repo.git.requireCommit(base).tree,
    repo.git.requireCommit(baseHead).tree,
    repo.git.requireCommit(pull.headSha).tree,
  );
  return outcome.ok ? [] : outcome.conflicts;
}

export function pullDetails(
  repo: RepoState,
  pull: PullState,
  statsFor: (changes: FileChange[]) => { additions: number; deletions: number },
): PullDetails {
  const changes = pullChanges(repo, pull);
  const open = pull.state === 'open';
  const clean = open && conflicts(repo, pull).length === 0;
  return {
    mergeable: open ? clean : null,
    mergeableState: open ? (clean ? 'clean' : 'dirty') : 'unknown',
    commits: pullCommits(repo, pull).length,
    ...statsFor(changes),
    changedFiles: changes.length,
  };
}

export interface OpenPullInput {
  readonly head: string;
  readonly base: string;
  readonly title: string;
  readonly body: string | null;
  readonly draft: boolean;
  readonly user: Account;
}

/** Creates a PR with GitHub's validations (422s); throws HttpFailure. */
export function openPull(state: FakeState, repo: RepoState, input: OpenPullInput): PullState {
  const headRef = input.head.includes(':') ? input.head.slice(input.head.indexOf(':') + 1) : input.head;
  const headOwner = input.head.includes(':') ? input.head.slice(0, input.head.indexOf(':')) : repo.owner.login;
  const headSha = headOwner.toLowerCase() === repo.owner.login.toLowerCase() ? branchHead(repo, headRef) : undefined;
  const baseSha = branchHead(repo, input.base);
  if (baseSha === undefined) validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
  if (headSha === undefined) validationFailed([{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
  const duplicate = [...repo.pulls.values()].some(
    (pull) => pull.state === 'open' && pull.headRef === headRef && pull.baseRef === input.base,
  );
  if (duplicate)
    validationFailed([
      { resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${repo.owner.login}:${headRef}.` },
    ]);
  if (commitsBetween(repo.git, [baseSha], headSha).length === 0) {
    validationFailed([{ resource: 'PullRequest', code: 'custom', message: `No commits between ${input.base} and ${headRef}` }]);
  }
  const id = state.nextId();
  const at = state.timestamp();
  const pull: PullState = {
    number: repo.nextNumber++,
    id,
    nodeId: nodeId('PR', id),
    user: input.user,
    createdAt: at,
    title: input.title,
    body: input.body,
    state: 'open',
    headRef,
    headSha,
    baseRef: input.base,
    draft: input.draft,
    updatedAt: at,
    closedAt: null,
    mergedAt: null,
    mergedBy: null,
    mergeCommitSha: null,
    labels: [],
    assignees: [],
    requestedReviewers: [],
    requestedTeams: [],
  };
  repo.pulls.set(pull.number, pull);
  return pull;
}

export function closePullRequest(state: FakeState, pull: PullState): void {
  if (pull.state === 'closed') return;
  pull.state = 'closed';
  pull.closedAt = state.timestamp();
  pull.updatedAt = pull.closedAt;
}

/** Reopening needs the head branch and no other open PR for the same head and base, as on GitHub. */
export function reopenPullRequest(state: FakeState, repo: RepoState, pull: PullState): void {
  if (pull.state === 'open') return;
  if (pull.mergedAt !== null)
    fail(422, 'Validation Failed', [
      { resource: 'PullRequest', code: 'custom', message: 'state cannot be changed. The pull request cannot be reopened.' },
    ]);
  const head = branchHead(repo, pull.headRef);
  const other = [...repo.pulls.values()].some(
    (p) => p !== pull && p.state === 'open' && p.headRef === pull.headRef && p.baseRef === pull.baseRef,
  );
  if (head === undefined || other)
    fail(422, 'Validation Failed', [
      {
        resource: 'PullRequest',
        code: 'custom',
        message: 'state cannot be changed. The head branch was deleted or another pull request is open.',
      },
    ]);
  pull.headSha = head;
  pull.state = 'open';
  pull.closedAt = null;
  pull.updatedAt = state.timestamp();
}

export type MergeMethod = 'merge' | 'squash' | 'rebase';

/** Merges like the "Merge pull request" button: 405 when not mergeable, 409 when `sha` is not the head. */
export function mergePullRequest(
  state: FakeState,
  repo: RepoState,
  pull: PullState,
  by: Account,
  options: { method: MergeMethod; sha?: string; title?: string; message?: string },
): string {
  if (pull.state !== 'open') fail(405, 'Pull Request is not mergeable');
  if (options.sha !== undefined && options.sha !== pull.headSha) fail(409, 'Head branch was modified. Review and try the merge again.');
  const baseHead = baseHeadOf(repo, pull);
  if (baseHead === undefined || conflicts(repo, pull).length > 0) fail(405, 'Pull Request is not mergeable');
  const person = { name: by.login, email: `${by.id}+${by.login}@users.noreply.github.com`, date: state.timestamp() };
  const make = (tree: string, parents: string[], message: string): CommitObject =>
    repo.git.putCommit({
      tree,
      parents,
      message,
      author: person,
      committer: person,
      verified: true,
      authorLogin: by.login,
      committerLogin: by.login,
    });
  const base = mergeBase(repo.git, baseHead, pull.headSha);
  const baseTree = base === undefined ? undefined : repo.git.requireCommit(base).tree;
  const merged = mergeTrees(repo.git, baseTree, repo.git.requireCommit(baseHead).tree, repo.git.requireCommit(pull.headSha).tree);
  if (!merged.ok) return fail(405, 'Pull Request is not mergeable');
  let tip: CommitObject;
  if (options.method === 'merge') {
    const title = options.title ?? `Merge pull request #${pull.number} from ${repo.owner.login}/${pull.headRef}`;
    tip = make(merged.tree, [baseHead, pull.headSha], `${title}\n\n${options.message ?? pull.title}`);
  } else if (options.method === 'squash') {
    const commits = pullCommits(repo, pull);
    const body = options.message ?? commits.map((commit) => `* ${commit.message}`).join('\n\n');
    tip = make(merged.tree, [baseHead], `${options.title ?? `${pull.title} (#${pull.number})`}\n\n${body}`);
  } else {
    tip = repo.git.requireCommit(baseHead);
    for (const commit of pullCommits(repo, pull)) {
      const parentTree = commit.parents[0] === undefined ? undefined : repo.git.requireCommit(commit.parents[0]).tree;
      const step = mergeTrees(repo.git, parentTree, tip.tree, commit.tree);
      if (!step.ok || commitChanges(repo.git, commit).length === 0) continue;
      tip = repo.git.putCommit({
        ...commit,
        tree: step.tree,
        parents: [tip.sha],
        committer: person,
        verified: true,
        committerLogin: by.login,
      });
    }
  }
  writeRef(state, repo, branchRef(pull.baseRef), tip.sha);
  pull.state = 'closed';
  pull.mergedAt = state.timestamp();
  pull.closedAt = pull.mergedAt;
  pull.updatedAt = pull.mergedAt;
  pull.mergedBy = by;
  pull.mergeCommitSha = tip.sha;
  return tip.sha;
}
