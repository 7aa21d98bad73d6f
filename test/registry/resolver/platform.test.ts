import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  formatPlatform,
  narrowByOsVersion,
  normalizePlatform,
  parsePlatform,
  platformsIdentical,
  platformsMatch,
  type Platform,
} from '../../../src/registry/resolver/platform.js';

function platform(text: string, osVersion?: string): Platform {
  const parsed = parsePlatform(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return { ...parsed.platform, osVersion };
}

describe('parsePlatform', () => {
  it.each([
    ['linux/amd64', { os: 'linux', architecture: 'amd64', variant: undefined }],
    ['linux/arm64/v8', { os: 'linux', architecture: 'arm64', variant: 'v8' }],
    ['windows/amd64', { os: 'windows', architecture: 'amd64', variant: undefined }],
    [' linux/arm/v7 ', { os: 'linux', architecture: 'arm', variant: 'v7' }],
  ])('reads %j', (text, expected) => {
    expect(parsePlatform(text)).toEqual({ ok: true, platform: { ...expected, osVersion: undefined } });
  });

  it.each(['', 'linux', 'linux/', '/amd64', 'linux/arm64/v8/extra', '$TARGETPLATFORM', '${BUILDPLATFORM}', 'linux/amd64,linux/arm64'])(
    'rejects %j with a message naming it',
    (text) => {
      const parsed = parsePlatform(text);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.message).toContain(`"${text}"`);
    },
  );
});

describe('formatPlatform', () => {
  it('writes the variant only when there is one', () => {
    expect(formatPlatform(platform('linux/arm64/v8'))).toBe('linux/arm64/v8');
    expect(formatPlatform(platform('linux/amd64'))).toBe('linux/amd64');
  });

  it('round-trips any well-formed platform string', () => {
    const segment = fc.stringMatching(/^[a-z0-9][a-z0-9_.-]{0,9}$/);
    fc.assert(
      fc.property(segment, segment, fc.option(segment, { nil: undefined }), (os, architecture, variant) => {
        const text = variant ? `${os}/${architecture}/${variant}` : `${os}/${architecture}`;
        expect(formatPlatform(platform(text))).toBe(text);
      }),
    );
  });
});

describe('platformsMatch (containerd normalisation)', () => {
  it.each([
    ['linux/arm64/v8', 'linux/arm64'],
    ['linux/aarch64', 'linux/arm64/v8'],
    ['linux/arm64/8', 'linux/arm64'],
    ['linux/amd64', 'linux/x86_64'],
    ['linux/amd64/v1', 'linux/amd64'],
    ['linux/arm', 'linux/arm/v7'],
    ['linux/armhf', 'linux/arm/v7'],
    ['linux/armel', 'linux/arm/v6'],
    ['linux/arm/6', 'linux/arm/v6'],
    ['linux/i386', 'linux/386'],
    ['Linux/AMD64', 'linux/amd64'],
    ['macos/arm64', 'darwin/arm64'],
  ])('%s is the same platform as %s', (a, b) => {
    expect(platformsMatch(platform(a), platform(b))).toBe(true);
    expect(platformsMatch(platform(b), platform(a))).toBe(true);
  });

  it.each([
    ['linux/arm/v6', 'linux/arm/v7'],
    ['linux/arm', 'linux/arm/v6'],
    ['linux/amd64', 'linux/amd64/v3'],
    ['linux/arm64', 'linux/arm64/v9'],
    ['linux/amd64', 'linux/arm64'],
    ['linux/amd64', 'windows/amd64'],
    ['linux/arm64', 'linux/arm'],
  ])('%s is not %s', (a, b) => {
    expect(platformsMatch(platform(a), platform(b))).toBe(false);
    expect(platformsMatch(platform(b), platform(a))).toBe(false);
  });

  it('is reflexive and symmetric, and normalising is idempotent', () => {
    const names = fc.constantFrom('amd64', 'x86_64', 'arm64', 'aarch64', 'arm', 'armhf', 'armel', '386', 'i386', 'ppc64le');
    const variants = fc.option(fc.constantFrom('v5', 'v6', 'v7', 'v8', '8', 'v1', 'v3'), { nil: undefined });
    const platforms = fc.record({
      os: fc.constantFrom('linux', 'windows'),
      architecture: names,
      variant: variants,
      osVersion: fc.constant(undefined),
    });
    fc.assert(
      fc.property(platforms, platforms, (a, b) => {
        expect(platformsMatch(a, a)).toBe(true);
        expect(platformsMatch(a, b)).toBe(platformsMatch(b, a));
        expect(normalizePlatform(normalizePlatform(a))).toEqual(normalizePlatform(a));
      }),
    );
  });

  it('ignores the OS version, which platformsIdentical compares', () => {
    const older = platform('windows/amd64', '10.0.20348.3692');
    const newer = platform('windows/amd64', '10.0.20348.3807');
    expect(platformsMatch(older, newer)).toBe(true);
    expect(platformsIdentical(older, newer)).toBe(false);
    expect(platformsIdentical(older, { ...older })).toBe(true);
  });
});

describe('narrowByOsVersion', () => {
  const builds = ['10.0.17763.7434', '10.0.20348.3807', '10.0.26100.4349'];
  const version = (text: string) => text;

  it('prefers the exact OS version', () => {
    expect(narrowByOsVersion(builds, '10.0.20348.3807', version)).toEqual(['10.0.20348.3807']);
  });

  it('falls back to the same Windows build at a newer patch level', () => {
    expect(narrowByOsVersion(builds, '10.0.20348.3692', version)).toEqual(['10.0.20348.3807']);
  });

  it('keeps nothing when no candidate has the build, and everything when no version is known', () => {
    expect(narrowByOsVersion(builds, '10.0.14393.1000', version)).toEqual([]);
    expect(narrowByOsVersion(builds, undefined, version)).toEqual(builds);
  });
});
