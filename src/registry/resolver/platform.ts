/**
 * Image platforms (`linux/arm64/v8`): parse, format, normalise and match. Pure.
 *
 * Matching follows the normalisation containerd's platform matcher applies, so that the
 * spellings registries and users actually write (`arm64` vs `arm64/v8`, `aarch64`, `x86_64`)
 * compare as the same platform, while genuinely different variants (`arm/v6` vs `arm/v7`,
 * `amd64` vs `amd64/v3`) never do.
 */

export interface Platform {
  readonly os: string;
  readonly architecture: string;
  readonly variant: string | undefined;
  /** Windows images differ by OS build (`10.0.20348.2031`); other images leave it unset. */
  readonly osVersion: string | undefined;
}

export type PlatformParse = { readonly ok: true; readonly platform: Platform } | { readonly ok: false; readonly message: string };

/** One path segment of a platform string: what os, architecture and variant names look like. */
const SEGMENT = /^[A-Za-z0-9_.-]+$/;

/** Parse `os/architecture[/variant]`, the form `docker build --platform` and `FROM --platform` take. */
export function parsePlatform(text: string): PlatformParse {
  const trimmed = text.trim();
  const parts = trimmed.split('/');
  if (parts.length < 2 || parts.length > 3 || !parts.every((part) => SEGMENT.test(part))) {
    return {
      ok: false,
      message: `platform "${text}" is not of the form os/architecture[/variant] (e.g. linux/arm64/v8)`,
    };
  }
  const [os, architecture, variant] = parts as [string, string, string | undefined];
  return { ok: true, platform: { os, architecture, variant, osVersion: undefined } };
}

/** `linux/arm64/v8`; the variant only when stated. */
export function formatPlatform(platform: Platform): string {
  const base = `${platform.os}/${platform.architecture}`;
  return platform.variant ? `${base}/${platform.variant}` : base;
}

/**
 * The canonical spelling: lower-case names, architecture aliases folded, and each architecture's
 * default variant made explicit or dropped so that equal platforms compare equal.
 */
export function normalizePlatform(platform: Platform): Platform {
  const os = platform.os.toLowerCase() === 'macos' ? 'darwin' : platform.os.toLowerCase();
  const { architecture, variant } = normalizeArchitecture(
    platform.architecture.toLowerCase(),
    platform.variant ? platform.variant.toLowerCase() : undefined,
  );
  return { os, architecture, variant, osVersion: platform.osVersion };
}

function normalizeArchitecture(architecture: string, variant: string | undefined): { architecture: string; variant: string | undefined } {
  switch (architecture) {
    case 'i386':
      return { architecture: '386', variant: undefined };
    case 'x86_64':
    case 'x86-64':
    case 'amd64':
      // v1 is the baseline every amd64 CPU meets, so it is the same as no variant.
      return { architecture: 'amd64', variant: variant === 'v1' ? undefined : variant };
    case 'aarch64':
    case 'arm64':
      // ARMv8 is the only arm64 baseline; registries write both `arm64` and `arm64/v8` for it.
      return {
        architecture: 'arm64',
        variant: variant === '8' || variant === 'v8' || variant === 'v8.0' ? undefined : variant,
      };
    case 'armhf':
      return { architecture: 'arm', variant: 'v7' };
    case 'armel':
      return { architecture: 'arm', variant: 'v6' };
    case 'arm':
      // 32-bit arm without a variant means v7; bare numbers are the same variants without the `v`.
      if (variant === undefined || variant === '7') return { architecture, variant: 'v7' };
      if (variant === '5' || variant === '6' || variant === '8') return { architecture, variant: `v${variant}` };
      return { architecture, variant };
    default:
      return { architecture, variant };
  }
}

/**
 * Same os, architecture and variant after normalisation. A variant stated on one side only
 * counts as a difference unless it is that architecture's default (see normalizePlatform).
 * The OS version is not compared here: see narrowByOsVersion.
 */
export function platformsMatch(a: Platform, b: Platform): boolean {
  const left = normalizePlatform(a);
  const right = normalizePlatform(b);
  return left.os === right.os && left.architecture === right.architecture && left.variant === right.variant;
}

/** Same platform including the OS version (used when deciding whether an index entry is unchanged). */
export function platformsIdentical(a: Platform, b: Platform): boolean {
  return platformsMatch(a, b) && (a.osVersion ?? '') === (b.osVersion ?? '');
}

/**
 * Among several candidates of one platform (Windows indexes list one per OS build), keep those
 * with the wanted OS version; failing that, those of the same build (`10.0.20348`), because a
 * rebuilt Windows image moves to a newer patch level of the same build.
 */
export function narrowByOsVersion<T>(
  candidates: readonly T[],
  osVersion: string | undefined,
  versionOf: (candidate: T) => string | undefined,
): T[] {
  if (osVersion === undefined) return [...candidates];
  const exact = candidates.filter((candidate) => versionOf(candidate) === osVersion);
  if (exact.length > 0) return exact;
  const build = osBuild(osVersion);
  return candidates.filter((candidate) => {
    const version = versionOf(candidate);
    return version !== undefined && osBuild(version) === build;
  });
}

function osBuild(osVersion: string): string {
  return osVersion.split('.').slice(0, 3).join('.');
}
