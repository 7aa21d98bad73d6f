import type { PinbotConfig } from '../config/schema.js';
import type { GitHubClient, RepoRef } from '../github/types.js';
import type { OpenAppPull } from '../lifecycle/decide.js';
import { buildPinProposal, removeDeclinedPins } from '../lifecycle/pin-proposals.js';
import type { Proposal } from '../lifecycle/proposals.js';
import { pinSettings } from '../pin/settings.js';
import type { ResolveDeps } from '../resolve/resolve-and-plan.js';
import { resolveAndPlanPins, type PinOutcome } from '../resolve/resolve-pins.js';
import type { SourcesScan } from '../scan/scan-sources.js';
import type { AppLogger } from '../telemetry/logger.js';
import { describeFailure, MAX_LOGGED_FAILURES } from './log-fields.js';

/**
 * The App's part of issue 10: with `pin` on, the tag-only references of the default branch are
 * resolved alongside the pins, and proposed in one pinning PR that follows the lifecycle of the
 * update PRs. With `pin` off nothing is resolved, and an open pinning PR is closed.
 */

/** The tag-only references and their digests, or undefined when pinning is off. */
export async function resolvePinsIfEnabled(
  scan: Pick<SourcesScan, 'unpinned'>,
  config: PinbotConfig,
  check: ResolveDeps,
  log: AppLogger,
): Promise<PinOutcome | undefined> {
  if (!pinSettings(config.pin).enabled) return undefined;
  const outcome = await resolveAndPlanPins(scan, config, check);
  log.info(
    { pinnable: outcome.pins.length, failed: outcome.errors.length, ignored: outcome.ignored.length },
    'tag-only references resolved',
  );
  if (outcome.errors.length > 0) {
    log.warn(
      { failures: outcome.errors.slice(0, MAX_LOGGED_FAILURES).map(describeFailure) },
      'some tags could not be resolved for pinning',
    );
  }
  return outcome;
}

export interface PinningPull {
  readonly proposal: Proposal | undefined;
  /** Workflow files whose references stay unpinned for lack of the `workflows` permission. */
  readonly omittedWorkflowFiles: readonly string[];
}

/** The pinning PR's group: what is left after update PRs' lines, declines and a blocked branch. */
export async function proposePinningPull(
  context: {
    readonly octokit: GitHubClient;
    readonly repo: RepoRef;
    readonly appLogin: string | undefined;
    readonly log: AppLogger;
  },
  outcome: PinOutcome | undefined,
  updates: readonly Proposal[],
  open: { readonly pulls: readonly OpenAppPull[]; readonly blockedBranches: ReadonlySet<string> },
  canWriteWorkflows: boolean,
): Promise<PinningPull> {
  if (outcome === undefined) return { proposal: undefined, omittedWorkflowFiles: [] };
  const built = buildPinProposal(outcome.pins, updates, canWriteWorkflows);
  if (built.heldForUpdates.length > 0) {
    context.log.info({ pins: built.heldForUpdates.length }, 'pins wait for update pull requests that edit the same lines');
  }
  const kept = await removeDeclinedPins(context.octokit, context.repo, built.proposal, open.pulls, context.appLogin);
  const proposal = kept !== undefined && !open.blockedBranches.has(kept.group.branch) ? kept : undefined;
  return { proposal, omittedWorkflowFiles: built.proposal?.omittedWorkflowFiles ?? [] };
}
