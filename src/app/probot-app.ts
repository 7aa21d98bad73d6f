import pLimit from 'p-limit';
import type { ApplicationFunction, Context, Probot } from 'probot';
import type { ResolveDeps } from '../resolve/resolve-and-plan.js';
import type { GitObjectCache } from '../github/cache.js';
import { installationCanWriteWorkflows } from '../github/installations.js';
import type { GitHubClient } from '../github/types.js';
import { createDeliveryLog, type DeliveryLog } from './deliveries.js';
import type { AppLogger } from '../telemetry/logger.js';
import { withFields } from '../telemetry/logger.js';
import { handleClosedPullRequest, handlePullRequestChecks, pullRequestRepoRef } from './pull-request-events.js';
import type { PolicyCheckDeps } from '../repository/policy-check.js';
import { createDigestAnswerCache, type DigestAnswerCache } from '../policy/digest-cache.js';
import { createRepoQueue, type RepoQueue } from './repo-queue.js';
import { scanRepository, type RepositoryTarget, type ScanOptions, type ScanOutcome } from '../repository/scan-repository.js';
import { createMemoryScanStateStore, scanStateKey, type ScanStateStore } from '../repository/scan-state.js';
import { createOwnerConfigWatch, type OwnerConfigWatch } from '../repository/owner-config.js';
import { createWritePacer, type WritePacer } from '../github/pacing.js';
import { noTelemetry, type Telemetry } from '../telemetry/telemetry.js';
import type { FileScanner } from '../scan/pool/scan-pool.js';
import { sharedScanPool } from '../scan/pool/shared-pool.js';
import { createExplainCaches } from '../explain/caches.js';
import { createMemorySightings, type SightingStore } from '../explain/sightings.js';
import type { ConfigFileParser } from '../config/config-file.js';
import { configFileParserIn } from '../config/config-pool.js';
import { changesPulls, createOwnLogin } from './own-login.js';
import { pullRequestRepository, pullRequestWork, type PullRequestKind, type PullRequestWork } from './pull-request-work.js';

export interface PinbotAppOptions {
  /** The registry side: a client per repository config (and a verdict cache shared by all runs). */
  readonly check: ResolveDeps;
  readonly now?: () => Date;
  readonly cache?: GitObjectCache;
  readonly deliveries?: DeliveryLog;
  /** Told about every finished scan (metrics, tests). */
  readonly onScan?: (target: RepositoryTarget, outcome: ScanOutcome | { kind: 'failed'; error: string }) => void;
  /** Scan outcomes and durations, pull request writes (metrics). Default: none. */
  readonly telemetry?: Telemetry;
  /** Seconds on a monotonic clock, for scan durations. Default `performance.now() / 1000`. */
  readonly clock?: () => number;
  /**
   * Repository scans running at once across the whole app (default 4): installing the app on
   * an organisation of a thousand repositories must not start a thousand scans together.
   */
  readonly scanConcurrency?: number;
  /** Digests known to exist, shared by the policy checks of every repository (default: one hour per answer). */
  readonly digestCache?: DigestAnswerCache;
  /** Scans a file off the event loop, within a budget. Default: the process's scan pool. */
  readonly scanFile?: FileScanner;
  /** Parses a config file off the event loop, within the same budget. Default: the process's scan pool. */
  readonly parseConfigFile?: ConfigFileParser;
  /** What earlier scans found per repository (issue 13). Default: this process's memory. */
  readonly scanState?: ScanStateStore;
  /** The owner's inherited configuration, watched conditionally. Default: one per app. */
  readonly ownerConfig?: OwnerConfigWatch;
  /**
   * Paces each installation's writes under GitHub's secondary limits and waits out rate-limit
   * refusals (issue 13). Default: GitHub's limits, counted in this process.
   */
  readonly pacer?: WritePacer;
  /** When digests were first seen (minimumReleaseAge). Default: this process's memory. */
  readonly sightings?: SightingStore;
  /**
   * Where webhook-triggered scans go. Default: run here, through `scan`. A scaled App (issue 13)
   * passes its queue: any replica's worker runs them.
   */
  readonly dispatch?: ScanDispatch;
  /**
   * Notices already posted (a commit's invalid configuration, its policy check run): once per
   * commit, however many scans read it. Default: this process's memory; a scaled App shares
   * them in Redis, so a rescan on another replica posts nothing twice (issue 13).
   */
  readonly notices?: DeliveryLog;
  /**
   * Where pull request work goes once its webhook is checked and its delivery is new. Default:
   * this process runs it (after the repository lock and queue). A scaled App passes its queue,
   * so the work outlives the replica that received it (issue 13); a rejection fails the
   * webhook (5xx) and the delivery may be sent again.
   */
  readonly dispatchPullRequest?: (work: PullRequestWork, log: AppLogger) => Promise<void>;
}

/**
 * Hands a scan request to whoever runs scans, resolving once it is accepted (in memory: at once;
 * scaled: once it is in the queue in Redis). A rejection fails the webhook (5xx), so GitHub shows
 * the delivery as failed and it can be redelivered (issue 13).
 */
export type ScanDispatch = (
  octokit: GitHubClient,
  installationId: number,
  target: RepositoryTarget,
  log: AppLogger,
  options: ScanOptions,
) => Promise<void>;

export interface PinbotApp {
  readonly appFn: ApplicationFunction;
  readonly queue: RepoQueue;
  /**
   * Scans one repository with an installation's client, serialised with every other scan of it.
   * Never rejects: a failure is logged with its installation and repository, and reported as
   * `failed` (a request folded into a later scan reports `done`).
   */
  scan(
    octokit: GitHubClient,
    installationId: number,
    target: RepositoryTarget,
    log: AppLogger,
    options?: ScanOptions,
  ): Promise<'done' | 'failed'>;
  /**
   * Runs pull request work (a scaled App's worker, which holds the repository's lock) in the
   * repository's queue, after forgetting the stored scan state again if the work says so.
   * Never rejects: a failure is logged with the pull request's number and reported as `failed`.
   */
  pullRequest(octokit: GitHubClient, work: PullRequestWork, log: AppLogger): Promise<'done' | 'failed'>;
}

/**
 * Probot wiring: thin handlers that check the event, drop redeliveries, and queue the one use
 * case. The webhook is answered at once; scans run after it, one at a time per repository.
 */
export function createPinbotApp(options: PinbotAppOptions): PinbotApp {
  const deliveries = options.deliveries ?? createDeliveryLog();
  const workflowPermission = new Map<number, Promise<boolean>>();
  // Bounded like the delivery log: a forgotten notice costs one repeated check run.
  const notices = options.notices ?? createDeliveryLog(10_000);
  const telemetry = options.telemetry ?? noTelemetry;
  const scanSlots = pLimit(options.scanConcurrency ?? 4);
  const clock = options.clock ?? (() => performance.now() / 1000);
  const scanState = options.scanState ?? createMemoryScanStateStore();
  const ownerConfig = options.ownerConfig ?? createOwnerConfigWatch();
  const pacer = options.pacer ?? createWritePacer();
  // Looked up per file, so an app that never scans never starts worker threads.
  const scanFile: FileScanner = (path, text, kindPath) => (options.scanFile ?? sharedScanPool().scan)(path, text, kindPath);
  const parseConfigFile: ConfigFileParser = (text, source) =>
    (options.parseConfigFile ?? configFileParserIn(sharedScanPool()))(text, source);
  const now = options.now ?? (() => new Date());
  const policyDeps: Omit<PolicyCheckDeps, 'octokit' | 'log'> = {
    check: options.check,
    scanFile,
    parseConfigFile,
    // On the App's clock: a quiet cycle asks again whether a pinned digest exists once its answer lapses.
    digestCache: options.digestCache ?? createDigestAnswerCache({ now: () => now().getTime() }),
    ...(options.cache ? { cache: options.cache } : {}),
  };
  // PR bodies explain every change (issue 12); what is learnt by digest, and when digests were first seen, lasts the process.
  const check: ResolveDeps = {
    explain: true,
    explainCaches: createExplainCaches(),
    sightings: options.sightings ?? createMemorySightings(),
    now,
    ...options.check,
  };
  let probot: Probot | undefined;
  // Every task logs its own failure with its installation; this only catches what slips through.
  const queue = createRepoQueue((key, error) => probot?.log.error({ repository: key, err: error }, 'queued task failed'));
  const ownLogin = createOwnLogin(async () => {
    const octokit = await probot!.auth();
    const { data } = await octokit.request('GET /app');
    return data?.slug;
  });

  const scan = async (
    octokit: GitHubClient,
    installationId: number,
    target: RepositoryTarget,
    log: AppLogger,
    scanOptions: ScanOptions = {},
  ): Promise<'done' | 'failed'> => {
    const key = `${target.owner}/${target.repo}`.toLowerCase();
    let result: 'done' | 'failed' = 'done';
    await queue.run(key, () =>
      scanSlots(async () => {
        const scoped = withFields(log, { installation: installationId, repository: `${target.owner}/${target.repo}` });
        const started = clock();
        try {
          const outcome = await scanRepository(
            {
              octokit: pacer.pace(octokit, installationId),
              check,
              scanFile,
              parseConfigFile,
              now,
              log: scoped,
              ...(options.cache ? { cache: options.cache } : {}),
              canWriteWorkflows: () => canWriteWorkflows(installationId),
              firstNotice: (key) => notices.firstSeen(key),
              telemetry,
              ...(policyDeps.digestCache ? { digestCache: policyDeps.digestCache } : {}),
              scanState,
              ownerConfig,
            },
            target,
            scanOptions,
          );
          scoped.info({ outcome: outcome.kind }, 'scan finished');
          telemetry.scanFinished(outcome.kind, clock() - started, outcome.kind === 'scanned' ? outcome.references : 0);
          options.onScan?.(target, outcome);
        } catch (error) {
          // Logged here, where the installation is known; the repository gets no writes this run.
          scoped.error({ err: error }, 'scan failed');
          result = 'failed';
          telemetry.scanFinished('failed', clock() - started, 0);
          options.onScan?.(target, { kind: 'failed', error: error instanceof Error ? error.message : String(error) });
        }
      }),
    );
    return result;
  };

  /** Asked once per installation and remembered: permissions change only with a new installation event. */
  const canWriteWorkflows = (installationId: number): Promise<boolean> => {
    let known = workflowPermission.get(installationId);
    if (known === undefined) {
      known = (async () => installationCanWriteWorkflows(await probot!.auth(), installationId))();
      workflowPermission.set(installationId, known);
      known.catch(() => workflowPermission.delete(installationId));
    }
    return known;
  };

  const installationOf = (context: Context): number => (context.payload as { installation?: { id: number } }).installation?.id ?? 0;
  /** The event's logger with the installation, and the repository when the event is about one. */
  const eventLog = (context: Context): AppLogger => {
    const repository = (context.payload as { repository?: { full_name: string } }).repository?.full_name;
    return withFields(context.log, { installation: installationOf(context), ...(repository === undefined ? {} : { repository }) });
  };
  const fresh = async (context: Context): Promise<boolean> => {
    if (await deliveries.firstSeen(context.id)) return true;
    eventLog(context).debug({ delivery: context.id }, 'redelivered webhook ignored');
    return false;
  };
  /** Runs `accept` for a fresh delivery; if it fails, the id is forgotten so a redelivery is taken. */
  const once = async (context: Context, accept: () => Promise<void>): Promise<void> => {
    if (!(await fresh(context))) return;
    try {
      await accept();
    } catch (error) {
      await deliveries.forget?.(context.id);
      throw error;
    }
  };

  const appFn: ApplicationFunction = (app) => {
    probot = app;
    app.on(['installation.created', 'installation_repositories.added', 'installation.new_permissions_accepted'], async (context) => {
      await once(context, async () => {
        const id = installationOf(context);
        workflowPermission.delete(id);
        const payload = context.payload as {
          repositories?: Array<{ full_name: string }>;
          repositories_added?: Array<{ full_name: string }>;
        };
        const repositories = payload.repositories_added ?? payload.repositories ?? [];
        for (const { full_name } of repositories) {
          const [owner = '', repo = ''] = full_name.split('/');
          await dispatch(context.octokit, id, { owner, repo }, context.log, {});
        }
      });
    });

    app.on('push', async (context) => {
      const { ref, deleted, repository } = context.payload;
      if (deleted || ref !== `refs/heads/${repository.default_branch}`) return;
      const target: RepositoryTarget = {
        owner: repository.owner?.login ?? repository.full_name.split('/')[0] ?? '',
        repo: repository.name,
        defaultBranch: repository.default_branch,
        nodeId: repository.node_id,
        archived: repository.archived,
        disabled: repository.disabled ?? false,
        fork: repository.fork,
      };
      await once(context, () => dispatch(context.octokit, installationOf(context), target, context.log, {}));
    });

    /**
     * Pull request work is checked here and handed on: to this process's repository queue
     * (embedded), or to the shared queue (scaled, `dispatchPullRequest`), whose worker
     * calls `pullRequest` holding the lock. Either way a scan rebuilding the branch finishes
     * first, and the work is never folded into, or replaced by, a scan request.
     */
    const receivePullRequest = async (context: Context<'pull_request'>, kind: PullRequestKind): Promise<void> => {
      const accept = async (): Promise<void> => {
        const log = eventLog(context);
        // A pull request closed, reopened or pushed to by someone else: the next scan reads
        // everything. Forgotten at once, so a scheduled scan queued meanwhile can't skip the
        // repository, and again once the lock is held, because a scan running now records its
        // state when it ends (issue 13).
        const work = pullRequestWork(kind, installationOf(context), await changesPulls(context.payload, ownLogin), context.payload);
        await forgetScanState(work);
        if (options.dispatchPullRequest) return options.dispatchPullRequest(work, log);
        // Embedded: one process, whose repository queue serialises it with the scans;
        // `queue.idle()` (shutdown, tests) waits for it. It never rejects (doPullRequest logs).
        void queue.run(pullRequestRepository(work), () => doPullRequest(context.octokit, work, log).then(() => undefined), {
          foldable: false,
        });
      };
      // Scaled: a work item that could not be queued fails the webhook, and its redelivery is taken.
      if (options.dispatchPullRequest) return once(context, accept);
      if (await fresh(context)) await accept();
    };

    app.on('pull_request.closed', async (context) => receivePullRequest(context, 'closed'));
    app.on(['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened'], async (context) =>
      receivePullRequest(context, 'checks'),
    );
  };

  const failureMessage: Record<PullRequestKind, string> = {
    closed: 'closed pull request tidying failed',
    checks: 'pull request checks failed',
  };
  const forgetScanState = async (work: PullRequestWork): Promise<void> => {
    if (!work.forgetScanState) return;
    const { owner, repo } = pullRequestRepoRef(work.payload);
    await scanState.delete(scanStateKey(owner, repo)).catch(() => undefined);
  };
  /** The work itself; a failure is logged and reported as 'failed'. */
  const doPullRequest = async (octokit: GitHubClient, work: PullRequestWork, log: AppLogger): Promise<'done' | 'failed'> => {
    const paced = pacer.pace(octokit, work.installationId);
    await forgetScanState(work);
    try {
      if (work.kind === 'closed') await handleClosedPullRequest(paced, work.payload, log);
      else await scanSlots(() => handlePullRequestChecks(paced, work.payload, log, policyDeps));
      return 'done';
    } catch (error) {
      log.error({ err: error, pull: work.payload.pull_request.number }, failureMessage[work.kind]);
      return 'failed';
    }
  };
  /** The work in the repository's queue; the caller (the scaled App's worker) holds the repository's lock. */
  const runPullRequest = async (octokit: GitHubClient, work: PullRequestWork, log: AppLogger): Promise<'done' | 'failed'> => {
    let result: 'done' | 'failed' = 'done';
    await queue.run(pullRequestRepository(work), async () => void (result = await doPullRequest(octokit, work, log)), { foldable: false });
    return result;
  };

  const dispatch: ScanDispatch =
    options.dispatch ??
    // In memory the request is accepted at once; the scan runs after the webhook is answered.
    (async (octokit, installationId, target, log, scanOptions) => void scan(octokit, installationId, target, log, scanOptions));

  return { appFn, queue, scan, pullRequest: runPullRequest };
}
