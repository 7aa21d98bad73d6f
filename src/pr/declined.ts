import type { PrMarker, ProposedUpdate } from './types.js';

/**
 * Closing an app PR without merging declines exactly the digests it proposed: the same image,
 * tag and target digest are never proposed again, while a newer digest for that tag is.
 */

/** `<image>:<tag>@<to>`: what a decline is remembered by (not the file, so new copies stay declined). */
export function declinedKey(update: Pick<ProposedUpdate, 'image' | 'tag' | 'to'>): string {
  return `${update.image}:${update.tag}@${update.to}`;
}

/**
 * Drops the updates declined in any of `closedMarkers`. The caller passes the markers of PRs
 * closed WITHOUT merge only: a merged PR's digests are in the files already.
 */
export function filterDeclined(updates: readonly ProposedUpdate[], closedMarkers: readonly PrMarker[]): ProposedUpdate[] {
  const declined = new Set(closedMarkers.flatMap((marker) => marker.updates.map(declinedKey)));
  return updates.filter((update) => !declined.has(declinedKey(update)));
}
