import { loadRepoConfig, type RepoConfigResult } from '../github/config.js';
import type { GitObjectCache } from '../github/cache.js';
import { reportPolicyCheck } from '../github/policy-check.js';
import type { PullFile } from '../github/pulls.js';
import { readCommitTree, readTree } from '../github/repo-tree.js';
import type { GitHubClient, RepoRef } from '../github/types.js';
import type { DigestAnswerCache } from '../policy/digest-cache.js';
import type { VerifyError } from '../policy/digest-existence.js';
import { verifyTree, type TreeVerdict } from '../policy/verify-tree.js';
import type { ResolveDeps } from '../resolve/resolve-and-plan.js';
import type { AppLogger } from '../telemetry/logger.js';
import { readRepository, type RepositorySnapshot } from './read-repository.js';
import type { PinbotConfig } from '../config/schema.js';
import type { FileScanner } from '../scan/pool/scan-pool.js';
import type { ConfigFileParser } from '../config/config-file.js';
import { policyWatch, sameVanished } from './policy-watch.js';
import type { PolicyWatch } from './scan-state.js';

export interface PolicyCheckDeps {
  readonly octokit: GitHubClient;
  /** The registry side: a client per config (its mirrors), for the digest existence check. */
  readonly check: ResolveDeps;
  readonly log: AppLogger;
  readonly cache?: GitObjectCache;
  readonly digestCache?: DigestAnswerCache;
  /** Scans a file off the event loop, within a budget (the process's scan pool). */
  readonly scanFile: FileScanner;
  /** Parses a config file off the event loop, within the same budget. */
  readonly parseConfigFile: ConfigFileParser;
}

export interface PolicyCheckRequest {
  readonly repo: RepoRef;
  /** The commit checked and annotated: a pull request's head, or a pushed commit. */
  readonly headSha: string;
  /**
   * Where the policy is read: a pull request is held to its base's policy, so the change being
   * checked cannot loosen the policy it is checked against. A push reads its own commit.
   */
  readonly configRef: string;
  /** The files a pull request changes; undefined for a push, where every file counts. */
  readonly touched?: readonly PullFile[];
}

export type PolicyCheckOutcome =
  | { readonly kind: 'no-policy' }
  | { readonly kind: 'invalid-config' }
  | { readonly kind: 'reported'; readonly conclusion: 'success' | 'failure'; readonly failing: number; readonly preExisting: number };

/** GitHub lists at most 3,000 files of a pull request: with that many, which were touched is unknown. */
const MAX_LISTED_FILES = 3000;

/**
 * The `pinbot / policy` check run (issue 14) for one commit, when the repository's config has a
 * `policy` section: scan the commit's tree, apply the policy, check that pinned digests exist,
 * and report. For a pull request only violations in files it changes fail the check.
 * Cost: the config (1–2 requests), the commit and tree (0–2, cached), changed blobs (cached by
 * sha), the check run (1 + 1 per 50 annotations beyond the first 50).
 */
export async function checkPolicy(deps: PolicyCheckDeps, request: PolicyCheckRequest): Promise<PolicyCheckOutcome> {
  const { octokit } = deps;
  const repo = request.repo;
  const cacheOption = deps.cache ? { cache: deps.cache } : {};
  const loaded = await loadPolicyConfig(octokit, repo, request.configRef, deps.parseConfigFile);
  // An invalid config is reported by the `pinbot` check; nothing is enforced on a guess.
  if (!loaded.ok) return { kind: 'invalid-config' };
  const config = loaded.config;
  if (config.policy === undefined) return { kind: 'no-policy' };

  const treeSha = await readCommitTree(octokit, repo, request.headSha, cacheOption);
  const listing = await readTree(octokit, repo, treeSha, cacheOption);
  const snapshot = await readRepository(octokit, repo, listing, config, deps.cache, deps.scanFile);
  return reportPolicy(deps, { repo, headSha: request.headSha, config, snapshot, ...(request.touched ? { touched: request.touched } : {}) });
}

/**
 * The check run for a tree already read under a config with a policy: the scan of the default
 * branch passes what it read, so a push costs no second read of the tree.
 */
export async function reportPolicy(
  deps: PolicyCheckDeps,
  input: {
    readonly repo: RepoRef;
    readonly headSha: string;
    readonly config: PinbotConfig;
    readonly snapshot: RepositorySnapshot;
    readonly touched?: readonly PullFile[];
  },
): Promise<PolicyCheckOutcome> {
  return postVerdict(deps, input, await verifySnapshot(deps, input));
}

function verifySnapshot(
  deps: PolicyCheckDeps,
  input: { readonly config: PinbotConfig; readonly snapshot: RepositorySnapshot },
): Promise<TreeVerdict> {
  return verifyTree(input.snapshot.scan, input.config, {
    client: deps.check.clientFor(input.config),
    ...(deps.digestCache ? { cache: deps.digestCache } : {}),
  });
}

/** Posts the check run for a verdict reached on a snapshot. */
async function postVerdict(
  deps: PolicyCheckDeps,
  input: {
    readonly repo: RepoRef;
    readonly headSha: string;
    readonly snapshot: RepositorySnapshot;
    readonly touched?: readonly PullFile[];
  },
  verdict: TreeVerdict,
): Promise<PolicyCheckOutcome> {
  const { octokit, log } = deps;
  const { repo, snapshot } = input;
  const unreadable: VerifyError[] = [...snapshot.unreadable, ...snapshot.oversized].map((file) => ({
    file,
    line: null,
    image: null,
    tag: null,
    digest: null,
    error: 'the file could not be read, so its images could not be verified',
  }));
  if (!snapshot.complete) {
    unreadable.push({ file: '.', line: null, image: null, tag: null, digest: null, error: 'the tree was too large to list whole' });
  }
  const errors = [...verdict.errors, ...unreadable];

  const touched = touchedFiles(input.touched);
  const counts = (file: string): boolean => touched === 'all' || touched.has(file);
  const failing = verdict.violations.filter((violation) => counts(violation.file));
  const preExisting = verdict.violations.filter((violation) => !counts(violation.file));
  const report = await reportPolicyCheck(octokit, repo, input.headSha, {
    failing,
    preExisting,
    errors,
    failingErrors: errors.filter((error) => counts(error.file)).length,
    checked: verdict.checked,
    digests: verdict.digests,
    pullRequest: input.touched !== undefined,
  });
  log.info(
    {
      sha: input.headSha,
      conclusion: report.conclusion,
      violations: failing.length,
      preExisting: preExisting.length,
      errors: errors.length,
    },
    'policy checked',
  );
  return { kind: 'reported', conclusion: report.conclusion, failing: failing.length, preExisting: preExisting.length };
}

/**
 * The default branch's head gets the policy check from the scan that read it (a push, an
 * installation, the scheduler): once per commit and set of vanished digests, and again when
 * that set differs from what the check run `posted` on this same commit said, since a digest
 * deleted from its registry (or restored) turns the verdict without any commit (issue 14).
 * Returns what the scan state keeps for quiet cycles to watch (policy-watch.ts); undefined
 * without a policy, or when the check failed: that is logged, never the scan's failure.
 */
export async function checkDefaultBranchPolicy(
  deps: PolicyCheckDeps & { readonly firstNotice?: (key: string) => boolean | Promise<boolean> },
  input: {
    readonly repo: RepoRef;
    readonly headSha: string;
    readonly config: PinbotConfig;
    readonly snapshot: RepositorySnapshot;
    /** The vanished digests of the check run last posted on `headSha`, when the scan state knows them. */
    readonly posted?: readonly string[];
  },
): Promise<PolicyWatch | undefined> {
  if (input.config.policy === undefined) return undefined;
  try {
    const verdict = await verifySnapshot(deps, input);
    const watch = policyWatch(verdict.violations, input.snapshot.scan.skipped);
    const first = await (deps.firstNotice?.(`policy:${input.repo.owner}/${input.repo.repo}@${input.headSha}:${watch.vanished.join(' ')}`) ??
      true);
    const turned = input.posted !== undefined && !sameVanished(input.posted, watch.vanished);
    if (first || turned) await postVerdict(deps, input, verdict);
    return watch;
  } catch (error) {
    deps.log.error({ err: error, sha: input.headSha }, 'policy check failed');
    return undefined;
  }
}

/** Files a pull request adds, changes or renames (a removed file has no violations left); all when the list may be cut short. */
function touchedFiles(files: readonly PullFile[] | undefined): ReadonlySet<string> | 'all' {
  if (files === undefined || files.length >= MAX_LISTED_FILES) return 'all';
  return new Set(files.filter((file) => file.status !== 'removed').map((file) => file.path));
}

/** `.github/pinbot.yml`, or `.github/pinbot.yaml` when the repository spells it so. */
async function loadPolicyConfig(octokit: GitHubClient, repo: RepoRef, ref: string, parse: ConfigFileParser): Promise<RepoConfigResult> {
  const own = (result: RepoConfigResult): boolean =>
    result.ok && result.files.some((file) => `${file.owner}/${file.repo}`.toLowerCase() === `${repo.owner}/${repo.repo}`.toLowerCase());
  const loaded = await loadRepoConfig(octokit, repo, { branch: ref, parse });
  if (!loaded.ok || own(loaded)) return loaded;
  const yaml = await loadRepoConfig(octokit, repo, { branch: ref, path: '.github/pinbot.yaml', parse });
  return !yaml.ok || own(yaml) ? yaml : loaded;
}
