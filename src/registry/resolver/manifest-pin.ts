/**
 * A pin on one platform's image manifest: find its platform, then propose the manifest of the
 * same platform that the tag serves now. Fails rather than propose another platform's image.
 */
import { entriesForPlatform, isAttestation } from './index-compare.js';
import type { IndexEntry } from './manifest.js';
import { formatPlatform, narrowByOsVersion, parsePlatform, platformsMatch, type Platform } from './platform.js';
import { failed, type Pin, type Problem, type Resolution } from './resolution.js';
import type { Fetched, FetchedManifest, RegistryReader } from './fetch.js';
import { SHA256_DIGEST, type RepositoryLocator } from '../client/types.js';

interface PinPlatform {
  readonly platform: Platform;
  /** How messages and the resolution name it: as written in the file, else as the image declares it. */
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
  const pinnedPlatform = () => configPlatformOfPin(reader, locator, pinnedConfigDigest);
  const wanted = await platformOfPin(pin, pinnedPlatform);
  if (!wanted.ok) return failed(pin, wanted.problem);
  const { platform, label } = wanted.value;

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
    const version = platform.osVersion !== undefined ? ok(platform.osVersion) : await osVersionOf(pinnedPlatform);
    if (!version.ok) return failed(pin, version.problem);
    candidates = narrowByOsVersion(candidates, version.value, (entry) => entry.platform?.osVersion);
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
 * The literal `FROM --platform` when it is a platform; otherwise (none written, or a build
 * argument such as `$TARGETPLATFORM`) the platform the pinned image's config declares.
 */
async function platformOfPin(pin: Pin, configPlatform: () => Promise<Fetched<Platform>>): Promise<Fetched<PinPlatform>> {
  if (pin.platform !== null) {
    const literal = parsePlatform(pin.platform);
    if (literal.ok) return ok({ platform: literal.platform, label: pin.platform.trim() });
  }
  const declared = await configPlatform();
  if (!declared.ok) return declared;
  return ok({ platform: declared.value, label: formatPlatform(declared.value) });
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

async function osVersionOf(configPlatform: () => Promise<Fetched<Platform>>): Promise<Fetched<string | undefined>> {
  const declared = await configPlatform();
  return declared.ok ? ok(declared.value.osVersion) : declared;
}

function stale(pin: Pin, newDigest: string, label: string, host: string): Resolution {
  return { status: 'stale', currentDigest: pin.digest, newDigest, pinKind: 'manifest', platform: label, host };
}

function listPlatforms(entries: readonly IndexEntry[]): string {
  const names = entries.flatMap((entry) => (entry.platform && !isAttestation(entry) ? [formatPlatform(entry.platform)] : []));
  return names.length > 0 ? [...new Set(names)].join(', ') : 'no platforms';
}

function ok<T>(value: T): Fetched<T> {
  return { ok: true, value };
}
