/** Ref reading and writing. Every ref write goes through writeRef so open pull requests follow their head branch. */
import { commitChanges, commitsBetween } from './git-graph.js';
import { isFullSha } from './git-objects.js';
import type { FakeState, RepoState } from './state.js';

export function branchRef(branch: string): string {
  return `refs/heads/${branch}`;
}

export function branchHead(repo: RepoState, branch: string): string | undefined {
  return repo.refs.get(branchRef(branch));
}

/** A full ref name from what callers pass: `heads/x` and `tags/x` (REST) or `refs/heads/x`. */
export function fullRefName(ref: string): string {
  return ref.startsWith('refs/') ? ref : `refs/${ref}`;
}

/** A commit sha from a sha, branch, tag or full ref name, as `?ref=` and `commits/{ref}` accept. */
export function resolveCommitish(repo: RepoState, ref: string): string | undefined {
  if (isFullSha(ref) && repo.git.commits.has(ref)) return ref;
  for (const candidate of [ref, `refs/${ref}`, `refs/heads/${ref}`, `refs/tags/${ref}`]) {
    const sha = repo.refs.get(candidate);
    if (sha !== undefined) return sha;
  }
  return undefined;
}

/**
 * Sets (sha) or deletes (null) a ref. Open PRs whose head is this branch take the new head; deleting a
 * PR's head or base branch closes it, as GitHub does.
 */
export function writeRef(state: FakeState, repo: RepoState, name: string, sha: string | null): void {
  if (sha === null) repo.refs.delete(name);
  else repo.refs.set(name, sha);
  repo.pushedAt = state.timestamp();
  if (!name.startsWith('refs/heads/')) return;
  const branch = name.slice('refs/heads/'.length);
  for (const pull of repo.pulls.values()) {
    if (pull.state !== 'open') continue;
    if (pull.headRef === branch && sha !== null && pull.headSha !== sha) {
      pull.headSha = sha;
      pull.updatedAt = state.timestamp();
    }
    if (sha === null && (pull.headRef === branch || pull.baseRef === branch)) {
      pull.state = 'closed';
      pull.closedAt = state.timestamp();
      pull.updatedAt = pull.closedAt;
    }
  }
}

/**
 * Workflow files changed by the commits a ref write would introduce (commits no existing ref reaches).
 * GitHub refuses such writes from an app without the `workflows` permission.
 */
export function workflowFilesIntroduced(repo: RepoState, newSha: string): string[] {
  const touched = new Set<string>();
  for (const commit of commitsBetween(repo.git, [...repo.refs.values()], newSha)) {
    for (const change of commitChanges(repo.git, commit)) {
      if (change.path.startsWith('.github/workflows/')) touched.add(change.path);
    }
  }
  return [...touched].sort();
}
