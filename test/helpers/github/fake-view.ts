/** The inspection half of the fake GitHub's test-side API: read state as snapshots and the request log. */
import * as inspect from './inspect.js';
import type { LoggedRequest, RequestLog } from './request-log.js';
import type { FakeState, RepoState } from './state.js';

export class FakeGitHubView {
  constructor(
    readonly state: FakeState,
    protected readonly log: RequestLog,
  ) {}

  // Inspection -----------------------------------------------------------------------------------

  repoInfo(owner: string, repo: string): { id: number; nodeId: string; defaultBranch: string } {
    const state = this.repo(owner, repo);
    return { id: state.id, nodeId: state.nodeId, defaultBranch: state.defaultBranch };
  }

  readFile(owner: string, repo: string, ref: string, path: string): Uint8Array | undefined {
    return inspect.readFile(this.repo(owner, repo), ref, path);
  }

  readText(owner: string, repo: string, ref: string, path: string): string | undefined {
    const bytes = this.readFile(owner, repo, ref, path);
    return bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8');
  }

  listFiles(owner: string, repo: string, ref: string): string[] | undefined {
    return inspect.listFiles(this.repo(owner, repo), ref);
  }

  branchHead(owner: string, repo: string, branch: string): string | undefined {
    return inspect.head(this.repo(owner, repo), branch);
  }

  branches(owner: string, repo: string): string[] {
    return inspect.branches(this.repo(owner, repo));
  }

  commit(owner: string, repo: string, sha: string): inspect.CommitView | undefined {
    return inspect.commitView(this.repo(owner, repo), sha);
  }

  listPulls(owner: string, repo: string, filter?: { state?: 'open' | 'closed' | 'all' }): inspect.PullView[] {
    return inspect.pulls(this.repo(owner, repo), filter);
  }

  pull(owner: string, repo: string, number: number): inspect.PullView {
    return inspect.pullView(inspect.requirePullState(this.repo(owner, repo), number));
  }

  comments(owner: string, repo: string, number: number): inspect.CommentView[] {
    return inspect.comments(this.repo(owner, repo), number);
  }

  labels(owner: string, repo: string): inspect.LabelView[] {
    return inspect.labels(this.repo(owner, repo));
  }

  checkRuns(owner: string, repo: string, filter?: { headSha?: string; name?: string }): inspect.CheckRunView[] {
    return inspect.checkRuns(this.repo(owner, repo), filter);
  }

  get requestLog(): readonly LoggedRequest[] {
    return this.log.all;
  }

  /** Requests per route template, e.g. `{ 'GET /repos/{owner}/{repo}/git/trees/{tree_sha}': 2 }`. */
  requestCounts(): Record<string, number> {
    return this.log.counts();
  }

  /** Requests GitHub would count against the rate limit: all but conditional requests answered 304. */
  get countedRequests(): readonly LoggedRequest[] {
    return this.log.counted();
  }

  resetRequestLog(): void {
    this.log.reset();
  }

  protected repo(owner: string, repo: string): RepoState {
    return this.state.requireRepo(owner, repo);
  }
}
