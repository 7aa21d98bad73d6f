import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type { PinbotConfig } from '../config/schema.js';
import type { ImageMention } from '../policy/types.js';
import type { FoundReference } from '../scan/types.js';

/**
 * What a repository's last full scan found, kept so the next scheduled scan of a quiet
 * repository needs no GitHub request at all (issue 13): the default branch's head and tree,
 * the configuration and references read from it, and what the registries said. The state is
 * only ever a shortcut: a missing, unreadable or outdated state means a full scan.
 *
 * Where it lives is the deployment's business (`ScanStateStore`): in memory for the embedded
 * App, in Redis with a TTL when replicas share the work.
 */

/** Why the last full scan needs nothing more while nothing changes. */
export type SettledAs =
  /** Every pull request was already what the scan would make it: nothing to write. */
  | 'settled'
  /** Updates were wanted but the repository's `schedule` was closed: nothing to write until it opens. */
  | 'outside-schedule'
  /** The scan could not go further on this commit (an invalid config, a fork that did not opt in). */
  | 'inert';

export interface ScanState {
  readonly version: typeof SCAN_STATE_VERSION;
  readonly branch: string;
  readonly headSha: string;
  readonly treeSha: string;
  /** The ref answer's ETag: a conditional read of the branch costs nothing while it holds. */
  readonly refEtag?: string;
  /** The repository's `pushed_at` as listed before the read (ISO 8601, whole seconds). */
  readonly pushedAt?: string;
  /** When that read began (epoch ms): `pushed_at` is trusted only for pushes made well before it. */
  readonly readAt: number;
  readonly settledAs: SettledAs;
  /**
   * The configuration the scan ran with (validated, defaults filled in); absent when inert.
   * Only a configuration read from the repository's own files is kept: one that came from the
   * owner's `.github` repository, or extends another repository, can change without a push here.
   */
  readonly config?: PinbotConfig;
  /**
   * The version of the owner's `.github/pinbot.yml` the configuration was read with (its blob
   * sha, or `absent`), when the repository has no file of its own and so inherits that one.
   */
  readonly ownerConfig?: string;
  readonly references: readonly FoundReference[];
  /** What the registries said, as a fingerprint of the planned updates (see planFingerprint). */
  readonly plan: string;
  /** With a `policy`: what its check run on this head said that can change without a commit (policy-watch.ts). */
  readonly policy?: PolicyWatch;
}

/** The part of a policy verdict a quiet cycle watches (issue 14). */
export interface PolicyWatch {
  /** Pinned digests gone from their registries, as `image@digest`, sorted. */
  readonly vanished: readonly string[];
  /** Pins written without a tag (`image@sha256:…`): looked up too, but not among `references`. */
  readonly untagged: readonly ImageMention[];
}

export const SCAN_STATE_VERSION = 1;

export interface ScanStateStore {
  get(key: string): Promise<ScanState | undefined>;
  set(key: string, state: ScanState): Promise<void>;
  /** Forget a repository's state: the next scan reads everything (a PR was closed or reopened, say). */
  delete(key: string): Promise<void>;
}

/** The store key of a repository: GitHub names are case-insensitive. */
export function scanStateKey(owner: string, repo: string): string {
  return `${owner}/${repo}`.toLowerCase();
}

/**
 * A stored state is parsed again on the way back (it may come from Redis, written by another
 * version of pinbot): only the fields the shortcut relies on are checked; anything else, or a
 * different version, reads as no state.
 */
const storedState = z.looseObject({
  version: z.literal(SCAN_STATE_VERSION),
  branch: z.string(),
  headSha: z.string().regex(/^[0-9a-f]{40}$/),
  treeSha: z.string().regex(/^[0-9a-f]{40}$/),
  refEtag: z.string().optional(),
  pushedAt: z.string().optional(),
  readAt: z.number(),
  settledAs: z.enum(['settled', 'outside-schedule', 'inert']),
  config: z.looseObject({}).optional(),
  ownerConfig: z.string().optional(),
  references: z.array(z.looseObject({ file: z.string(), image: z.looseObject({ digest: z.string(), tag: z.string() }) })),
  plan: z.string(),
  policy: z
    .object({
      vanished: z.array(z.string()),
      untagged: z.array(
        z.looseObject({
          file: z.string(),
          line: z.number(),
          kind: z.literal('digest'),
          image: z.looseObject({ name: z.string(), digest: z.string() }),
        }),
      ),
    })
    .optional(),
});

/** Decodes a state written by `encodeScanState`; undefined for anything else. */
export function decodeScanState(text: string): ScanState | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = storedState.safeParse(value);
  return parsed.success ? (parsed.data as unknown as ScanState) : undefined;
}

export function encodeScanState(state: ScanState): string {
  return JSON.stringify(state);
}

/** Pure: the planned updates as one string, equal exactly when the same pins move to the same digests. */
export function planFingerprint(updates: ReadonlyArray<{ readonly reference: FoundReference; readonly newDigest: string }>): string {
  return updates
    .map((update) => `${update.reference.file}\u0000${update.reference.digestStart}\u0000${update.newDigest}`)
    .sort()
    .join('\n');
}

/**
 * The embedded App's store: one process's memory, least recently used forgotten first. After a
 * restart it is empty, so the first scheduled cycle reads every repository once again.
 */
export function createMemoryScanStateStore(maxRepositories = 50_000): ScanStateStore {
  const states = new LRUCache<string, ScanState>({ max: maxRepositories });
  return {
    get: async (key) => states.get(key),
    set: async (key, state) => void states.set(key, state),
    delete: async (key) => void states.delete(key),
  };
}
