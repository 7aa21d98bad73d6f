import type { PinbotConfig } from '../config/schema.js';
import { compileGlob } from '../discover/glob.js';
import type { RegistryClient } from '../registry/client/types.js';
import type { FoundReference, ScanProblem, SkippedCandidate } from '../scan/types.js';
import type { DigestAnswerCache } from './digest-cache.js';
import { checkDigestsExist, type VerifyError } from './digest-existence.js';
import { evaluatePolicy, sortViolations } from './evaluate.js';
import { imageMentions } from './mentions.js';
import { byPlace, type ImageMention, type Violation } from './types.js';

/** What the scanners found in one tree. */
export interface ScannedTree {
  readonly references: readonly FoundReference[];
  readonly skipped: readonly SkippedCandidate[];
  readonly problems: readonly ScanProblem[];
}

export interface TreeVerdict {
  readonly violations: Violation[];
  readonly errors: VerifyError[];
  /** Image references examined: every pinned and every tag-only one. */
  readonly checked: number;
  /** Distinct digests asked about in registries (0 offline). */
  readonly digests: number;
  /** Build stages and `scratch` in policy files: no image, so no rule applies; listed, not passed silently. */
  readonly notImages: ImageMention[];
}

export interface VerifyDeps {
  /** The registry client for the digest check; undefined skips it (`--offline`). */
  readonly client?: RegistryClient;
  readonly cache?: DigestAnswerCache;
}

/**
 * `pinbot verify` for one tree under its config, shared by the CLI and the App's check run:
 * the policy (pure), then the digest existence check (registry). A file the policy covers but
 * the scanner could not read is an error: its images cannot be verified.
 */
export async function verifyTree(tree: ScannedTree, config: PinbotConfig, deps: VerifyDeps): Promise<TreeVerdict> {
  const mentions = imageMentions(tree.references, tree.skipped);
  const policy = config.policy;
  const violations = policy === undefined ? [] : evaluatePolicy(mentions, policy);
  const inPolicy = compileGlob(
    policy === undefined ? [] : [...policy.requireDigest, ...policy.promotions.flatMap((promotion) => [promotion.from, promotion.to])],
  );
  const errors: VerifyError[] = tree.problems
    .filter((problem) => inPolicy(problem.file))
    .map((problem) => ({ file: problem.file, line: problem.line ?? null, image: null, tag: null, digest: null, error: problem.message }));

  let digests = 0;
  if (deps.client !== undefined) {
    const checked = await checkDigestsExist(mentions, deps.client, deps.cache ? { cache: deps.cache } : {});
    violations.push(...checked.violations);
    errors.push(...checked.errors);
    digests = checked.digests;
  }
  const requiresDigest = compileGlob(policy?.requireDigest ?? []);
  return {
    violations: sortViolations(violations),
    errors: errors.sort((a, b) => byPlace({ file: a.file, line: a.line ?? 0 }, { file: b.file, line: b.line ?? 0 })),
    checked: mentions.filter((mention) => mention.kind === 'digest' || mention.kind === 'tag-only').length,
    digests,
    notImages: mentions.filter((mention) => (mention.kind === 'stage' || mention.kind === 'scratch') && requiresDigest(mention.file)),
  };
}
