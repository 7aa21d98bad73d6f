import type { PinbotConfig } from '../config/schema.js';
import type { ConfigSource } from '../github/config.js';
import { APP_CONFIG_PATH } from '../github/config.js';
import type { DefaultBranchHead, RepoRef } from '../github/types.js';
import type { PullDecision } from '../lifecycle/decide.js';
import type { UpdatePlan } from '../plan/plan.js';
import type { FoundReference } from '../scan/types.js';
import { planFingerprint, SCAN_STATE_VERSION, type PolicyWatch, type ScanState, type SettledAs } from './scan-state.js';

/** What a finished full scan saw, for deciding whether its result may stand in for the next scan. */
export interface FinishedScan {
  readonly repo: RepoRef;
  readonly head: DefaultBranchHead;
  readonly pushedAt: string | undefined;
  readonly readAt: number;
  /** Where the configuration came from; undefined when it could not be loaded (inert scans). */
  readonly configFiles: readonly ConfigSource[] | undefined;
  readonly ownerConfig: string | undefined;
}

export interface ScannedResult {
  readonly config: PinbotConfig;
  readonly references: readonly FoundReference[];
  readonly plan: UpdatePlan;
  readonly decisions: readonly PullDecision[];
  /** Every file listed and read, nothing unscannable: the references are all there are. */
  readonly whole: boolean;
  /** Every decision was carried out as decided (see applyDecisions). */
  readonly asDecided: boolean;
  /**
   * With a `policy`: what the default branch's check run said (policy-watch.ts); undefined when
   * it could not be established, and then no state is kept (a quiet cycle could not watch it).
   */
  readonly policy?: PolicyWatch;
}

/**
 * Pure: the state to keep after a full scan, or undefined when the next scan must read the
 * repository again: something was held, left for later (but for a closed schedule), not
 * read, not carried out as decided, or the configuration depends on files elsewhere that
 * can't be watched. Pull requests opened, updated or closed as decided count as settled: the
 * next run would keep them as they are now, and a person changing them sends a webhook that
 * forgets the state.
 */
export function stateAfterScan(scan: FinishedScan, result: ScannedResult | 'inert'): ScanState | undefined {
  const base = {
    version: SCAN_STATE_VERSION,
    branch: scan.head.branch,
    headSha: scan.head.headSha,
    treeSha: scan.head.treeSha,
    readAt: scan.readAt,
    ...(scan.head.refEtag === undefined ? {} : { refEtag: scan.head.refEtag }),
    ...(scan.pushedAt === undefined ? {} : { pushedAt: scan.pushedAt }),
  } as const;
  const inherited = configInheritance(scan.repo, scan.configFiles);
  if (inherited === 'unwatchable') return undefined;
  const owner = inherited === 'owner' ? scan.ownerConfig : undefined;
  if (inherited === 'owner' && owner === undefined) return undefined;
  const ownerField = owner === undefined ? {} : { ownerConfig: owner };
  if (result === 'inert') return { ...base, ...ownerField, settledAs: 'inert', references: [], plan: '' };
  const settledAs = settledBy(result);
  if (settledAs === undefined) return undefined;
  if (result.config.policy !== undefined && result.policy === undefined) return undefined;
  return {
    ...base,
    ...ownerField,
    settledAs,
    config: result.config,
    references: result.references,
    plan: planFingerprint(result.plan.updates),
    ...(result.config.policy === undefined || result.policy === undefined ? {} : { policy: result.policy }),
  };
}

/** Decisions after which, carried out, the next run decides `keep` (or nothing) unless something changes. */
const SETTLING: ReadonlySet<PullDecision['kind']> = new Set(['keep', 'human-owned', 'create', 'fast-forward', 'rebuild', 'close']);

function settledBy(result: ScannedResult): SettledAs | undefined {
  if (!result.whole || !result.asDecided || result.plan.errors.length > 0) return undefined;
  let outsideSchedule = false;
  for (const decision of result.decisions) {
    if (SETTLING.has(decision.kind)) continue;
    if (decision.kind === 'deferred' && decision.reason === 'schedule') {
      outsideSchedule = true;
      continue;
    }
    return undefined;
  }
  return outsideSchedule ? 'outside-schedule' : 'settled';
}

/**
 * `own`: only the repository's own files. `owner`: the owner's `.github/pinbot.yml` is (or
 * would be, with no file here) part of it. `unwatchable`: it extends some other file.
 */
export function configInheritance(repo: RepoRef, files: readonly ConfigSource[] | undefined): 'own' | 'owner' | 'unwatchable' {
  if (files === undefined) return 'owner';
  const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
  let own = false;
  let owner = false;
  for (const file of files) {
    if (same(file.owner, repo.owner) && same(file.repo, repo.repo)) own = true;
    else if (same(file.owner, repo.owner) && same(file.repo, '.github') && file.path === APP_CONFIG_PATH) owner = true;
    else return 'unwatchable';
  }
  return owner || !own ? 'owner' : 'own';
}
