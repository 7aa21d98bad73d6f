/**
 * Platform truth costs one request per pinned platform manifest, once per process: against a
 * real registry, a long-lived process (the App: a new client and resolver per scan, one shared
 * platform cache) reads each pinned image config once, and never again on later runs.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRegistryClient } from '../../../src/registry/client/client.js';
import type { Platform } from '../../../src/registry/resolver/platform.js';
import { createResolver } from '../../../src/registry/resolver/resolver.js';
import type { Pin } from '../../../src/registry/resolver/resolution.js';
import { pushImage, startRegistry, type LocalRegistry, type PushResult } from '../../helpers/registry/index.js';

const AMD64 = { os: 'linux', architecture: 'amd64' };
const ARM64 = { os: 'linux', architecture: 'arm64', variant: 'v8' };

let registry: LocalRegistry;
let old: PushResult;
let moved: PushResult;

beforeAll(async () => {
  registry = await startRegistry();
  old = await pushImage(registry, 'team/base', '1', { platforms: [AMD64, ARM64], seed: 'one' });
  moved = await pushImage(registry, 'team/base', '1', { platforms: [AMD64, ARM64], seed: 'two' });
});
afterAll(async () => {
  await registry?.stop();
});

const manifestOf = (result: PushResult, architecture: string): string =>
  result.manifests.find((descriptor) => descriptor.platform?.architecture === architecture)!.digest;

/** One scan of a long-lived process: its own client and resolver, recording `METHOD path` of each request. */
async function scan(pins: readonly Pin[], platformCache: Map<string, Platform>): Promise<{ statuses: string[]; requests: string[] }> {
  const requests: string[] = [];
  const client = createRegistryClient({
    env: {},
    fetch: (input, init) => {
      requests.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
      return fetch(input, init);
    },
  });
  const resolver = createResolver(client, { updateOnIndexOnlyChange: false, platformCache });
  const resolutions = await Promise.all(pins.map((pin) => resolver.resolve(pin)));
  return { statuses: resolutions.map((resolution) => resolution.status), requests };
}

describe('reading pinned platforms', () => {
  it('costs one config read per distinct pinned platform manifest, and none on later runs', async () => {
    const base = { registry: registry.host, repository: 'team/base', tag: '1' };
    const pins: Pin[] = [
      { ...base, digest: manifestOf(old, 'arm64'), platform: 'linux/arm64' },
      { ...base, digest: manifestOf(old, 'arm64'), platform: 'linux/arm64/v8' },
      { ...base, digest: manifestOf(old, 'amd64'), platform: 'linux/amd64' },
      { ...base, digest: old.digest, platform: null },
    ];
    const platformCache = new Map<string, Platform>();

    const first = await scan(pins, platformCache);
    expect(first.statuses).toEqual(['stale', 'stale', 'stale', 'stale']);
    const blobs = (requests: string[]) => requests.filter((request) => request.includes('/blobs/'));
    expect(blobs(first.requests)).toHaveLength(2);
    // HEAD the tag, GET the new index, GET the three pinned manifests, GET two configs.
    expect(first.requests).toHaveLength(1 + 1 + 3 + 2);

    const second = await scan(pins, platformCache);
    expect(second.statuses).toEqual(first.statuses);
    expect(blobs(second.requests)).toEqual([]);
    expect(second.requests).toHaveLength(1 + 1 + 3);
    expect(moved.digest).not.toBe(old.digest);
  });
});
