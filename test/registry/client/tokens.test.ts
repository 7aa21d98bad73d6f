import { describe, expect, it } from '@jest/globals';
import nock from '../../helpers/nock.js';
import { DEFAULT_RETRY_POLICY } from '../../../src/registry/client/retry.js';
import { createTokenProvider, parseTokenResponse } from '../../../src/registry/client/tokens.js';
import { createTransport } from '../../../src/registry/client/transport.js';
import { useStrictNock } from './support.js';

useStrictNock();

describe('parseTokenResponse', () => {
  it.each([
    ['{"token":"abc","expires_in":300}', { token: 'abc', expiresIn: 300 }],
    ['{"access_token":"oauth","expires_in":3600,"scope":"repository:a:pull"}', { token: 'oauth', expiresIn: 3600 }],
    ['{"token":"t","access_token":"ignored"}', { token: 't', expiresIn: 60 }],
    ['{"token":"","access_token":"fallback"}', { token: 'fallback', expiresIn: 60 }],
    ['{"token":"t","expires_in":"300"}', { token: 't', expiresIn: 60 }],
    ['{"token":"t","expires_in":-1}', { token: 't', expiresIn: 60 }],
    ['{"token":"line\\r\\nInjected: header"}', undefined],
    ['{"token":42}', undefined],
    ['{}', undefined],
    ['[]', undefined],
    ['not json', undefined],
  ])('%s', (text, expected) => {
    expect(parseTokenResponse(text)).toEqual(expected);
  });
});

describe('createTokenProvider', () => {
  const secrets: string[] = [];
  const provider = () =>
    createTokenProvider({
      transport: createTransport({
        fetch: globalThis.fetch,
        sleep: async () => undefined,
        random: () => 0,
        now: () => 0,
        timeoutMs: 1000,
        retry: DEFAULT_RETRY_POLICY,
        concurrencyPerHost: 2,
      }),
      now: () => 0,
      onSecret: (secret) => secrets.push(secret),
    });
  const request = {
    registryHost: 'quay.io',
    realm: new URL('https://quay.io/v2/auth'),
    service: 'quay.io',
    scope: 'repository:org/app:pull',
    credentials: undefined,
  };

  it('does not cache a failure: the next lookup asks again', async () => {
    nock('https://quay.io').get('/v2/auth').query(true).reply(200, { nope: true });
    nock('https://quay.io').get('/v2/auth').query(true).reply(200, { token: 'second-time' });
    const tokens = provider();
    expect(await tokens.get(request)).toEqual({
      kind: 'invalid-response',
      host: 'quay.io',
      message: 'token request GET https://quay.io/v2/auth for repository:org/app:pull: the answer has no usable token',
    });
    expect(await tokens.get(request)).toEqual({ kind: 'token', token: 'second-time' });
    expect(secrets).toContain('second-time');
  });

  it('keeps tokens for different scopes apart', async () => {
    nock('https://quay.io')
      .get('/v2/auth')
      .query({ service: 'quay.io', scope: 'repository:org/app:pull' })
      .reply(200, { token: 'for-app' });
    nock('https://quay.io').get('/v2/auth').query({ service: 'quay.io', scope: 'repository:org/db:pull' }).reply(200, { token: 'for-db' });
    const tokens = provider();
    expect(await tokens.get(request)).toEqual({ kind: 'token', token: 'for-app' });
    expect(await tokens.get({ ...request, scope: 'repository:org/db:pull' })).toEqual({ kind: 'token', token: 'for-db' });
    expect(await tokens.get(request)).toEqual({ kind: 'token', token: 'for-app' });
  });

  it('keeps a realm’s own query parameters', async () => {
    nock('https://quay.io')
      .get('/v2/auth')
      .query({ account: 'bot', service: 'quay.io', scope: 'repository:org/app:pull' })
      .reply(200, { token: 't' });
    expect(await provider().get({ ...request, realm: new URL('https://quay.io/v2/auth?account=bot') })).toEqual({
      kind: 'token',
      token: 't',
    });
  });

  it('reports an unreachable token server as unavailable', async () => {
    nock('https://quay.io').get('/v2/auth').query(true).times(3).reply(502, 'bad gateway');
    expect(await provider().get(request)).toEqual({
      kind: 'unavailable',
      host: 'quay.io',
      message: 'token request GET https://quay.io/v2/auth for repository:org/app:pull: 502 Bad Gateway (after 3 attempts)',
      cause: { kind: 'status', status: 502 },
    });
  });
});
