/**
 * Which platforms' images changed between two indexes, and which platform an index pin is
 * explained for. Attestations and entries without a platform are not platforms. Pure.
 */
import { isAttestation } from '../registry/resolver/index-compare.js';
import type { IndexEntry } from '../registry/resolver/manifest.js';
import { formatPlatform, normalizePlatform, type Platform } from '../registry/resolver/platform.js';
import { echoed } from '../text/safe-text.js';
import type { PlatformChange } from './types.js';

/** What an index pin is explained for: the platform most people run (issue 12). */
const PREFERRED: Platform = { os: 'linux', architecture: 'amd64', variant: undefined, osVersion: undefined };

type ImageEntry = IndexEntry & { readonly platform: Platform };

export function imageEntries(entries: readonly IndexEntry[]): ImageEntry[] {
  return entries.filter((entry): entry is ImageEntry => !isAttestation(entry) && entry.platform !== undefined);
}

/** `linux/arm64/v8`, or `windows/amd64 10.0.20348.2031`: registry text, escaped and capped. */
export function platformLabel(platform: Platform): string {
  return echoed(platform.osVersion === undefined ? formatPlatform(platform) : `${formatPlatform(platform)} ${platform.osVersion}`, 100);
}

function platformKey(platform: Platform): string {
  return formatPlatform(normalizePlatform(platform));
}

/** linux/amd64 when the new index has it, else its first platform. */
export function primaryEntry(entries: readonly IndexEntry[]): ImageEntry | undefined {
  const images = imageEntries(entries);
  const preferred = platformKey(PREFERRED);
  return images.find((entry) => platformKey(entry.platform) === preferred) ?? images[0];
}

/** The old index's entry for the same platform as `entry` (the closest OS version first). */
export function counterpart(entries: readonly IndexEntry[], entry: ImageEntry): ImageEntry | undefined {
  const same = imageEntries(entries).filter((candidate) => platformKey(candidate.platform) === platformKey(entry.platform));
  return same.find((candidate) => candidate.platform.osVersion === entry.platform.osVersion) ?? same[0];
}

/**
 * One row per platform in either index, the new index's order first. Several entries of one
 * platform (Windows lists one per OS build) pair up in order.
 */
export function comparePlatforms(oldEntries: readonly IndexEntry[], newEntries: readonly IndexEntry[]): PlatformChange[] {
  const oldByKey = groupByPlatform(imageEntries(oldEntries));
  const newByKey = groupByPlatform(imageEntries(newEntries));
  const changes: PlatformChange[] = [];
  for (const [key, fresh] of newByKey) {
    const before = oldByKey.get(key) ?? [];
    fresh.forEach((entry, position) => {
      const old = before[position];
      changes.push({
        platform: platformLabel(entry.platform),
        ...(old === undefined ? {} : { oldDigest: old.digest }),
        newDigest: entry.digest,
      });
    });
    for (const old of before.slice(fresh.length)) changes.push({ platform: platformLabel(old.platform), oldDigest: old.digest });
  }
  for (const [key, before] of oldByKey) {
    if (!newByKey.has(key)) for (const old of before) changes.push({ platform: platformLabel(old.platform), oldDigest: old.digest });
  }
  return changes;
}

function groupByPlatform(entries: readonly ImageEntry[]): Map<string, ImageEntry[]> {
  const groups = new Map<string, ImageEntry[]>();
  for (const entry of entries) {
    const key = platformKey(entry.platform);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [entry]);
    else group.push(entry);
  }
  for (const group of groups.values()) group.sort((a, b) => (a.platform.osVersion ?? '').localeCompare(b.platform.osVersion ?? ''));
  return groups;
}
