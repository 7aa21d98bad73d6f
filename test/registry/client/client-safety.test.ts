/**
 * A registry's answers steer where pinbot sends requests next. These tests play a hostile or
 * compromised registry and check that credentials stay home, internal addresses are never
 * contacted, and no secret ever shows up in a message.
 */
import { describe, expect, it } from '@jest/globals';
import nock from '../../helpers/nock.js';
import { basicHeader, sha256, staticCredentials, testClient, useStrictNock } from './support.js';

useStrictNock();

const REPO = { registry: 'registry.example.com', repository: 'team/app' };
const PATH = '/v2/team/app/manifests/2.0';
const DIGEST = sha256('manifest');
const CREDENTIALS = staticCredentials({ 'registry.example.com': { kind: 'basic', username: 'deploy', password: 'hunter2-very-secret' } });

/** Global fetch (so nock still answers), recording every URL asked for. */
function recordingFetch(): { fetch: typeof fetch; urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    fetch: (input: string | URL | Request, init?: RequestInit) => {
      urls.push(String(input));
      return fetch(input, init);
    },
  };
}

function challengeWith(realm: string) {
  nock('https://registry.example.com')
    .head(PATH)
    .reply(401, undefined, { 'www-authenticate': `Bearer realm="${realm}",service="registry.example.com"` });
}

describe('token realms on other hosts', () => {
  it('asks a foreign realm for an anonymous token only, and says so', async () => {
    challengeWith('https://auth.attacker.test/token');
    let realmHeaders: Record<string, unknown> = {};
    nock('https://auth.attacker.test')
      .get('/token')
      .query({ service: 'registry.example.com', scope: 'repository:team/app:pull' })
      .reply(function () {
        realmHeaders = { ...this.req.headers };
        return [200, { token: 'anon-token' }];
      });
    nock('https://registry.example.com')
      .head(PATH)
      .matchHeader('authorization', 'Bearer anon-token')
      .reply(200, undefined, { 'docker-content-digest': DIGEST });
    const { client, warnings } = testClient({ credentials: CREDENTIALS });
    expect(await client.headManifest(REPO, '2.0')).toMatchObject({ kind: 'found', digest: DIGEST });
    expect(Object.keys(realmHeaders)).not.toContain('authorization');
    expect(JSON.stringify(realmHeaders)).not.toContain(basicHeader('deploy', 'hunter2-very-secret').slice(6));
    expect(warnings).toEqual([
      "not sending credentials for registry.example.com to token realm auth.attacker.test: it is neither the registry's own scheme, host and port nor on its parent domain; asking for an anonymous token",
    ]);
  });

  it('sends credentials to a realm on the registry’s parent domain', async () => {
    challengeWith('https://auth.example.com/token');
    nock('https://auth.example.com')
      .get('/token')
      .query(true)
      .matchHeader('authorization', basicHeader('deploy', 'hunter2-very-secret'))
      .reply(200, { token: 't' });
    nock('https://registry.example.com')
      .head(PATH)
      .matchHeader('authorization', 'Bearer t')
      .reply(200, undefined, { 'docker-content-digest': DIGEST });
    const { client, warnings } = testClient({ credentials: CREDENTIALS });
    expect(await client.headManifest(REPO, '2.0')).toMatchObject({ kind: 'found' });
    expect(warnings).toEqual([]);
  });

  it.each([
    ['https://169.254.169.254/latest/meta-data/iam/security-credentials/', 'https://169.254.169.254', 'cloud metadata address'],
    ['https://metadata.google.internal/computeMetadata/v1/token', 'https://metadata.google.internal', 'cloud metadata address'],
    ['https://10.0.0.12:8443/token', 'https://10.0.0.12:8443', 'private-network address'],
    ['https://127.0.0.1:9000/token', 'https://127.0.0.1:9000', 'loopback address'],
    ['https://[fd00:ec2::254]/token', 'https://[fd00:ec2::254]', 'cloud metadata address'],
    ['http://auth.example.com/token', 'http://auth.example.com', 'is not HTTPS'],
  ])('never contacts the realm %s', async (realm, shown, reason) => {
    challengeWith(realm);
    const { fetch, urls } = recordingFetch();
    const { client } = testClient({ credentials: CREDENTIALS, fetch });
    const answer = await client.headManifest(REPO, '2.0');
    expect(answer).toMatchObject({ kind: 'unauthorized', host: 'registry.example.com', status: 401 });
    expect(answer.kind === 'unauthorized' && answer.message).toContain(`HEAD https://registry.example.com${PATH}: token realm ${shown}`);
    expect(answer.kind === 'unauthorized' && answer.message).toContain(reason);
    expect(answer.kind === 'unauthorized' && answer.message).toContain('it was not contacted');
    expect(urls).toEqual([`https://registry.example.com${PATH}`]);
  });
});

describe('redirects', () => {
  it('refuses a redirect into the cloud metadata service', async () => {
    const digest = sha256('blob');
    nock('https://registry.example.com')
      .get(`/v2/team/app/blobs/${digest}`)
      .reply(302, '', { location: 'http://169.254.169.254/latest/meta-data/' });
    const { fetch, urls } = recordingFetch();
    const { client } = testClient({ fetch });
    expect(await client.getBlob(REPO, digest)).toEqual({
      kind: 'invalid-response',
      host: 'registry.example.com',
      message: `GET https://registry.example.com/v2/team/app/blobs/${digest}: redirect from HTTPS to plain HTTP (169.254.169.254) refused`,
    });
    expect(urls).toHaveLength(1);
  });

  it('refuses a redirect to a private address over HTTPS too', async () => {
    const digest = sha256('blob');
    nock('https://registry.example.com').get(`/v2/team/app/blobs/${digest}`).reply(307, '', { location: 'https://10.1.2.3/blob' });
    const { client } = testClient();
    expect(await client.getBlob(REPO, digest)).toMatchObject({
      kind: 'invalid-response',
      message: expect.stringContaining(
        'redirect to 10.1.2.3 refused: 10.1.2.3 is a private-network address and registry.example.com is not',
      ),
    });
  });
});

describe('secrets in messages', () => {
  it('scrubs a password and token that a registry echoes back', async () => {
    challengeWith('https://auth.example.com/token');
    nock('https://auth.example.com').get('/token').query(true).reply(200, { token: 'eyJ.secret-bearer-token.sig' });
    nock('https://registry.example.com')
      .get(PATH)
      .reply(401, {
        errors: [{ code: 'UNAUTHORIZED', message: 'bad token eyJ.secret-bearer-token.sig for deploy:hunter2-very-secret' }],
      });
    nock('https://registry.example.com').head(PATH).matchHeader('authorization', 'Bearer eyJ.secret-bearer-token.sig').reply(200);
    const { client } = testClient({ credentials: CREDENTIALS });
    await client.headManifest(REPO, '2.0');
    const answer = await client.getManifest(REPO, '2.0');
    expect(answer.kind).toBe('unauthorized');
    const message = answer.kind === 'unauthorized' ? answer.message : '';
    expect(message).not.toContain('hunter2-very-secret');
    expect(message).not.toContain('secret-bearer-token');
    expect(message).toContain('bad token *** for deploy:***');
  });

  it('never puts a Basic header or password in a rejected-credentials message', async () => {
    nock('https://registry.example.com').head(PATH).times(2).reply(401, undefined, { 'www-authenticate': 'Basic realm="r"' });
    const { client } = testClient({ credentials: CREDENTIALS });
    const answer = await client.headManifest(REPO, '2.0');
    expect(answer).toMatchObject({ kind: 'unauthorized' });
    const text = JSON.stringify(answer);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain(basicHeader('deploy', 'hunter2-very-secret').slice(6));
  });
});
