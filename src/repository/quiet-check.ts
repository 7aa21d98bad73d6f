import { checkBranchHead } from '../github/conditional.js';
import type { GitHubClient, RepoRef } from '../github/types.js';
import { resolveAndPlan, type ResolveDeps } from '../resolve/resolve-and-plan.js';
import { isWithinSchedule, parseSchedule } from '../schedule/schedule.js';
import type { OwnerConfigWatch } from './owner-config.js';
import type { DigestAnswerCache } from '../policy/digest-cache.js';
import { vanishedSince } from './policy-watch.js';
import { planFingerprint, type ScanState, type ScanStateStore } from './scan-state.js';

/**
 * The shortcut for quiet repositories (issue 13): when the default branch has not moved since
 * the last full scan, and the registries say exactly what they said then, nothing needs to be
 * read from or written to GitHub. The pins are still looked up (tags move without any push);
 * only the repository reads are saved.
 *
 * Whether the branch moved is told, in order of cost, by the installation listing's `pushed_at`
 * (no request), by a conditional read of the ref (free when GitHub answers 304), and otherwise
 * it counts as moved. A repository that inherits the owner's configuration also needs that file
 * unchanged (see OwnerConfigWatch).
 */

export interface QuietCheckDeps {
  readonly octokit: GitHubClient;
  readonly scanState: ScanStateStore;
  readonly check: ResolveDeps;
  readonly now: () => Date;
  readonly ownerConfig?: OwnerConfigWatch;
  /** Digests known to exist (the policy check's cache): a quiet cycle asks again only after it lapses. */
  readonly digestCache?: DigestAnswerCache;
}

export interface QuietTarget extends RepoRef {
  readonly defaultBranch: string;
  /** From the installation's repository listing, read before this check. */
  readonly pushedAt?: string;
}

export type QuietOutcome =
  | { readonly kind: 'quiet'; readonly settledAs: ScanState['settledAs']; readonly references: number }
  | { readonly kind: 'changed'; readonly reason: string };

/**
 * `pushed_at` has whole seconds, and GitHub's clock is not ours: equal values prove nothing
 * about pushes made in the same second as the read, or within any skew. So they are trusted
 * only for a state read this long after the recorded push.
 */
export const PUSHED_AT_MARGIN_MS = 60_000;

export async function quietCheck(deps: QuietCheckDeps, target: QuietTarget, key: string): Promise<QuietOutcome> {
  const state = await deps.scanState.get(key);
  if (state === undefined) return changed('no state from an earlier scan');
  if (state.branch !== target.defaultBranch) return changed('the default branch changed');
  const checkedAt = deps.now().getTime();

  let seen: Pick<ScanState, 'pushedAt' | 'readAt' | 'refEtag'> = state;
  if (!pushedAtProvesUnchanged(state, target.pushedAt)) {
    const head = await checkBranchHead(deps.octokit, target, state.branch, state.refEtag);
    if (head.kind === 'missing') return changed('the default branch is gone');
    if (head.kind === 'changed' && head.headSha !== state.headSha) return changed('the default branch moved');
    // The head is the one scanned, as of `checkedAt`; the listing's pushed_at was read before that.
    seen = { pushedAt: target.pushedAt, readAt: checkedAt, refEtag: head.kind === 'changed' ? head.etag : state.refEtag };
  }
  if (state.ownerConfig !== undefined) {
    if (deps.ownerConfig === undefined) return changed('the configuration is inherited');
    if ((await deps.ownerConfig.version(deps.octokit, target.owner)) !== state.ownerConfig)
      return changed('the owner configuration changed');
  }

  if (state.settledAs !== 'inert') {
    const config = state.config;
    if (config === undefined) return changed('no configuration was kept');
    if (state.settledAs === 'outside-schedule') {
      const schedule = parseSchedule(config.schedule, config.timezone);
      if (!schedule.ok || isWithinSchedule(schedule.schedule, deps.now())) return changed('the schedule opened');
    }
    const plan = await resolveAndPlan(
      { references: [...state.references], unpinned: [], skipped: [], problems: [], texts: new Map() },
      config,
      deps.check,
    );
    if (plan.errors.length > 0) return changed('some pins could not be resolved');
    // A newer digest waiting out minimumReleaseAge ripens with time alone: the full scan decides.
    if (plan.waiting.length > 0) return changed('a newer digest is waiting out minimumReleaseAge');
    if (planFingerprint(plan.updates) !== state.plan) return changed('a registry reports a moved digest');
    // The policy's check run says which pins vanished from their registries: that changes
    // without a commit, so it is asked again here (registries only, see policy-watch.ts).
    if (config.policy !== undefined) {
      if (state.policy === undefined) return changed('no policy verdict was kept');
      if (await vanishedSince(deps, { references: state.references, policy: state.policy }, config))
        return changed('a pinned digest vanished from its registry, or came back');
    }
  }
  if (seen !== state) await deps.scanState.set(key, { ...state, ...definedOnly(seen) });
  return { kind: 'quiet', settledAs: state.settledAs, references: state.references.length };
}

/** Equal `pushed_at`, recorded well before the state's read began: no push since. Pure. */
export function pushedAtProvesUnchanged(state: Pick<ScanState, 'pushedAt' | 'readAt'>, pushedAt: string | undefined): boolean {
  if (pushedAt === undefined || state.pushedAt === undefined || pushedAt !== state.pushedAt) return false;
  const pushed = Date.parse(pushedAt);
  return Number.isFinite(pushed) && pushed + PUSHED_AT_MARGIN_MS <= state.readAt;
}

function changed(reason: string): QuietOutcome {
  return { kind: 'changed', reason };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
