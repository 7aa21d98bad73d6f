import { describe, expect, it } from '@jest/globals';
import { entriesForPlatform, isAttestation, platformsUnchanged, verdictKey } from '../../../src/registry/resolver/index-compare.js';
import type { IndexEntry } from '../../../src/registry/resolver/manifest.js';
import { parsePlatform, type Platform } from '../../../src/registry/resolver/platform.js';

function digest(seed: string): string {
  return `sha256:${seed.repeat(64).slice(0, 64)}`;
}

function at(text: string, osVersion?: string): Platform {
  const parsed = parsePlatform(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return { ...parsed.platform, osVersion };
}

function entry(seed: string, platform?: string, annotations: Record<string, string> = {}, osVersion?: string): IndexEntry {
  return {
    digest: digest(seed),
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    platform: platform ? at(platform, osVersion) : undefined,
    annotations,
  };
}

const attestation = (seed: string, of: string) =>
  entry(seed, 'unknown/unknown', { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': digest(of) });

describe('isAttestation', () => {
  it('recognises BuildKit attestations by platform or by annotation', () => {
    expect(isAttestation(attestation('a', '1'))).toBe(true);
    expect(isAttestation(entry('a', 'unknown/unknown'))).toBe(true);
    expect(isAttestation(entry('a', undefined, { 'vnd.docker.reference.type': 'attestation-manifest' }))).toBe(true);
    expect(isAttestation(entry('a', 'linux/amd64'))).toBe(false);
    expect(isAttestation(entry('a'))).toBe(false);
  });
});

describe('entriesForPlatform', () => {
  const entries = [entry('1', 'linux/amd64'), entry('2', 'linux/arm64/v8'), entry('3', 'linux/arm/v7'), attestation('4', '1'), entry('5')];

  it('matches arm64 with or without the v8 variant', () => {
    expect(entriesForPlatform(entries, at('linux/arm64')).map((e) => e.digest)).toEqual([digest('2')]);
    expect(entriesForPlatform(entries, at('linux/aarch64')).map((e) => e.digest)).toEqual([digest('2')]);
  });

  it('never returns attestations or entries without a platform', () => {
    expect(entriesForPlatform(entries, at('unknown/unknown'))).toEqual([]);
    expect(entriesForPlatform(entries, at('linux/arm/v6'))).toEqual([]);
  });
});

describe('platformsUnchanged', () => {
  const old = [entry('1', 'linux/amd64'), entry('2', 'linux/arm64/v8'), attestation('3', '1'), attestation('4', '2')];

  it('holds when only attestations changed', () => {
    const next = [entry('1', 'linux/amd64'), entry('2', 'linux/arm64/v8'), attestation('5', '1'), attestation('6', '2')];
    expect(platformsUnchanged(old, next)).toBe(true);
  });

  it('holds when platforms were only added or reordered', () => {
    const next = [entry('7', 'linux/s390x'), entry('2', 'linux/arm64/v8'), entry('1', 'linux/amd64')];
    expect(platformsUnchanged(old, next)).toBe(true);
  });

  it('fails when a platform got a new manifest', () => {
    const next = [entry('1', 'linux/amd64'), entry('8', 'linux/arm64/v8'), attestation('3', '1')];
    expect(platformsUnchanged(old, next)).toBe(false);
  });

  it('fails when a platform was dropped', () => {
    expect(platformsUnchanged(old, [entry('1', 'linux/amd64')])).toBe(false);
  });

  it('fails when the same digest is now declared for another platform or OS build', () => {
    expect(platformsUnchanged(old, [entry('1', 'linux/amd64'), entry('2', 'linux/arm/v7')])).toBe(false);
    const windows = [entry('w', 'windows/amd64', {}, '10.0.20348.3692')];
    expect(platformsUnchanged(windows, [entry('w', 'windows/amd64', {}, '10.0.20348.3807')])).toBe(false);
  });

  it('does not count a new attestation entry as serving an old entry', () => {
    const annotated = entry('9', undefined, { 'vnd.docker.reference.type': 'attestation-manifest' });
    expect(platformsUnchanged([entry('9')], [annotated])).toBe(false);
  });

  it('compares entries without a platform by digest', () => {
    expect(platformsUnchanged([entry('9')], [entry('9')])).toBe(true);
    expect(platformsUnchanged([entry('9')], [entry('9', 'linux/amd64')])).toBe(false);
  });
});

describe('verdictKey', () => {
  it('orders the pair: old -> new differs from new -> old', () => {
    expect(verdictKey(digest('1'), digest('2'))).not.toBe(verdictKey(digest('2'), digest('1')));
  });
});
