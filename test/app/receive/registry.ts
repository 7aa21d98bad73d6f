/**
 * The registry side of the receive tests: the resolver tests' in-memory registry, holding three
 * releases of `node:22-slim` and two of `postgres:16` (multi-platform indexes, each a fresh
 * build), with the tags pointed wherever a test wants them.
 */
import type { RegistryClient, RepositoryLocator } from '../../../src/registry/client/types.js';
import { FakeRegistry } from '../../registry/resolver/fake-registry.js';

export type ImageName = 'node' | 'postgres';
export type Release = 'v1' | 'v2' | 'v3';

interface ImageSpec {
  readonly locator: RepositoryLocator;
  readonly tag: string;
  readonly releases: readonly Release[];
}

export const IMAGES: Readonly<Record<ImageName, ImageSpec>> = {
  node: { locator: { registry: 'docker.io', repository: 'library/node' }, tag: '22-slim', releases: ['v1', 'v2', 'v3'] },
  postgres: { locator: { registry: 'docker.io', repository: 'library/postgres' }, tag: '16', releases: ['v1', 'v2'] },
};

const PLATFORMS = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64', variant: 'v8' },
] as const;

export class TestRegistry {
  readonly fake = new FakeRegistry();
  private readonly digests = new Map<string, string>();
  private gate: { reached: () => void; opened: Promise<void> } | undefined;

  /** What the app is given: the fake registry, behind a gate a test can close (see `hold`). */
  readonly client: RegistryClient = {
    headManifest: async (locator, reference) => {
      await this.passGate();
      return this.fake.headManifest(locator, reference);
    },
    getManifest: (locator, reference) => this.fake.getManifest(locator, reference),
    getBlob: (locator, digest) => this.fake.getBlob(locator, digest),
  };

  constructor() {
    for (const [name, spec] of Object.entries(IMAGES) as Array<[ImageName, ImageSpec]>) {
      for (const release of spec.releases) {
        const images = PLATFORMS.map((platform) => this.fake.pushImage(spec.locator, platform));
        this.digests.set(`${name}@${release}`, this.fake.pushIndex(spec.locator, images).digest);
      }
      this.point(name, 'v1');
    }
  }

  /**
   * Holds every tag lookup until `release()`, so a test can deliver more webhooks while a scan
   * is in the middle of its run; `reached` resolves when the first lookup is waiting.
   */
  hold(): { reached: Promise<void>; release: () => void } {
    let release!: () => void;
    let reached!: () => void;
    const opened = new Promise<void>((resolve) => (release = resolve));
    const arrived = new Promise<void>((resolve) => (reached = resolve));
    this.gate = { reached, opened };
    return { reached: arrived, release };
  }

  private async passGate(): Promise<void> {
    if (this.gate === undefined) return;
    this.gate.reached();
    await this.gate.opened;
  }

  /** The index digest of a release, e.g. `sha256:…` of node v2. */
  digest(name: ImageName, release: Release): string {
    const digest = this.digests.get(`${name}@${release}`);
    if (digest === undefined) throw new Error(`no release ${release} of ${name}`);
    return digest;
  }

  /** Moves the image's tag to a release. */
  point(name: ImageName, release: Release): void {
    const spec = IMAGES[name];
    this.fake.tag(spec.locator, spec.tag, this.digest(name, release));
  }

  /** Every request for the image's tag fails as a registry outage would (5xx after retries), with the registry's words. */
  outage(name: ImageName, words = 'Service Unavailable'): void {
    const host = 'registry-1.docker.io';
    this.fake.failures.set(IMAGES[name].tag, { kind: 'unavailable', host, message: `${host} answered 503 ${words}` });
  }
}
