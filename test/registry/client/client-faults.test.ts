/**
 * What the client does when a registry misbehaves: rate limits, server errors, hangs, missing
 * or lying digests, junk error bodies, oversized answers, and inputs that must never become a URL.
 */
import { describe, expect, it } from '@jest/globals';
import nock from '../../helpers/nock.js';
import { Readable } from 'node:stream';
import { MEDIA_TYPES } from '../../../src/registry/client/types.js';
import { fixture, sha256, testClient, useStrictNock } from './support.js';

useStrictNock();

const REPO = { registry: 'ghcr.io', repository: 'foo/bar' };
const MANIFEST = fixture('node-22-slim-amd64-manifest.json');
const DIGEST = sha256(MANIFEST);
const ghcr = () => nock('https://ghcr.io');
const PATH = '/v2/foo/bar/manifests/1.0';

describe('retries', () => {
  it('waits as long as Retry-After says (seconds)', async () => {
    ghcr().head(PATH).reply(429, undefined, { 'retry-after': '7' });
    ghcr().head(PATH).reply(200, undefined, { 'docker-content-digest': DIGEST });
    const { client, sleeps } = testClient();
    expect(await client.headManifest(REPO, '1.0')).toMatchObject({ kind: 'found', digest: DIGEST });
    expect(sleeps).toEqual([7000]);
  });

  it('waits until the Retry-After date (injected clock)', async () => {
    ghcr().head(PATH).reply(503, undefined, { 'retry-after': 'Sun, 01 Jun 2025 12:00:12 GMT' });
    ghcr().head(PATH).reply(200, undefined, { 'docker-content-digest': DIGEST });
    const { client, sleeps } = testClient();
    expect(await client.headManifest(REPO, '1.0')).toMatchObject({ kind: 'found' });
    expect(sleeps).toEqual([12_000]);
  });

  it('caps a long Retry-After', async () => {
    ghcr().head(PATH).reply(429, undefined, { 'retry-after': '86400' });
    ghcr().head(PATH).reply(200, undefined, { 'docker-content-digest': DIGEST });
    const { client, sleeps } = testClient({ maxRetryAfterMs: 20_000 });
    await client.headManifest(REPO, '1.0');
    expect(sleeps).toEqual([20_000]);
  });

  it('retries a 500 after a jittered backoff', async () => {
    ghcr().get(PATH).reply(500, 'upstream exploded');
    ghcr().get(PATH).reply(200, MANIFEST, { 'docker-content-digest': DIGEST, 'content-type': MEDIA_TYPES.ociManifest });
    const { client, sleeps } = testClient();
    expect(await client.getManifest(REPO, '1.0')).toMatchObject({ kind: 'found', digest: DIGEST });
    expect(sleeps).toEqual([250]); // random() = 0.5 of the first 500 ms ceiling
  });

  it('gives up after 3 attempts, as unavailable, with the registry’s own words', async () => {
    ghcr()
      .get(PATH)
      .times(3)
      .reply(503, { errors: [{ code: 'UNAVAILABLE', message: 'service unavailable' }] });
    const { client, sleeps } = testClient();
    expect(await client.getManifest(REPO, '1.0')).toEqual({
      kind: 'unavailable',
      host: 'ghcr.io',
      message: 'GET https://ghcr.io/v2/foo/bar/manifests/1.0: 503 UNAVAILABLE: service unavailable (after 3 attempts)',
      cause: { kind: 'status', status: 503 },
    });
    expect(sleeps).toEqual([250, 500]);
  });

  it('times out a registry that does not answer', async () => {
    // A fetch that only ever ends by being aborted: the timeout is the only way out.
    const asked: string[] = [];
    const hanging = ((input: string | URL | Request, init?: RequestInit) => {
      asked.push(`${init?.method} ${String(input)}`);
      return new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    }) as typeof fetch;
    const { client } = testClient({ timeoutMs: 25, fetch: hanging });
    expect(await client.headManifest(REPO, '1.0')).toEqual({
      kind: 'unavailable',
      host: 'ghcr.io',
      message: 'HEAD https://ghcr.io/v2/foo/bar/manifests/1.0: timed out after 25 ms (after 3 attempts)',
      cause: { kind: 'timeout' },
    });
    expect(asked).toEqual(Array(3).fill('HEAD https://ghcr.io/v2/foo/bar/manifests/1.0'));
  });

  it('times out a body that stops arriving', async () => {
    ghcr()
      .get(PATH)
      .times(3)
      .reply(200, () => new Readable({ read() {} }), { 'docker-content-digest': DIGEST });
    const { client } = testClient({ timeoutMs: 25 });
    expect(await client.getManifest(REPO, '1.0')).toMatchObject({
      kind: 'unavailable',
      message: expect.stringContaining('timed out after 25 ms'),
    });
  });

  it('reports network errors as unavailable', async () => {
    ghcr().head(PATH).times(3).replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    const { client } = testClient();
    expect(await client.headManifest(REPO, '1.0')).toEqual({
      kind: 'unavailable',
      host: 'ghcr.io',
      message: 'HEAD https://ghcr.io/v2/foo/bar/manifests/1.0: network error: ECONNRESET (socket hang up) (after 3 attempts)',
      cause: { kind: 'network', code: 'ECONNRESET' },
    });
  });

  it('tells a failed TLS handshake from other network errors', async () => {
    ghcr().head(PATH).times(3).replyWithError({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' });
    const { client } = testClient();
    expect(await client.headManifest(REPO, '1.0')).toMatchObject({
      kind: 'unavailable',
      cause: { kind: 'tls', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
    });
  });

  it('does not retry a 404, and uses the registry’s error codes', async () => {
    ghcr()
      .get(PATH)
      .reply(404, { errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown', detail: { Tag: '1.0' } }] });
    const { client, sleeps } = testClient();
    expect(await client.getManifest(REPO, '1.0')).toEqual({
      kind: 'not-found',
      host: 'ghcr.io',
      message: 'GET https://ghcr.io/v2/foo/bar/manifests/1.0: 404 MANIFEST_UNKNOWN: manifest unknown',
    });
    expect(sleeps).toEqual([]);
  });

  it('keeps going when the error body is not JSON', async () => {
    ghcr()
      .get(PATH)
      .reply(404, '<html><head><title>404 Not Found</title></head><body>nginx</body></html>', { 'content-type': 'text/html' });
    const { client } = testClient();
    expect(await client.getManifest(REPO, '1.0')).toEqual({
      kind: 'not-found',
      host: 'ghcr.io',
      message: 'GET https://ghcr.io/v2/foo/bar/manifests/1.0: 404 Not Found',
    });
  });

  it('calls an unexpected status an invalid response', async () => {
    ghcr().head(PATH).reply(204);
    const { client } = testClient();
    expect(await client.headManifest(REPO, '1.0')).toEqual({
      kind: 'invalid-response',
      host: 'ghcr.io',
      message: 'HEAD https://ghcr.io/v2/foo/bar/manifests/1.0: unexpected status 204',
    });
  });
});

describe('digest checks', () => {
  it('reports a missing Docker-Content-Digest on HEAD as undefined', async () => {
    ghcr().head(PATH).reply(200, undefined, { 'content-type': MEDIA_TYPES.ociManifest });
    const { client } = testClient();
    expect(await client.headManifest(REPO, '1.0')).toEqual({
      kind: 'found',
      digest: undefined,
      mediaType: MEDIA_TYPES.ociManifest,
      host: 'ghcr.io',
    });
  });

  it('treats a registry that refuses HEAD (405) as one that names no digest, so the lookup can GET', async () => {
    ghcr()
      .head(PATH)
      .reply(405, { errors: [{ code: 'UNSUPPORTED', message: 'HEAD is not supported' }] });
    const { client, sleeps } = testClient();
    expect(await client.headManifest(REPO, '1.0')).toEqual({ kind: 'found', digest: undefined, mediaType: undefined, host: 'ghcr.io' });
    expect(sleeps).toEqual([]);
  });

  it('computes the digest from the body when GET has no header', async () => {
    ghcr().get(PATH).reply(200, MANIFEST, { 'content-type': MEDIA_TYPES.ociManifest });
    const { client } = testClient();
    expect(await client.getManifest(REPO, '1.0')).toMatchObject({ kind: 'found', digest: DIGEST });
  });

  it.each([
    ['sha256:XYZ', 'HEAD'],
    [`sha256:${'A'.repeat(64)}`, 'HEAD'],
    [`sha512:${'a'.repeat(128)}`, 'GET'],
    [`${DIGEST}, ${DIGEST}`, 'GET'],
  ])('refuses a malformed Docker-Content-Digest %j (%s)', async (header, method) => {
    const { client } = testClient();
    if (method === 'HEAD') ghcr().head(PATH).reply(200, undefined, { 'docker-content-digest': header });
    else ghcr().get(PATH).reply(200, MANIFEST, { 'docker-content-digest': header });
    const answer = method === 'HEAD' ? await client.headManifest(REPO, '1.0') : await client.getManifest(REPO, '1.0');
    expect(answer).toMatchObject({ kind: 'invalid-response', host: 'ghcr.io' });
    expect(answer.kind === 'invalid-response' && answer.message).toContain(
      `${method} https://ghcr.io/v2/foo/bar/manifests/1.0: malformed Docker-Content-Digest header`,
    );
  });

  it('refuses a HEAD by digest that answers about another digest', async () => {
    const other = sha256('another manifest');
    ghcr().head(`/v2/foo/bar/manifests/${DIGEST}`).reply(200, undefined, { 'docker-content-digest': other });
    const { client } = testClient();
    expect(await client.headManifest(REPO, DIGEST)).toEqual({
      kind: 'invalid-response',
      host: 'ghcr.io',
      message: `HEAD https://ghcr.io/v2/foo/bar/manifests/${DIGEST}: Docker-Content-Digest ${other} is not the digest asked for`,
    });
  });

  it('refuses a body that does not match its Docker-Content-Digest', async () => {
    const claimed = sha256('something else');
    ghcr().get(PATH).reply(200, MANIFEST, { 'docker-content-digest': claimed });
    const { client } = testClient();
    expect(await client.getManifest(REPO, '1.0')).toEqual({
      kind: 'invalid-response',
      host: 'ghcr.io',
      message: `GET https://ghcr.io/v2/foo/bar/manifests/1.0: Docker-Content-Digest ${claimed} does not match the body's ${DIGEST}`,
    });
  });

  it('refuses a manifest that does not hash to the digest asked for, even with a matching header', async () => {
    const asked = sha256('the manifest we pinned');
    ghcr().get(`/v2/foo/bar/manifests/${asked}`).reply(200, MANIFEST, { 'docker-content-digest': DIGEST });
    const { client } = testClient();
    expect(await client.getManifest(REPO, asked)).toMatchObject({
      kind: 'invalid-response',
      message: `GET https://ghcr.io/v2/foo/bar/manifests/${asked}: body does not hash to the requested ${asked} (it is ${DIGEST})`,
    });
  });

  it('refuses a blob that does not hash to its digest', async () => {
    const asked = sha256('config');
    ghcr().get(`/v2/foo/bar/blobs/${asked}`).reply(200, '{"architecture":"amd64"}');
    const { client } = testClient();
    expect(await client.getBlob(REPO, asked)).toMatchObject({ kind: 'invalid-response' });
  });
});

describe('size cap', () => {
  const limit = 4 * 1024 * 1024;

  it('accepts a body of exactly 4 MiB', async () => {
    const body = Buffer.alloc(limit, 0x61);
    const digest = sha256(body);
    ghcr()
      .get(`/v2/foo/bar/blobs/${digest}`)
      .reply(200, body, { 'content-length': String(limit) });
    const { client } = testClient();
    expect(await client.getBlob(REPO, digest)).toMatchObject({ kind: 'found', digest });
  });

  it('refuses a larger body announced by Content-Length', async () => {
    const body = Buffer.alloc(limit + 1, 0x61);
    ghcr()
      .get(PATH)
      .reply(200, body, { 'content-length': String(limit + 1) });
    const { client } = testClient();
    expect(await client.getManifest(REPO, '1.0')).toEqual({
      kind: 'invalid-response',
      host: 'ghcr.io',
      message: `GET https://ghcr.io/v2/foo/bar/manifests/1.0: body is larger than ${limit} bytes`,
    });
  });

  it('refuses a larger body streamed without Content-Length', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x62);
    ghcr()
      .get(PATH)
      .reply(200, () => Readable.from([chunk, chunk, chunk, chunk, Buffer.from('!')]));
    const { client } = testClient();
    expect(await client.getManifest(REPO, '1.0')).toMatchObject({
      kind: 'invalid-response',
      message: expect.stringContaining('larger than'),
    });
  });
});

describe('inputs that must not become URLs', () => {
  it.each([
    [{ registry: 'ghcr.io/evil', repository: 'a' }, '1.0', 'registry "ghcr.io/evil" is not a host[:port]'],
    [{ registry: 'ghcr.io', repository: '../../admin' }, '1.0', '"../../admin" is not a valid repository path on ghcr.io'],
    [{ registry: 'ghcr.io', repository: 'Foo/bar' }, '1.0', '"Foo/bar" is not a valid repository path on ghcr.io'],
    [{ registry: 'ghcr.io', repository: 'foo/bar' }, '1.0/../../x', '"1.0/../../x" is not a valid reference for ghcr.io/foo/bar'],
    [{ registry: 'ghcr.io', repository: 'foo/bar' }, 'sha256:abc', '"sha256:abc" is not a valid reference for ghcr.io/foo/bar'],
  ])('%o %s', async (locator, reference, message) => {
    const { client } = testClient();
    expect(await client.headManifest(locator, reference)).toMatchObject({ kind: 'invalid-response', message });
  });

  it('refuses a blob digest it could not verify', async () => {
    const { client } = testClient();
    expect(await client.getBlob(REPO, 'md5:d41d8cd98f00b204e9800998ecf8427e')).toMatchObject({ kind: 'invalid-response' });
  });
});

describe('the first contact with a host', () => {
  it('lets waiting requests go when an open registry answers 200', async () => {
    ghcr().head(PATH).times(3).reply(200, undefined, { 'docker-content-digest': DIGEST });
    const { client } = testClient();
    const answers = await Promise.all([1, 2, 3].map(() => client.headManifest(REPO, '1.0')));
    expect(answers.map((answer) => answer.kind)).toEqual(['found', 'found', 'found']);
  });

  it('lets waiting requests go when the first one fails, so they try for themselves', async () => {
    ghcr().head(PATH).times(3).replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    ghcr().head(PATH).times(2).reply(200, undefined, { 'docker-content-digest': DIGEST });
    const { client } = testClient();
    const answers = await Promise.all([1, 2, 3].map(() => client.headManifest(REPO, '1.0')));
    expect(answers.map((answer) => answer.kind)).toEqual(['unavailable', 'found', 'found']);
  });
});
