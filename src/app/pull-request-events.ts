import type { ConfigFileParser } from '../config/config-file.js';
import { reportConfigCheck } from '../github/checks.js';
import { APP_CONFIG_PATH, loadRepoConfig } from '../github/config.js';
import { listPullFiles, type PullFile } from '../github/pulls.js';
import { deleteBranch } from '../github/refs.js';
import type { GitHubClient, RepoRef } from '../github/types.js';
import { isAppBranch } from '../pr/branches.js';
import { parseMarker } from '../pr/marker.js';
import type { AppLogger } from '../telemetry/logger.js';
import { checkPolicy, type PolicyCheckDeps } from '../repository/policy-check.js';

/** The parts of a `pull_request` webhook payload these handlers read. */
export interface PullRequestPayload {
  readonly pull_request: {
    readonly number: number;
    readonly merged?: boolean | null;
    readonly body: string | null;
    readonly head: { readonly ref: string; readonly sha: string; readonly repo: { readonly full_name: string } | null };
    readonly base: {
      readonly sha: string;
      readonly repo: { readonly full_name: string; readonly name: string; readonly owner: { readonly login: string } | null };
    };
  };
}

/** The repository a pull request targets (its base). */
export function pullRequestRepoRef(payload: PullRequestPayload): RepoRef {
  const { base } = payload.pull_request;
  // The owner is null only for a deleted account; the full name still says who it was.
  return { owner: base.repo.owner?.login ?? base.repo.full_name.split('/')[0] ?? '', repo: base.repo.name };
}

function fromSameRepository(payload: PullRequestPayload): boolean {
  const { head, base } = payload.pull_request;
  return head.repo?.full_name.toLowerCase() === base.repo.full_name.toLowerCase();
}

/**
 * One of the app's PRs was closed. The closed PR itself is the memory of what a reviewer
 * declined (later runs read its marker), so all that is left is tidying its branch: deleted
 * only while its head is still the app's own commit.
 */
export async function handleClosedPullRequest(octokit: GitHubClient, payload: PullRequestPayload, log: AppLogger): Promise<void> {
  const pull = payload.pull_request;
  if (!isAppBranch(pull.head.ref) || !fromSameRepository(payload)) return;
  const marker = parseMarker(pull.body);
  if (!marker.ok || marker.marker.branch !== pull.head.ref) return;
  const merged = pull.merged === true;
  log.info({ pull: pull.number, merged, updates: marker.marker.updates.length }, merged ? 'pull request merged' : 'pull request declined');
  if (pull.head.sha !== marker.marker.headSha) return;
  const outcome = await deleteBranch(octokit, pullRequestRepoRef(payload), pull.head.ref, marker.marker.headSha);
  log.debug({ pull: pull.number, branch: pull.head.ref, outcome: outcome.kind }, 'closed pull request branch');
}

/**
 * A pull request was opened or updated: a PR that edits `.github/pinbot.yml` (or `.yaml`) gets
 * a `pinbot` check saying whether the new config is valid, and, when the base's config has a
 * `policy`, the head gets the `pinbot / policy` check run. Forks are left alone (their head is
 * not this repository's to annotate). Cost: 1 request (the file list) plus what each check needs.
 */
export async function handlePullRequestChecks(
  octokit: GitHubClient,
  payload: PullRequestPayload,
  log: AppLogger,
  policy: Omit<PolicyCheckDeps, 'octokit' | 'log'>,
): Promise<void> {
  if (!fromSameRepository(payload)) return;
  const pull = payload.pull_request;
  const repo = pullRequestRepoRef(payload);
  const files = await listPullFiles(octokit, repo, pull.number);
  await checkConfigChange(octokit, repo, pull, files, log, policy.parseConfigFile);
  await checkPolicy({ ...policy, octokit, log }, { repo, headSha: pull.head.sha, configRef: pull.base.sha, touched: files });
}

const CONFIG_PATHS: readonly string[] = [APP_CONFIG_PATH, '.github/pinbot.yaml'];

/** The config as the PR would leave it, checked before it is merged. Cost: 1 request, only when the PR edits it. */
async function checkConfigChange(
  octokit: GitHubClient,
  repo: RepoRef,
  pull: PullRequestPayload['pull_request'],
  files: readonly PullFile[],
  log: AppLogger,
  parse: ConfigFileParser,
): Promise<void> {
  // Either spelling the scan reads; the file the PR edits is the one checked.
  const edited = files.find((file) => CONFIG_PATHS.includes(file.path) && file.status !== 'removed');
  if (edited === undefined) return;
  // The config of the exact commit the check is attached to: the branch may have moved since.
  const loaded = await loadRepoConfig(octokit, repo, { branch: pull.head.sha, path: edited.path, parse });
  await reportConfigCheck(octokit, repo, { headSha: pull.head.sha, errors: loaded.ok ? null : loaded.errors });
  log.info({ pull: pull.number, valid: loaded.ok }, 'configuration change checked');
}
