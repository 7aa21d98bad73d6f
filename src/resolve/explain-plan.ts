/**
 * The stage after planning (issue 12): explain each proposed change once (the same pin in ten
 * files is one change), flag immutable-looking tags that moved, and hold back digests younger
 * than `minimumReleaseAge`. Registry and state are injected; nothing here fails the plan.
 */
import type { PinbotConfig } from '../config/schema.js';
import type { PlannedUpdate, PlannedWaiting, UpdatePlan } from '../plan/plan.js';
import pLimit from 'p-limit';
import type { Explainer } from '../explain/explainer.js';
import { credibleCreated, parseDuration } from '../schedule/release-age.js';
import { settle, type SightingStore } from '../explain/sightings.js';
import { immutableTagMatcher, tagMovedWarning } from '../reference/tag-shape.js';
import type { Explanation, Settle } from '../explain/types.js';

export interface ExplainPlanDeps {
  /** Absent: no registry reads, only what the plan itself tells (warnings). */
  readonly explainer?: Explainer;
  readonly sightings: SightingStore;
  readonly now: () => Date;
}

/** Explanations in flight at once; the client also limits requests per host. */
const CONCURRENCY = 8;

export function minimumAgeMs(config: PinbotConfig): number {
  const parsed = parseDuration(config.minimumReleaseAge);
  return parsed.ok ? parsed.ms : 0;
}

export async function explainPlan(plan: UpdatePlan, config: PinbotConfig, deps: ExplainPlanDeps): Promise<UpdatePlan> {
  if (plan.updates.length === 0) return plan;
  const ageMs = minimumAgeMs(config);
  const looksImmutable = immutableTagMatcher(config.immutableTags);
  const now = deps.now();

  const changes = new Map<string, PlannedUpdate>();
  for (const update of plan.updates) changes.set(changeKey(update), update);
  const explained = new Map<string, { explanation: Explanation; settle?: Settle }>();
  await pLimit(CONCURRENCY).map([...changes], async ([key, update]) => {
    const { reference } = update;
    const found = deps.explainer
      ? await deps.explainer.explain({
          locator: { registry: reference.image.registry, repository: reference.image.repository },
          tag: reference.image.tag,
          oldDigest: reference.image.digest,
          newDigest: update.newDigest,
          pinKind: update.platform === null ? 'index' : 'manifest',
          platform: update.platform,
        })
      : { details: {} };
    const warning = tagMovedWarning(reference.image.tag, looksImmutable);
    const explanation = warning === undefined ? found : { ...found, details: { ...found.details, warnings: [warning] } };
    if (ageMs <= 0) {
      explained.set(key, { explanation });
      return;
    }
    const verdict = await settle(deps.sightings, {
      key: `${reference.image.name}:${reference.image.tag}|${update.platform ?? 'index'}`,
      pinned: reference.image.digest,
      digest: update.newDigest,
      created: credibleCreated(found.details.created?.new, now),
      minimumAgeMs: ageMs,
      now,
    });
    explained.set(key, { explanation, settle: verdict });
  });

  const updates: PlannedUpdate[] = [];
  const waiting: PlannedWaiting[] = [...plan.waiting];
  for (const update of plan.updates) {
    const found = explained.get(changeKey(update));
    if (found?.settle !== undefined && found.settle.readyAt.getTime() > now.getTime()) {
      waiting.push({ reference: update.reference, newDigest: update.newDigest, platform: update.platform, settle: found.settle });
      continue;
    }
    updates.push({
      ...update,
      ...(found === undefined ? {} : { explanation: found.explanation }),
      ...(found?.settle === undefined ? {} : { settle: found.settle }),
    });
  }
  return { ...plan, updates, waiting };
}

/** One change, however many files pin it. */
function changeKey(update: PlannedUpdate): string {
  const { image } = update.reference;
  return JSON.stringify([image.name, image.tag, image.digest, update.newDigest, update.platform]);
}
