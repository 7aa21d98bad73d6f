/**
 * The request shapes of hosted registries, replayed with nock: Docker Hub (registry-1.docker.io
 * with tokens from auth.docker.io), GHCR (its own token endpoint, Basic credentials), a Basic-auth
 * registry, and an Azure-style identity token (OAuth refresh-token POST).
 */
import { describe, expect, it } from '@jest/globals';
import nock from '../../helpers/nock.js';
import { MEDIA_TYPES } from '../../../src/registry/client/types.js';
import { basicHeader, fixture, sha256, staticCredentials, testClient, useStrictNock } from './support.js';

useStrictNock();

const NODE = { registry: 'docker.io', repository: 'library/node' };
const INDEX = fixture('node-22-slim-index.json');
const INDEX_DIGEST = sha256(INDEX);
const HUB_CHALLENGE = 'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/node:pull"';
const HUB_TOKEN_QUERY = { service: 'registry.docker.io', scope: 'repository:library/node:pull' };
const HUB_HEADERS = { 'docker-distribution-api-version': 'registry/2.0', 'content-type': 'application/json' };
const FOUND_HEADERS = {
  'content-type': MEDIA_TYPES.ociIndex,
  'docker-content-digest': INDEX_DIGEST,
  'docker-distribution-api-version': 'registry/2.0',
  etag: `"${INDEX_DIGEST}"`,
  'ratelimit-limit': '100;w=21600',
  'ratelimit-remaining': '99;w=21600',
};

function hubUnauthorized(times = 1) {
  return nock('https://registry-1.docker.io')
    .head('/v2/library/node/manifests/22-slim')
    .times(times)
    .reply(401, undefined, { ...HUB_HEADERS, 'www-authenticate': HUB_CHALLENGE });
}
function hubToken(token: string, expiresIn = 300) {
  return nock('https://auth.docker.io', { badheaders: ['authorization'] })
    .get('/token')
    .query(HUB_TOKEN_QUERY)
    .reply(200, { token, access_token: token, expires_in: expiresIn, issued_at: '2025-06-01T12:00:00.000Z' });
}
function hubHead(token: string, times = 1) {
  return nock('https://registry-1.docker.io')
    .head('/v2/library/node/manifests/22-slim')
    .matchHeader('authorization', `Bearer ${token}`)
    .matchHeader('accept', /application\/vnd\.oci\.image\.index\.v1\+json/)
    .times(times)
    .reply(200, undefined, FOUND_HEADERS);
}

describe('Docker Hub', () => {
  it('answers a HEAD after an anonymous token from auth.docker.io', async () => {
    hubUnauthorized();
    hubToken('hub-token-1');
    hubHead('hub-token-1');
    const { client } = testClient();
    expect(await client.headManifest(NODE, '22-slim')).toEqual({
      kind: 'found',
      digest: INDEX_DIGEST,
      mediaType: MEDIA_TYPES.ociIndex,
      host: 'registry-1.docker.io',
    });
  });

  it('fetches a manifest by digest and verifies it', async () => {
    nock('https://registry-1.docker.io')
      .get(`/v2/library/node/manifests/${INDEX_DIGEST}`)
      .reply(401, '', { 'www-authenticate': HUB_CHALLENGE });
    hubToken('hub-token-2');
    nock('https://registry-1.docker.io')
      .get(`/v2/library/node/manifests/${INDEX_DIGEST}`)
      .matchHeader('authorization', 'Bearer hub-token-2')
      .reply(200, INDEX, { ...FOUND_HEADERS, 'content-type': `${MEDIA_TYPES.ociIndex}; charset=utf-8` });
    const { client } = testClient();
    const answer = await client.getManifest(NODE, INDEX_DIGEST);
    expect(answer).toMatchObject({ kind: 'found', digest: INDEX_DIGEST, mediaType: MEDIA_TYPES.ociIndex, host: 'registry-1.docker.io' });
    expect(answer.kind === 'found' && Buffer.from(answer.body).equals(INDEX)).toBe(true);
  });

  it('sends Docker Hub credentials to auth.docker.io (its parent domain) and nowhere else', async () => {
    const asked: string[] = [];
    hubUnauthorized();
    nock('https://auth.docker.io')
      .get('/token')
      .query(HUB_TOKEN_QUERY)
      .matchHeader('authorization', basicHeader('hubuser', 'hub-password'))
      .reply(200, { token: 'private-token' });
    hubHead('private-token');
    const credentials = staticCredentials({ 'docker.io': { kind: 'basic', username: 'hubuser', password: 'hub-password' } }, asked);
    const { client } = testClient({ credentials });
    expect(await client.headManifest(NODE, '22-slim')).toMatchObject({ kind: 'found', digest: INDEX_DIGEST });
    expect(asked).toEqual(['docker.io']);
  });

  it('follows a blob redirect to the CDN without the Authorization header', async () => {
    const config = fixture('node-22-slim-amd64-config.json');
    const digest = sha256(config);
    const cdnPath = `/registry-v2/docker/registry/v2/blobs/sha256/${digest.slice(7, 9)}/${digest.slice(7)}/data`;
    let cdnHeaders: Record<string, unknown> = {};
    nock('https://registry-1.docker.io').get(`/v2/library/node/blobs/${digest}`).reply(401, '', { 'www-authenticate': HUB_CHALLENGE });
    hubToken('blob-token');
    nock('https://registry-1.docker.io')
      .get(`/v2/library/node/blobs/${digest}`)
      .matchHeader('authorization', 'Bearer blob-token')
      .reply(307, '', { location: `https://production.cloudflare.docker.com${cdnPath}?verify=1717243200-abc%2Bdef` });
    nock('https://production.cloudflare.docker.com')
      .get(cdnPath)
      .query({ verify: '1717243200-abc+def' })
      .reply(function () {
        cdnHeaders = { ...this.req.headers };
        return [200, config, { 'content-type': 'application/octet-stream' }];
      });
    const { client } = testClient();
    const answer = await client.getBlob(NODE, digest);
    expect(answer).toMatchObject({ kind: 'found', digest, host: 'registry-1.docker.io' });
    expect(answer.kind === 'found' && Buffer.from(answer.body).equals(config)).toBe(true);
    expect(Object.keys(cdnHeaders)).not.toContain('authorization');
  });
});

describe('tokens', () => {
  it('reuses one token for repeated lookups (2 HEADs → 1 token request, 1 challenge)', async () => {
    hubUnauthorized();
    hubToken('cached-token');
    hubHead('cached-token', 2);
    const { client } = testClient();
    await client.headManifest(NODE, '22-slim');
    expect(await client.headManifest(NODE, '22-slim')).toMatchObject({ kind: 'found' });
  });

  it('fetches a new token shortly before the old one expires (injected clock)', async () => {
    hubUnauthorized();
    hubToken('first-token', 60);
    hubHead('first-token', 2);
    hubToken('second-token', 60);
    hubHead('second-token');
    const { client, clock } = testClient();
    await client.headManifest(NODE, '22-slim');
    clock.now += 45_000; // still valid: refreshed 10 s before the 60 s expiry
    expect(await client.headManifest(NODE, '22-slim')).toMatchObject({ kind: 'found' });
    clock.now += 6_000;
    expect(await client.headManifest(NODE, '22-slim')).toMatchObject({ kind: 'found' });
  });

  it('assumes 60 s when the token server gives no expires_in', async () => {
    hubUnauthorized();
    nock('https://auth.docker.io').get('/token').query(true).reply(200, { access_token: 'oauth-shaped' });
    hubHead('oauth-shaped', 2);
    nock('https://auth.docker.io').get('/token').query(true).reply(200, { access_token: 'oauth-shaped-2' });
    hubHead('oauth-shaped-2');
    const { client, clock } = testClient();
    await client.headManifest(NODE, '22-slim');
    clock.now += 49_000;
    await client.headManifest(NODE, '22-slim');
    clock.now += 2_000;
    expect(await client.headManifest(NODE, '22-slim')).toMatchObject({ kind: 'found' });
  });

  it('learns a new host from one request: concurrent ones wait, then share one token', async () => {
    hubUnauthorized(1);
    hubToken('shared-token');
    hubHead('shared-token', 3);
    const { client } = testClient();
    const answers = await Promise.all([1, 2, 3].map(() => client.headManifest(NODE, '22-slim')));
    expect(answers.map((a) => a.kind)).toEqual(['found', 'found', 'found']);
  });

  it('drops a token the registry rejects and fetches a fresh one', async () => {
    hubUnauthorized();
    hubToken('revoked-token');
    hubHead('revoked-token');
    nock('https://registry-1.docker.io')
      .head('/v2/library/node/manifests/22-slim')
      .matchHeader('authorization', 'Bearer revoked-token')
      .reply(401, undefined, { 'www-authenticate': `${HUB_CHALLENGE},error="invalid_token"` });
    hubToken('fresh-token');
    hubHead('fresh-token');
    const { client } = testClient();
    await client.headManifest(NODE, '22-slim');
    expect(await client.headManifest(NODE, '22-slim')).toMatchObject({ kind: 'found' });
  });
});

describe('GHCR', () => {
  const REPO = { registry: 'ghcr.io', repository: 'octo-org/private-app' };
  const CHALLENGE = 'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:octo-org/private-app:pull"';

  it('gets a token from ghcr.io/token with Basic credentials', async () => {
    nock('https://ghcr.io').head('/v2/octo-org/private-app/manifests/1.4.2').reply(401, undefined, { 'www-authenticate': CHALLENGE });
    nock('https://ghcr.io')
      .get('/token')
      .query({ service: 'ghcr.io', scope: 'repository:octo-org/private-app:pull' })
      .matchHeader('authorization', basicHeader('octocat', 'ghp_0123456789abcdef'))
      .reply(200, { token: 'djE6b2N0by1vcmcvcHJpdmF0ZS1hcHA6MTcxNzI0MzIwMA==' });
    nock('https://ghcr.io')
      .head('/v2/octo-org/private-app/manifests/1.4.2')
      .matchHeader('authorization', 'Bearer djE6b2N0by1vcmcvcHJpdmF0ZS1hcHA6MTcxNzI0MzIwMA==')
      .reply(200, undefined, { 'content-type': MEDIA_TYPES.ociManifest, 'docker-content-digest': INDEX_DIGEST });
    const credentials = staticCredentials({ 'ghcr.io': { kind: 'basic', username: 'octocat', password: 'ghp_0123456789abcdef' } });
    const { client } = testClient({ credentials });
    expect(await client.headManifest(REPO, '1.4.2')).toEqual({
      kind: 'found',
      digest: INDEX_DIGEST,
      mediaType: MEDIA_TYPES.ociManifest,
      host: 'ghcr.io',
    });
  });

  it('reports a refused token as unauthorized, naming the token endpoint', async () => {
    nock('https://ghcr.io').head('/v2/octo-org/private-app/manifests/1.4.2').reply(401, undefined, { 'www-authenticate': CHALLENGE });
    nock('https://ghcr.io')
      .get('/token')
      .query(true)
      .reply(403, { errors: [{ code: 'DENIED', message: 'requested access to the resource is denied' }] });
    const credentials = staticCredentials({ 'ghcr.io': { kind: 'basic', username: 'octocat', password: 'ghp_wrong' } });
    const { client } = testClient({ credentials });
    expect(await client.headManifest(REPO, '1.4.2')).toEqual({
      kind: 'unauthorized',
      host: 'ghcr.io',
      status: 403,
      message:
        'HEAD https://ghcr.io/v2/octo-org/private-app/manifests/1.4.2: token request GET https://ghcr.io/token for repository:octo-org/private-app:pull: 403 DENIED: requested access to the resource is denied',
    });
  });

  it('says when no credentials were found for a private image', async () => {
    nock('https://ghcr.io').head('/v2/octo-org/private-app/manifests/1.4.2').reply(401, undefined, { 'www-authenticate': CHALLENGE });
    nock('https://ghcr.io').get('/token').query(true).reply(200, { token: 'anonymous-token' });
    nock('https://ghcr.io')
      .head('/v2/octo-org/private-app/manifests/1.4.2')
      .matchHeader('authorization', 'Bearer anonymous-token')
      .reply(401, undefined, { 'www-authenticate': CHALLENGE });
    const { client } = testClient();
    expect(await client.headManifest(REPO, '1.4.2')).toEqual({
      kind: 'unauthorized',
      host: 'ghcr.io',
      status: 401,
      message: 'HEAD https://ghcr.io/v2/octo-org/private-app/manifests/1.4.2: 401 Unauthorized (sent anonymously)',
    });
  });
});

describe('Basic auth registries', () => {
  const REPO = { registry: 'registry.corp.example:5000', repository: 'platform/base' };
  const URL_PATH = '/v2/platform/base/manifests/2024.06';

  it('answers a Basic challenge with the stored credentials', async () => {
    nock('https://registry.corp.example:5000').head(URL_PATH).reply(401, undefined, { 'www-authenticate': 'Basic realm="Registry Realm"' });
    nock('https://registry.corp.example:5000')
      .head(URL_PATH)
      .matchHeader('authorization', basicHeader('ci', 'corp-secret'))
      .times(2)
      .reply(200, undefined, { 'docker-content-digest': INDEX_DIGEST });
    const credentials = staticCredentials({ 'registry.corp.example:5000': { kind: 'basic', username: 'ci', password: 'corp-secret' } });
    const { client } = testClient({ credentials });
    expect(await client.headManifest(REPO, '2024.06')).toMatchObject({ kind: 'found', digest: INDEX_DIGEST, mediaType: undefined });
    // The second lookup sends credentials up front instead of collecting another 401.
    expect(await client.headManifest(REPO, '2024.06')).toMatchObject({ kind: 'found' });
  });

  it('reports rejected credentials once, without retrying them', async () => {
    nock('https://registry.corp.example:5000').head(URL_PATH).reply(401, undefined, { 'www-authenticate': 'Basic realm="Registry Realm"' });
    nock('https://registry.corp.example:5000')
      .head(URL_PATH)
      .matchHeader('authorization', basicHeader('ci', 'wrong'))
      .reply(401, undefined, { 'www-authenticate': 'Basic realm="Registry Realm"' });
    const credentials = staticCredentials({ 'registry.corp.example:5000': { kind: 'basic', username: 'ci', password: 'wrong' } });
    const { client } = testClient({ credentials });
    expect(await client.headManifest(REPO, '2024.06')).toEqual({
      kind: 'unauthorized',
      host: 'registry.corp.example:5000',
      status: 401,
      message: `HEAD https://registry.corp.example:5000${URL_PATH}: 401 Unauthorized (sent the stored credentials for registry.corp.example:5000)`,
    });
  });

  it('explains that no credentials were found', async () => {
    nock('https://registry.corp.example:5000').head(URL_PATH).reply(401, undefined, { 'www-authenticate': 'Basic realm="Registry Realm"' });
    const { client } = testClient();
    expect(await client.headManifest(REPO, '2024.06')).toMatchObject({
      kind: 'unauthorized',
      message: `HEAD https://registry.corp.example:5000${URL_PATH}: 401 Unauthorized (no credentials found for registry.corp.example:5000)`,
    });
  });
});

describe('identity tokens (OAuth refresh)', () => {
  const REPO = { registry: 'myregistry.azurecr.io', repository: 'team/api' };
  const CHALLENGE = 'Bearer realm="https://myregistry.azurecr.io/oauth2/token",service="myregistry.azurecr.io"';
  const IDENTITY = {
    kind: 'identity-token' as const,
    token: 'eyJhbGciOiJSUzI1NiJ9.refresh.sig',
    username: '00000000-0000-0000-0000-000000000000',
  };

  it('exchanges the refresh token with a form POST', async () => {
    nock('https://myregistry.azurecr.io').head('/v2/team/api/manifests/3.1').reply(401, undefined, { 'www-authenticate': CHALLENGE });
    nock('https://myregistry.azurecr.io', { badheaders: ['authorization'] })
      .post('/oauth2/token', {
        grant_type: 'refresh_token',
        refresh_token: IDENTITY.token,
        client_id: 'pinbot',
        scope: 'repository:team/api:pull',
        service: 'myregistry.azurecr.io',
      })
      .matchHeader('content-type', 'application/x-www-form-urlencoded')
      .reply(200, { access_token: 'acr-access-token', expires_in: 3600 });
    nock('https://myregistry.azurecr.io')
      .head('/v2/team/api/manifests/3.1')
      .matchHeader('authorization', 'Bearer acr-access-token')
      .reply(200, undefined, { 'docker-content-digest': INDEX_DIGEST });
    const { client } = testClient({ credentials: staticCredentials({ 'myregistry.azurecr.io': IDENTITY }) });
    expect(await client.headManifest(REPO, '3.1')).toMatchObject({ kind: 'found', digest: INDEX_DIGEST });
  });

  it('falls back to GET with the token as a Basic password when the server has no OAuth endpoint', async () => {
    nock('https://myregistry.azurecr.io').head('/v2/team/api/manifests/3.1').reply(401, undefined, { 'www-authenticate': CHALLENGE });
    nock('https://myregistry.azurecr.io').post('/oauth2/token').reply(404, 'not found');
    nock('https://myregistry.azurecr.io')
      .get('/oauth2/token')
      .query({ service: 'myregistry.azurecr.io', scope: 'repository:team/api:pull' })
      .matchHeader('authorization', basicHeader(IDENTITY.username, IDENTITY.token))
      .reply(200, { token: 'via-get' });
    nock('https://myregistry.azurecr.io')
      .head('/v2/team/api/manifests/3.1')
      .matchHeader('authorization', 'Bearer via-get')
      .reply(200, undefined, { 'docker-content-digest': INDEX_DIGEST });
    const { client } = testClient({ credentials: staticCredentials({ 'myregistry.azurecr.io': IDENTITY }) });
    expect(await client.headManifest(REPO, '3.1')).toMatchObject({ kind: 'found' });
  });
});
