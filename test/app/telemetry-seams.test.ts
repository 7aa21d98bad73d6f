import { describe, expect, it } from '@jest/globals';
import { createGitObjectCache } from '../../src/github/cache.js';
import type { TreeListing } from '../../src/github/types.js';
import { createRegistryClient, type RegistryRequestOutcome } from '../../src/registry/client/client.js';
import { observedFetch, statusOutcome } from '../../src/registry/client/observed-fetch.js';

/**
 * The seams telemetry is threaded through: the registry client's `onResponse` hook and the git
 * object cache's lookup callback. Each must report, and must change nothing else.
 */
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const LOCATOR = { registry: 'registry.example.test', repository: 'team/app' };

describe('statusOutcome', () => {
  it.each<[number, RegistryRequestOutcome]>([
    [200, '2xx'],
    [204, '2xx'],
    [307, '3xx'],
    [400, '4xx'],
    [401, '401'],
    [403, '403'],
    [404, '404'],
    [418, '4xx'],
    [429, '429'],
    [500, '5xx'],
    [503, '5xx'],
  ])('%i → %s', (status, outcome) => {
    expect(statusOutcome(status)).toBe(outcome);
  });
});

describe('observedFetch', () => {
  it('reports the host and port only, and hands back the very same response', async () => {
    const reported: string[] = [];
    const answer = new Response('{}', { status: 404 });
    const wrapped = observedFetch(
      async () => answer,
      (host, outcome) => reported.push(`${host} ${outcome}`),
    );
    expect(await wrapped(new URL('https://user:pw@registry.example.test:8443/v2/team/app/manifests/1?x=secret'))).toBe(answer);
    expect(reported).toEqual(['registry.example.test:8443 404']);
  });

  it('tells a network error from a timeout, and rethrows both unchanged', async () => {
    const reported: string[] = [];
    const failure = new TypeError('fetch failed');
    const wrapped = observedFetch(
      async () => {
        throw failure;
      },
      (host, outcome) => reported.push(`${host} ${outcome}`),
    );
    await expect(wrapped('https://a.example/v2/')).rejects.toBe(failure);
    const controller = new AbortController();
    controller.abort();
    await expect(wrapped('https://b.example/v2/', { signal: controller.signal })).rejects.toBe(failure);
    expect(reported).toEqual(['a.example network', 'b.example timeout']);
  });

  it('ignores a hook that throws: observing never changes an answer', async () => {
    const answer = new Response('ok');
    const wrapped = observedFetch(
      async () => answer,
      () => {
        throw new Error('metrics broke');
      },
    );
    expect(await wrapped('https://a.example/')).toBe(answer);
  });
});

/** A registry with token auth, served by a fetch stub: 401 + challenge, token, then the manifest. */
function tokenRegistry(firstStatus = 200): { fetch: typeof fetch; requests: string[] } {
  const requests: string[] = [];
  let manifestCalls = 0;
  const stub: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    requests.push(`${init?.method ?? 'GET'} ${url.host}${url.pathname}`);
    if (url.host === 'auth.example.test') return Response.json({ token: 'tkn-123', expires_in: 300 });
    const authorized = new Headers(init?.headers).get('authorization') === 'Bearer tkn-123';
    if (!authorized) {
      const challenge = 'Bearer realm="https://auth.example.test/token",service="registry.example.test",scope="repository:team/app:pull"';
      return new Response(null, { status: 401, headers: { 'www-authenticate': challenge } });
    }
    manifestCalls++;
    if (manifestCalls === 1 && firstStatus !== 200) return new Response(null, { status: firstStatus });
    return new Response(null, {
      status: 200,
      headers: { 'docker-content-digest': DIGEST, 'content-type': 'application/vnd.oci.image.index.v1+json' },
    });
  };
  return { fetch: stub, requests };
}

describe('createRegistryClient onResponse', () => {
  const base = { env: {}, sleep: async () => undefined, random: () => 0 };

  it('reports every exchange by host, the token realm’s too, and answers exactly as without the hook', async () => {
    const reported: string[] = [];
    const observed = createRegistryClient({
      ...base,
      fetch: tokenRegistry().fetch,
      onResponse: (host, outcome) => reported.push(`${host} ${outcome}`),
    });
    const plain = createRegistryClient({ ...base, fetch: tokenRegistry().fetch });

    const answer = await observed.headManifest(LOCATOR, '1');
    expect(answer).toEqual(await plain.headManifest(LOCATOR, '1'));
    expect(answer).toMatchObject({ kind: 'found', digest: DIGEST });
    expect(reported).toEqual(['registry.example.test 401', 'auth.example.test 2xx', 'registry.example.test 2xx']);
  });

  it('counts each attempt, so a 503 that a retry cured still shows', async () => {
    const reported: string[] = [];
    const registry = tokenRegistry(503);
    const client = createRegistryClient({
      ...base,
      fetch: registry.fetch,
      onResponse: (host, outcome) => reported.push(`${host} ${outcome}`),
    });
    expect(await client.headManifest(LOCATOR, '1')).toMatchObject({ kind: 'found' });
    expect(reported.filter((line) => line.startsWith('registry.example.test'))).toEqual([
      'registry.example.test 401',
      'registry.example.test 5xx',
      'registry.example.test 2xx',
    ]);
  });

  it('reports a request that ran out of time as a timeout', async () => {
    const reported: string[] = [];
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    const client = createRegistryClient({
      ...base,
      fetch: hanging,
      timeoutMs: 5,
      maxAttempts: 1,
      onResponse: (host, outcome) => reported.push(`${host} ${outcome}`),
    });
    expect(await client.headManifest(LOCATOR, '1')).toMatchObject({ kind: 'unavailable' });
    expect(reported).toEqual(['registry.example.test timeout']);
  });
});

describe('createGitObjectCache onLookup', () => {
  it('reports each lookup with the map it went to and whether it hit', () => {
    const lookups: string[] = [];
    const cache = createGitObjectCache({}, { onLookup: (kind, hit) => lookups.push(`${kind} ${hit ? 'hit' : 'miss'}`) });
    const listing: TreeListing = { entries: [], complete: true };
    expect(cache.commitTrees.get('c1')).toBeUndefined();
    cache.commitTrees.set('c1', 't1');
    expect(cache.commitTrees.get('c1')).toBe('t1');
    expect(cache.trees.get('t1')).toBeUndefined();
    cache.trees.set('t1', listing);
    expect(cache.trees.get('t1')).toBe(listing);
    cache.blobs.set('b1', new Uint8Array([1]));
    expect(cache.blobs.get('b1')).toEqual(new Uint8Array([1]));
    expect(lookups).toEqual(['commit miss', 'commit hit', 'tree miss', 'tree hit', 'blob hit']);
  });

  it('needs no observer', () => {
    const cache = createGitObjectCache();
    cache.blobs.set('b', new Uint8Array([2]));
    expect(cache.blobs.get('b')).toEqual(new Uint8Array([2]));
  });
});
