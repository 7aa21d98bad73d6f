import type { PinbotConfig } from '../config/schema.js';
import type { DefaultBranchHead, GitHubClient, RepoRef, TreeEntry } from '../github/types.js';
import type { PlannedPin } from '../pin/plan.js';
import type { PlannedUpdate } from '../plan/plan.js';
import type { AppLogger } from '../telemetry/logger.js';
import type { Telemetry } from '../telemetry/telemetry.js';
import type { Proposal } from './proposals.js';

/** What carrying out decisions needs from its caller: the GitHub edge and where to report. */
export interface LifecycleDeps {
  readonly octokit: GitHubClient;
  readonly log: AppLogger;
  /** The app's bot login (`pinbot[bot]`), to recognise its PRs by author as well as by marker. */
  readonly appLogin?: string;
  /** Told about pull request writes (metrics). */
  readonly telemetry?: Telemetry;
}

/** The base branch as read for this run: the texts that were scanned and every blob's entry. */
export interface BaseSnapshot {
  readonly scan: { readonly texts: ReadonlyMap<string, string> };
  /** Every blob of the base tree by path (modes are needed to write files back). */
  readonly entries: ReadonlyMap<string, TreeEntry>;
}

export interface ApplyContext {
  readonly deps: LifecycleDeps;
  readonly repo: RepoRef;
  /** The repository's GraphQL node id when known (compare-and-swap needs it); fetched once otherwise. */
  readonly target: { readonly nodeId?: string };
  readonly head: DefaultBranchHead;
  readonly config: PinbotConfig;
  readonly snapshot: BaseSnapshot;
  readonly planned: readonly PlannedUpdate[];
  /** Tag-only references and their digests, for the pinning PR (issue 10). */
  readonly plannedPins: readonly PlannedPin[];
  /** Every group to commit this run, the pinning PR's included. */
  readonly proposals: readonly Proposal[];
}
