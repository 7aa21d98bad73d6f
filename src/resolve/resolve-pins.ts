import type { PinbotConfig } from '../config/schema.js';
import { planPins, type PinPlan } from '../pin/plan.js';
import { selectPinnable, type IgnoredReference } from '../pin/select.js';
import { pinSettings } from '../pin/settings.js';
import type { SourcesScan } from '../scan/scan-sources.js';
import { resolverFor, type ResolveDeps } from './resolve-and-plan.js';
import { resolveTags } from './resolve-tags.js';

export interface PinOutcome extends PinPlan {
  /** Tag-only references `pin.ignore` / `pin.ignoreTags` leave alone. */
  readonly ignored: IgnoredReference[];
}

/**
 * The tag-only references of one scanned tree, minus what the configuration ignores, each with
 * the digest its tag points to now. Shares the run's resolvers with `resolveAndPlan`, so a tag
 * both pinned and followed elsewhere is asked about once.
 */
export async function resolveAndPlanPins(
  scan: Pick<SourcesScan, 'unpinned'>,
  config: PinbotConfig,
  deps: ResolveDeps,
): Promise<PinOutcome> {
  const { candidates, ignored } = selectPinnable(scan.unpinned, pinSettings(config.pin));
  if (candidates.length === 0) return { pins: [], errors: [], ignored };
  const resolutionOf = await resolveTags(candidates, resolverFor(config, deps), deps.onProgress ? { onProgress: deps.onProgress } : {});
  return { ...planPins(candidates, resolutionOf), ignored };
}
