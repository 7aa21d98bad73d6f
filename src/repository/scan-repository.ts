import { resolveAndPlan, type ResolveDeps } from '../resolve/resolve-and-plan.js';
import type { GitObjectCache } from '../github/cache.js';
import { reportConfigCheck } from '../github/checks.js';
import { APP_CONFIG_PATH, loadRepoConfig } from '../github/config.js';
import { GitHubError } from '../github/errors.js';
import { describeRepository, type RepositoryTarget } from './describe-repository.js';
import { getPullMergeability } from '../github/pulls.js';
import { readDefaultBranch } from '../github/repo-tree.js';
import { repositoryNameProblem } from '../github/names.js';
import type { RepoRef } from '../github/types.js';
import type { FileScanner } from '../scan/pool/scan-pool.js';
import type { ConfigFileParser } from '../config/config-file.js';
import { isWithinSchedule, parseSchedule } from '../schedule/schedule.js';
import { applyDecisions, type LifecycleDeps } from '../lifecycle/apply-decisions.js';
import { removeDeclined } from '../lifecycle/declines.js';
import { decideLifecycle, type PullDecision } from '../lifecycle/decide.js';
import type { AppLogger } from '../telemetry/logger.js';
import { readOpenPulls } from '../lifecycle/open-pulls.js';
import { buildProposals, isWorkflowFile, toProposed } from '../lifecycle/proposals.js';
import { describeFailure, describeProblem, MAX_LOGGED_FAILURES, noWrites } from './log-fields.js';
import { proposePinningPull, resolvePinsIfEnabled } from './pin-run.js';
import { configPathIn, listTree, readRepository } from './read-repository.js';
import { unscannableFiles, unscannableNote } from './unscannable.js';
import { checkDefaultBranchPolicy } from './policy-check.js';
import type { DigestAnswerCache } from '../policy/digest-cache.js';
import { keptWhileWaiting } from '../lifecycle/waiting.js';
import { quietCheck } from './quiet-check.js';
import type { OwnerConfigWatch } from './owner-config.js';
import { configInheritance, stateAfterScan, type FinishedScan, type ScannedResult } from './record-state.js';
import { scanStateKey, type ScanStateStore } from './scan-state.js';

export type { RepositoryTarget } from './describe-repository.js';

export interface ScanDeps extends LifecycleDeps {
  readonly check: ResolveDeps;
  /** Scans a file off the event loop, within a budget (the process's scan pool). */
  readonly scanFile: FileScanner;
  /** Parses a config file off the event loop, within the same budget. */
  readonly parseConfigFile: ConfigFileParser;
  /** Whether this installation may write `.github/workflows/` (asked only when it matters). */
  readonly canWriteWorkflows: () => Promise<boolean>;
  readonly now: () => Date;
  readonly log: AppLogger;
  readonly cache?: GitObjectCache;
  /**
   * True the first time a notice is due for this key (repository and commit); a long-running
   * app passes a memory so a rescan of an unchanged commit doesn't post the same check again.
   */
  readonly firstNotice?: (key: string) => boolean | Promise<boolean>;
  /** Digests known to exist, shared by policy checks (issue 14). */
  readonly digestCache?: DigestAnswerCache;
  /**
   * What earlier full scans found, per repository: lets a scheduled scan of a quiet repository
   * skip every GitHub read (issue 13). Without it, every scan reads the repository.
   */
  readonly scanState?: ScanStateStore;
  /** The owner's `.github/pinbot.yml` version, for repositories that inherit it (with `scanState`). */
  readonly ownerConfig?: OwnerConfigWatch;
}

export interface ScanOptions {
  /**
   * May the stored state stand in for reading the repository when nothing changed? True for the
   * scheduled walk; false (default) for events, which say something changed.
   */
  readonly quiet?: boolean;
}

export type ScanOutcome =
  | { readonly kind: 'skipped'; readonly reason: 'archived' | 'disabled' | 'fork' }
  | { readonly kind: 'invalid-config'; readonly errors: readonly string[] }
  | { readonly kind: 'empty-repository' }
  /** Something needed to decide safely could not be read: nothing was written. */
  | { readonly kind: 'no-writes'; readonly reason: string }
  /** Nothing changed since the last full scan, and the registries agree: no GitHub request was made for the repository. */
  | { readonly kind: 'unchanged'; readonly references: number }
  | {
      readonly kind: 'scanned';
      readonly references: number;
      readonly stale: number;
      /** With `pin` on: tag-only references whose tags resolved, pinned or to be pinned. */
      readonly pinnable?: number;
      /** New digests held back by minimumReleaseAge. */
      readonly waiting?: number;
      readonly decisions: ReadonlyArray<PullDecision['kind']>;
    };

/**
 * The one use case every trigger ends in: read the default branch, resolve its pins, and bring
 * the app's pull requests in line. Fails closed: when the config, the tree, a candidate file or
 * the PR list can't be read, the repository gets no writes this run; a pin whose registry can't
 * answer holds every PR that proposes its image.
 */
export async function scanRepository(deps: ScanDeps, given: RepositoryTarget, options: ScanOptions = {}): Promise<ScanOutcome> {
  const { octokit, log } = deps;
  // Names reach URLs: a trigger carrying `..` or `%2f` must not steer a request outside its repository (issue 8).
  const invalidName = repositoryNameProblem(given);
  if (invalidName !== undefined) return noWrites(log, invalidName);
  const repo: RepoRef = { owner: given.owner, repo: given.repo };
  const cacheOption = deps.cache ? { cache: deps.cache } : {};
  const target = await describeRepository(octokit, given);
  if (target.archived) return { kind: 'skipped', reason: 'archived' };
  if (target.disabled) return { kind: 'skipped', reason: 'disabled' };
  const key = scanStateKey(repo.owner, repo.repo);
  if (options.quiet && deps.scanState) {
    const quiet = await quietCheck({ ...deps, scanState: deps.scanState }, { ...target, pushedAt: given.pushedAt }, key);
    if (quiet.kind === 'quiet') return { kind: 'unchanged', references: quiet.references };
    log.debug({ reason: quiet.reason }, 'full scan');
  }
  const readAt = deps.now().getTime();
  let head;
  try {
    head = await readDefaultBranch(octokit, repo, { ...cacheOption, branch: target.defaultBranch });
  } catch (error) {
    if (error instanceof GitHubError && error.status === 409) return { kind: 'empty-repository' };
    throw error;
  }
  // What the policy check run on this very commit said, if a quiet cycle is why it is read again.
  const before = await deps.scanState?.get(key);
  const posted = before?.headSha === head.headSha ? before.policy?.vanished : undefined;
  // Forgotten first: if this scan fails or writes, the next one must read everything again.
  await deps.scanState?.delete(key);
  const remember = async (configFiles: FinishedScan['configFiles'], result: ScannedResult | 'inert'): Promise<void> => {
    if (deps.scanState === undefined) return;
    const ownerConfig =
      deps.ownerConfig && configInheritance(repo, configFiles) === 'owner'
        ? await deps.ownerConfig.version(octokit, repo.owner)
        : undefined;
    const state = stateAfterScan({ repo, head, pushedAt: given.pushedAt, readAt, configFiles, ownerConfig }, result);
    if (state !== undefined) await deps.scanState.set(key, state);
  };

  let loaded = await loadRepoConfig(octokit, repo, { parse: deps.parseConfigFile });
  const rejectConfig = async (errors: readonly string[]): Promise<ScanOutcome> => {
    // Once per commit and set of errors: a rescan of the same broken commit adds no check run.
    const notice = `config:${repo.owner}/${repo.repo}@${head.headSha}:${errors.join('\n')}`;
    if (await (deps.firstNotice?.(notice) ?? true)) await reportConfigCheck(octokit, repo, { headSha: head.headSha, errors });
    log.warn({ errors }, 'invalid configuration');
    await remember(undefined, 'inert');
    return { kind: 'invalid-config', errors };
  };
  if (!loaded.ok) return rejectConfig(loaded.errors);
  const skipFork = async (files: FinishedScan['configFiles']): Promise<ScanOutcome> => {
    await remember(files, 'inert');
    return { kind: 'skipped', reason: 'fork' };
  };
  if (target.fork && !loaded.config.forks) return skipFork(loaded.files);

  const listing = await listTree(octokit, repo, head, deps.cache);
  // The usual spelling was read above; a repository that spells it `.yaml` costs one more request.
  const configPath = configPathIn(listing);
  if ('error' in configPath) return rejectConfig([configPath.error]);
  if (configPath.path !== APP_CONFIG_PATH) {
    loaded = await loadRepoConfig(octokit, repo, { path: configPath.path, parse: deps.parseConfigFile });
    if (!loaded.ok) return rejectConfig(loaded.errors);
    if (target.fork && !loaded.config.forks) return skipFork(loaded.files);
  }
  const config = loaded.config;

  const snapshot = await readRepository(octokit, repo, listing, config, deps.cache, deps.scanFile);
  const policy = await checkDefaultBranchPolicy(deps, {
    repo,
    headSha: head.headSha,
    config,
    snapshot,
    ...(posted === undefined ? {} : { posted }),
  });
  if (snapshot.unreadable.length > 0) return noWrites(log, `could not read ${snapshot.unreadable.join(', ')}`);
  // One resolver for pins and tag-only references alike: a tag used both ways costs one HEAD.
  const check: ResolveDeps = { ...deps.check, resolvers: new Map() };
  const plan = await resolveAndPlan(snapshot.scan, config, check);
  const pinning = await resolvePinsIfEnabled(snapshot.scan, config, check, log);
  // A pin that could not be resolved (a registry down, a 429 that outlasted the retries, a 401)
  // changes nothing it touches: its image counts as unresolved, so a PR proposing it is held as
  // it is, never shrunk or closed; pins of other images go ahead.
  log.info(
    { references: snapshot.scan.references.length, stale: plan.updates.length, waiting: plan.waiting.length, failed: plan.errors.length },
    'repository scanned',
  );
  if (plan.errors.length > 0)
    log.warn({ failures: plan.errors.slice(0, MAX_LOGGED_FAILURES).map(describeFailure) }, 'some pins could not be resolved');
  if (snapshot.scan.problems.length > 0)
    log.warn({ problems: snapshot.scan.problems.slice(0, MAX_LOGGED_FAILURES).map(describeProblem) }, 'some files could not be scanned');
  const unscannable = unscannableFiles(snapshot.oversized, snapshot.scan.problems);
  if (unscannable.size > 0) {
    const files = [...unscannable].slice(0, MAX_LOGGED_FAILURES).map(([file, reason]) => describeProblem({ file, message: reason }));
    log.warn({ files }, 'pull requests that change these files are left as they are');
  }

  const { pulls: openPulls, blockedBranches } = await readOpenPulls(octokit, repo, deps.appLogin, log);

  // Pins whose newer digest is waiting out minimumReleaseAge keep what their open PR proposes.
  const planned = [...plan.updates, ...keptWhileWaiting(plan.waiting, openPulls, deps.check.explainCaches?.explanations)];
  const proposed = planned.map(toProposed);
  const touched = [...proposed.map((update) => update.file), ...(pinning?.pins ?? []).map((pin) => pin.reference.file)];
  const canWriteWorkflows = touched.some(isWorkflowFile) ? await deps.canWriteWorkflows() : true;
  const built = buildProposals(proposed, config.group, canWriteWorkflows);
  const updateProposals = (await removeDeclined(octokit, repo, built.proposals, openPulls, deps.appLogin)).filter(
    (proposal) => !blockedBranches.has(proposal.group.branch),
  );
  const pinningPull = await proposePinningPull(
    { octokit, repo, appLogin: deps.appLogin, log },
    pinning,
    updateProposals,
    { pulls: openPulls, blockedBranches },
    canWriteWorkflows,
  );
  const proposals = [...updateProposals, ...(pinningPull.proposal === undefined ? [] : [pinningPull.proposal])];
  const omittedWorkflowFiles = [...new Set([...built.omittedWorkflowFiles, ...pinningPull.omittedWorkflowFiles])].sort();

  const schedule = parseSchedule(config.schedule, config.timezone);
  const conflicted = new Set<number>();
  if (config.rebaseWhen === 'conflicted') {
    for (const pull of openPulls.filter((p) => p.marker.baseSha !== head.headSha)) {
      if ((await getPullMergeability(octokit, repo, pull.number)).mergeableState === 'dirty') conflicted.add(pull.number);
    }
  }
  let decisions = decideLifecycle({
    groups: proposals.map((proposal) => proposal.group),
    openPulls,
    baseSha: head.headSha,
    baseBranch: head.branch,
    withinSchedule: schedule.ok ? isWithinSchedule(schedule.schedule, deps.now()) : true,
    openPullRequestsLimit: config.openPullRequestsLimit,
    rebaseWhen: config.rebaseWhen,
    conflicted,
    unresolved: new Set(
      [...plan.errors, ...(pinning?.errors ?? [])].map((failure) => `${failure.reference.image.name}:${failure.reference.image.tag}`),
    ),
    unscannable: new Set(unscannable.keys()),
  });
  if (!snapshot.complete) {
    // A truncated listing may have hidden files: closing a PR on that evidence could be wrong.
    decisions = decisions.filter((decision) => decision.kind !== 'close');
  }

  const plannedPins = pinning?.pins ?? [];
  const asDecided = await applyDecisions({ deps, repo, target, head, config, snapshot, planned, plannedPins, proposals }, decisions);
  // With pinning on, tag-only references are resolved too and the pinning PR follows their
  // tags; a digest waiting out minimumReleaseAge ripens with time, not with any change: the
  // stored state covers neither, so such a repository is read in full each time.
  const whole =
    snapshot.complete &&
    snapshot.oversized.length === 0 &&
    snapshot.scan.problems.length === 0 &&
    pinning === undefined &&
    plan.waiting.length === 0;
  await remember(loaded.files, {
    config,
    references: snapshot.scan.references,
    plan,
    decisions,
    whole,
    asDecided,
    ...(policy === undefined ? {} : { policy }),
  });
  // Said in the PR body and on the default branch's head commit, once per commit: also when
  // only workflow files were stale and no PR could be written at all.
  const notes = [
    ...(omittedWorkflowFiles.length > 0 ? [`Left out for lack of the \`workflows\` permission: ${omittedWorkflowFiles.join(', ')}`] : []),
    ...unscannableNote(unscannable),
  ];
  if (notes.length > 0 && (await (deps.firstNotice?.(`${repo.owner}/${repo.repo}@${head.headSha}`) ?? true))) {
    await reportConfigCheck(octokit, repo, { headSha: head.headSha, errors: null, notes });
  }
  return {
    kind: 'scanned',
    references: snapshot.scan.references.length,
    stale: plan.updates.length,
    ...(pinning === undefined ? {} : { pinnable: plannedPins.length }),
    ...(plan.waiting.length > 0 ? { waiting: plan.waiting.length } : {}),
    decisions: decisions.map((d) => d.kind),
  };
}
