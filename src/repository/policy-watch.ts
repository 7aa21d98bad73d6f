import type { PinbotConfig } from '../config/schema.js';
import type { DigestAnswerCache } from '../policy/digest-cache.js';
import { checkDigestsExist } from '../policy/digest-existence.js';
import { imageMentions } from '../policy/mentions.js';
import type { ImageMention, Violation } from '../policy/types.js';
import type { ResolveDeps } from '../resolve/resolve-and-plan.js';
import type { SkippedCandidate } from '../scan/types.js';
import type { PolicyWatch, ScanState } from './scan-state.js';

/**
 * The one part of the `pinbot / policy` verdict that changes without a commit (issue 14): a
 * pinned digest its registry deleted (`digest-missing`). Every other rule reads only the
 * files, which the quiet shortcut already proves unchanged (issue 13). So the state of a
 * repository with a `policy` keeps which digests had vanished when its check run was posted,
 * and a quiet cycle asks the registries again, by digest, without a GitHub request (answers
 * that exist are cached for an hour, see digest-cache.ts): a different set means a full scan,
 * which posts the check run again. An unchanged set, the usual case, costs no GitHub request.
 */

/** Pure: the vanished digests of a verdict, as `image@digest`, sorted and distinct. */
export function vanishedDigests(violations: readonly Violation[]): string[] {
  const keys = violations
    .filter((violation) => violation.rule === 'digest-missing')
    .map((violation) => `${violation.image}@${violation.digest}`);
  return [...new Set(keys)].sort();
}

/** Pure: pins written `image@sha256:…` without a tag: checked like references, but not among them. */
export function untaggedPins(skipped: readonly SkippedCandidate[]): ImageMention[] {
  return imageMentions([], skipped).filter((mention) => mention.kind === 'digest');
}

export function policyWatch(violations: readonly Violation[], skipped: readonly SkippedCandidate[]): PolicyWatch {
  return { vanished: vanishedDigests(violations), untagged: untaggedPins(skipped) };
}

export function sameVanished(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, index) => key === b[index]);
}

/**
 * Whether the stored state's pins vanished, or came back, since its check run was posted. A
 * digest the registry could not answer for keeps what was known: neither a pass nor a failure
 * is guessed (a registry down shows in the plan anyway, which then asks for a full scan).
 */
export async function vanishedSince(
  deps: { readonly check: ResolveDeps; readonly digestCache?: DigestAnswerCache },
  state: Pick<ScanState, 'references'> & { readonly policy: PolicyWatch },
  config: PinbotConfig,
): Promise<boolean> {
  const pins = [...imageMentions(state.references, []), ...state.policy.untagged];
  const checked = await checkDigestsExist(pins, deps.check.clientFor(config), deps.digestCache ? { cache: deps.digestCache } : {});
  const now = new Set(vanishedDigests(checked.violations));
  const unanswered = new Set(checked.errors.map((error) => `${error.image}@${error.digest}`));
  for (const known of state.policy.vanished) if (unanswered.has(known)) now.add(known);
  return !sameVanished([...now].sort(), state.policy.vanished);
}
