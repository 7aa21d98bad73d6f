import { isAppCommit } from '../github/commit-authorship.js';
import { listOpenAppPulls } from '../github/pulls.js';
import type { GitHubClient, RepoRef } from '../github/types.js';
import type { OpenAppPull } from './decide.js';
import type { AppLogger } from '../telemetry/logger.js';

export interface OpenPulls {
  readonly pulls: readonly OpenAppPull[];
  /** Branches of app-looking PRs whose marker can't be read: nothing is proposed on them. */
  readonly blockedBranches: ReadonlySet<string>;
}

/**
 * The app's open PRs as the lifecycle sees them. A head that differs from the marker's is a
 * human's commit unless GitHub says the app wrote it: a run can move a branch and then fail to
 * record the new head in the PR body, and that PR must not be handed over to nobody. A head
 * already reported as a human's is not asked about again. Fails closed (throws) like the list.
 *
 * Cost: one request per 100 open PRs; +2 per PR whose head moved to a commit not yet judged.
 */
export async function readOpenPulls(
  octokit: GitHubClient,
  repo: RepoRef,
  appLogin: string | undefined,
  log: AppLogger,
): Promise<OpenPulls> {
  const open = await listOpenAppPulls(octokit, repo, appLogin);
  for (const pull of open.unreadable)
    log.warn({ pull: pull.number, reason: pull.reason }, 'app branch PR without a readable marker left alone');
  const pulls: OpenAppPull[] = [];
  for (const pull of open.pulls) {
    const { marker } = pull;
    const unexplained = pull.headSha !== marker.headSha && pull.headSha !== marker.humanCommitNotified;
    const adopted = unexplained && (await isAppCommit(octokit, repo, pull.headSha, marker.headSha));
    if (adopted) log.info({ pull: pull.number, head: pull.headSha }, 'branch head is the app’s own commit; PR refreshed');
    pulls.push({
      number: pull.number,
      branch: pull.branch,
      headSha: pull.headSha,
      marker,
      title: pull.title,
      body: pull.body,
      baseRef: pull.baseRef,
      adopted,
    });
  }
  return { pulls, blockedBranches: new Set(open.unreadable.map((pull) => pull.branch)) };
}
