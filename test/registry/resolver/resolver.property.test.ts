import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parsePlatform, platformsMatch, type Platform } from '../../../src/registry/resolver/platform.js';
import { createResolver } from '../../../src/registry/resolver/resolver.js';
import { FakeRegistry, sha256, type Descriptor, type FakePlatform, type IndexFormat } from './fake-registry.js';
import { NODE, pin } from './scenario.js';

const POOL: FakePlatform[] = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64', variant: 'v8' },
  { os: 'linux', architecture: 'arm64' },
  { os: 'linux', architecture: 'arm', variant: 'v7' },
  { os: 'linux', architecture: 'arm', variant: 'v6' },
  { os: 'linux', architecture: '386' },
  { os: 'linux', architecture: 's390x' },
  { os: 'windows', architecture: 'amd64', 'os.version': '10.0.17763.7434' },
  { os: 'windows', architecture: 'amd64', 'os.version': '10.0.20348.3807' },
];
const SPELLINGS = [
  'linux/amd64',
  'linux/x86_64',
  'linux/arm64',
  'linux/arm64/v8',
  'linux/arm/v7',
  'linux/arm/v6',
  'linux/386',
  'linux/s390x',
  'windows/amd64',
  'linux/riscv64',
  '$TARGETPLATFORM',
];
const FORMATS: IndexFormat[] = ['oci', 'docker', 'oci-without-media-type'];

const shape = fc.oneof(
  fc.record({
    kind: fc.constant('index' as const),
    platforms: fc.uniqueArray(fc.nat(POOL.length - 1), { minLength: 1, maxLength: 5 }),
    attest: fc.boolean(),
    format: fc.constantFrom(...FORMATS),
  }),
  fc.record({ kind: fc.constant('single' as const), platform: fc.nat(POOL.length - 1) }),
);

const scenario = fc.record({
  old: shape,
  next: shape,
  /** For each new platform also in the old release: reuse the old manifest instead of rebuilding. */
  keep: fc.array(fc.boolean(), { minLength: POOL.length, maxLength: POOL.length }),
  target: fc.constantFrom('top', 'entry', 'attestation', 'unknown'),
  entry: fc.nat(),
  deletePin: fc.boolean(),
  literal: fc.option(fc.constantFrom(...SPELLINGS), { nil: null }),
  sendHeadDigest: fc.boolean(),
  updateOnIndexOnlyChange: fc.boolean(),
});

type Shape = typeof shape extends fc.Arbitrary<infer T> ? T : never;

interface Published {
  readonly top: string;
  readonly images: Map<number, Descriptor>;
  readonly attestations: Descriptor[];
}

function publish(registry: FakeRegistry, value: Shape, reuse: (slot: number) => Descriptor | undefined): Published {
  const slots = value.kind === 'index' ? value.platforms : [value.platform];
  const images = new Map(slots.map((slot) => [slot, reuse(slot) ?? registry.pushImage(NODE, POOL[slot]!)] as const));
  if (value.kind === 'single') {
    const only = images.get(value.platform)!;
    registry.tag(NODE, '22', only.digest);
    return { top: only.digest, images, attestations: [] };
  }
  const attestations = value.attest ? [...images.values()].map((image) => registry.pushAttestation(NODE, image)) : [];
  const index = registry.pushIndex(NODE, [...images.values(), ...attestations], value.format);
  registry.tag(NODE, '22', index.digest);
  return { top: index.digest, images, attestations };
}

function toPlatform(value: FakePlatform): Platform {
  return { os: value.os, architecture: value.architecture, variant: value.variant, osVersion: value['os.version'] };
}

describe('resolver property', () => {
  it('never proposes a digest the tag does not serve now, nor another platform’s image', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const registry = new FakeRegistry();
        registry.sendHeadDigest = s.sendHeadDigest;
        const before = publish(registry, s.old, () => undefined);
        const beforeImages = [...before.images.values()];
        const choices: Record<typeof s.target, string[]> = {
          top: [before.top],
          entry: beforeImages.map((image) => image.digest),
          attestation: before.attestations.map((attestation) => attestation.digest),
          unknown: [],
        };
        const candidates = choices[s.target];
        const pushed = candidates.length > 0;
        const pinned = pushed ? candidates[s.entry % candidates.length]! : sha256(new TextEncoder().encode(`never pushed ${s.entry}`));
        const after = publish(registry, s.next, (slot) => (s.keep[slot] ? before.images.get(slot) : undefined));
        if (s.deletePin && pushed && pinned !== after.top) registry.deleteManifest(NODE, pinned);

        const resolution = await createResolver(registry, { updateOnIndexOnlyChange: s.updateOnIndexOnlyChange }).resolve(
          pin(pinned, s.literal),
        );

        const served = new Map([...after.images.values()].map((image) => [image.digest, image] as const));
        switch (resolution.status) {
          case 'current':
            expect(resolution.digest).toBe(pinned);
            expect(registry.servedBy(NODE, '22').has(pinned)).toBe(true);
            break;
          case 'platforms-unchanged':
            expect(resolution.newDigest).toBe(after.top);
            break;
          case 'stale': {
            expect(resolution.currentDigest).toBe(pinned);
            expect(resolution.newDigest).not.toBe(pinned);
            if (resolution.pinKind === 'index') {
              expect(resolution.newDigest).toBe(after.top);
              break;
            }
            // A manifest pin gets an image the tag serves, of the pin's own platform.
            const proposed = served.get(resolution.newDigest);
            expect(proposed).toBeDefined();
            const literal = s.literal === null ? undefined : parsePlatform(s.literal);
            const pinnedImage = beforeImages.find((image) => image.digest === pinned);
            const wanted = literal?.ok ? literal.platform : pinnedImage && toPlatform(pinnedImage.platform!);
            expect(wanted).toBeDefined();
            expect(platformsMatch(toPlatform(proposed!.platform!), wanted!)).toBe(true);
            break;
          }
          case 'failed':
            expect(resolution.message).toContain('docker.io/library/node:22');
            break;
        }
        // A pin that can't be fetched and isn't served is never resolved to anything.
        const pinServed = registry.servedBy(NODE, '22').has(pinned);
        if (!pinServed && (!pushed || s.deletePin)) {
          expect(resolution).toMatchObject({ status: 'failed', reason: 'unknown-pin' });
        }
      }),
      { numRuns: 300 },
    );
  });
});
