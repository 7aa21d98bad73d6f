/**
 * A pin on one platform's image manifest: find its platform, then propose the manifest of the
 * same platform that the tag serves now. Fails rather than propose another platform's image.
 *
 * Platform truth (issue 8, finding 8): the platform followed is the one the pinned manifest's
 * own image config declares, never the `FROM --platform` text. Text that disagrees with it, or
 * one pin used under several platforms, is reported and nothing changes: rewriting such a pin
 * to "the same platform" would write another platform's image into the file.
 */
import { entriesForPlatform, isAttestation } from './index-compare.js';
import type { IndexEntry } from './manifest.js';
import { formatPlatform, narrowByOsVersion, normalizePlatform, parsePlatform, platformsMatch, type Platform } from './platform.js';
import { failed, type Pin, type Problem, type Resolution } from './resolution.js';
import type { Fetched, FetchedManifest, RegistryReader } from './fetch.js';
import { SHA256_DIGEST, type RepositoryLocator } from '../client/types.js';

interface WrittenPlatform {
  readonly platform: Platform;
  /** As written in the file, for messages and the resolution. */
  readonly label: string;
}

export async function resolveManifestPin(
  reader: RegistryReader,
  pin: Pin,
  pinnedConfigDigest: string,
  current: FetchedManifest,
  host: string,
): Promise<Resolution> {
  const locator: RepositoryLocator = { registry: pin.registry, repository: pin.repository };
  const written = writtenPlatforms(pin);
  if (written.length > 1) {
    return failed(pin, {
      reason: 'platform-mismatch',
      host,
      detail:
        `the pin is one platform's image manifest, but it is used for ${listLabels(written)} (one ARG default ` +
        `feeding FROM lines of different platforms); one manifest can't serve them all, so nothing is changed: ` +
        `pin the multi-platform index, or give each platform its own ARG`,
    });
  }
  const declared = await configPlatformOfPin(reader, locator, pinnedConfigDigest);
  if (!declared.ok) return failed(pin, declared.problem);
  const platform = declared.value;
  const [stated] = written;
  if (stated !== undefined && !platformsMatch(stated.platform, platform)) {
    return failed(pin, {
      reason: 'platform-mismatch',
      host,
      detail:
        `FROM --platform=${stated.label}, but the pinned manifest is ${formatPlatform(platform)} (its image config ` +
        `says so); nothing is changed: re-pin it with the ${stated.label} manifest, or with the multi-platform index`,
    });
  }
  const label = stated?.label ?? formatPlatform(platform);

  if (current.manifest.kind === 'image') {
    const now = await reader.configPlatform(locator, current.manifest.configDigest);
    if (!now.ok) return failed(pin, now.problem);
    if (!platformsMatch(platform, now.value)) {
      return failed(pin, {
        reason: 'shape-changed',
        host,
        detail:
          `the pin is the ${label} manifest, but the tag now points to a single manifest ` +
          `${current.digest} for ${formatPlatform(now.value)}`,
      });
    }
    return stale(pin, current.digest, label, host);
  }

  let candidates = entriesForPlatform(current.manifest.entries, platform);
  if (candidates.length > 1) {
    // Several manifests for one platform (Windows lists one per OS build): the pin's OS version decides.
    candidates = narrowByOsVersion(candidates, platform.osVersion, (entry) => entry.platform?.osVersion);
  }
  const [chosen, ...others] = candidates;
  if (chosen === undefined) {
    return failed(pin, {
      reason: 'platform-gone',
      host,
      detail:
        `the pin is the ${label} manifest, which the tag's index ${current.digest} no longer lists ` +
        `(it lists ${listPlatforms(current.manifest.entries)})`,
    });
  }
  if (others.length > 0) {
    return failed(pin, {
      reason: 'shape-changed',
      host,
      detail: `the tag's index ${current.digest} lists ${candidates.length} manifests for ${label} and nothing tells which one replaces the pin`,
    });
  }
  if (!SHA256_DIGEST.test(chosen.digest)) {
    return failed(pin, {
      reason: 'invalid-response',
      host,
      detail: `the tag's index ${current.digest} lists ${label} as ${chosen.digest}, which is not a sha256 digest`,
    });
  }
  return stale(pin, chosen.digest, label, host);
}

/**
 * The platforms written where the pin is used (`FROM --platform`, each use of a shared ARG),
 * one per distinct platform. Build arguments such as `$TARGETPLATFORM` never get here (the
 * scanner leaves them out); text that is no platform at all says nothing and is left out too.
 */
function writtenPlatforms(pin: Pin): WrittenPlatform[] {
  const texts = pin.platforms ?? (pin.platform === null ? [] : [pin.platform]);
  // Keyed by the normalised platform, so `linux/arm64` and `linux/arm64/v8` count once, in linear time.
  const distinct = new Map<string, WrittenPlatform>();
  for (const text of texts) {
    const parsed = parsePlatform(text);
    if (!parsed.ok) continue;
    const key = formatPlatform(normalizePlatform(parsed.platform));
    if (!distinct.has(key)) distinct.set(key, { platform: parsed.platform, label: text.trim() });
  }
  return [...distinct.values()];
}

/** `a and b`, `a, b and c`; a hostile file's thousands of platforms are summarised. */
function listLabels(platforms: readonly WrittenPlatform[]): string {
  const labels = platforms.map((written) => written.label);
  if (labels.length > 4) return `${labels.slice(0, 3).join(', ')} and ${labels.length - 3} other platforms`;
  return labels.length <= 2 ? labels.join(' and ') : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1) ?? ''}`;
}

async function configPlatformOfPin(reader: RegistryReader, locator: RepositoryLocator, configDigest: string): Promise<Fetched<Platform>> {
  const declared = await reader.configPlatform(locator, configDigest);
  if (declared.ok || declared.problem.reason !== 'not-found') return declared;
  // Without its config the pin's platform can't be known, and a platform is never guessed.
  const problem: Problem = {
    reason: 'unknown-pin',
    host: declared.problem.host,
    detail: `the pinned manifest's platform can't be read (${declared.problem.detail})`,
  };
  return { ok: false, problem };
}

function stale(pin: Pin, newDigest: string, label: string, host: string): Resolution {
  return { status: 'stale', currentDigest: pin.digest, newDigest, pinKind: 'manifest', platform: label, host };
}

function listPlatforms(entries: readonly IndexEntry[]): string {
  const names = entries.flatMap((entry) => (entry.platform && !isAttestation(entry) ? [formatPlatform(entry.platform)] : []));
  return names.length > 0 ? [...new Set(names)].join(', ') : 'no platforms';
}
