import type { CacheLike } from '../explain/budgeted-reader.js';
import { explanationKey } from '../explain/explainer.js';
import type { Explanation } from '../explain/types.js';
import type { PlannedUpdate, PlannedWaiting } from '../plan/plan.js';
import type { OpenAppPull } from './decide.js';

/**
 * A newer digest waiting out `minimumReleaseAge` must not undo what an open PR already proposes
 * for the same pin (issue 12): the PR keeps its settled digest until the newer one is due, and
 * is neither closed as "current" nor shrunk. The updates to keep proposing, each as the open PR
 * has it, at the reference's current place, with the explanation this process made of it before
 * (from the cache only: no registry request).
 */
export function keptWhileWaiting(
  waiting: readonly PlannedWaiting[],
  openPulls: readonly OpenAppPull[],
  explanations?: CacheLike<Explanation>,
): PlannedUpdate[] {
  const kept: PlannedUpdate[] = [];
  for (const held of waiting) {
    const { reference } = held;
    const proposed = openPulls
      .flatMap((pull) => pull.marker.updates)
      .find(
        (update) =>
          update.file === reference.file &&
          update.image === reference.image.name &&
          update.tag === reference.image.tag &&
          update.platform === held.platform &&
          update.from === reference.image.digest &&
          update.to !== held.newDigest,
      );
    if (proposed === undefined) continue;
    const explanation = explanations?.get(
      explanationKey({
        locator: { registry: reference.image.registry, repository: reference.image.repository },
        tag: reference.image.tag,
        oldDigest: reference.image.digest,
        newDigest: proposed.to,
        pinKind: held.platform === null ? 'index' : 'manifest',
        platform: held.platform,
      }),
    );
    kept.push({
      reference,
      newDigest: proposed.to,
      platform: held.platform,
      host: reference.image.registry,
      ...(explanation === undefined ? {} : { explanation }),
    });
  }
  return kept;
}
