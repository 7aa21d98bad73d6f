/**
 * The App's registry address policy (issue 8, finding 10): registries, mirrors and redirect
 * targets on non-public addresses are refused before any request unless listed; token realms
 * on them only reach a listed registry's realm. The CLI (no policy) keeps today's behaviour.
 */
import { describe, expect, it } from '@jest/globals';
import nock from '../../helpers/nock.js';
import { parseAllowedRegistries, privateAddressPolicy } from '../../../src/registry/client/address-policy.js';
import { sha256, testClient, useStrictNock } from './support.js';

useStrictNock();

const DIGEST = sha256('manifest');
const policy = (allowed: string) => privateAddressPolicy(parseAllowedRegistries(allowed).hosts, 'PINBOT_ALLOWED_PRIVATE_REGISTRIES');

describe('privateAddressPolicy', () => {
  const listed = privateAddressPolicy(parseAllowedRegistries('10.0.0.5:5000,registry.internal,[fd00::7]').hosts, 'LIST');
  const check = (host: { hostname: string; port: number | undefined }) => listed.check(host);

  it.each([
    ['ghcr.io', undefined],
    ['10.0.0.5', 5000],
    ['registry.internal', 443],
    ['registry.internal', undefined],
    ['[fd00::7]', 5000],
  ])('allows %s:%s (public, or listed)', (hostname, port) => {
    expect(check({ hostname, port })).toEqual({ allowed: true });
  });

  it.each([
    ['10.0.0.5', 5001, '10.0.0.5:5001 is a private-network address'],
    ['10.0.0.5', undefined, '10.0.0.5 is a private-network address'],
    ['127.0.0.1', 5000, '127.0.0.1:5000 is a loopback address'],
    ['0.0.0.0', 80, '0.0.0.0:80 is a loopback address'],
    ['[::1]', 5000, '[::1]:5000 is a loopback address'],
    ['169.254.169.254', undefined, '169.254.169.254 is a cloud metadata address'],
    ['[fd00:ec2::254]', undefined, '[fd00:ec2::254] is a cloud metadata address'],
    ['metadata.google.internal', undefined, 'metadata.google.internal is a cloud metadata address'],
    ['100.64.1.1', undefined, '100.64.1.1 is a private-network address'],
    ['169.254.3.4', undefined, '169.254.3.4 is a link-local address'],
    ['[fe80::1]', undefined, '[fe80::1] is a link-local address'],
    ['api.localhost', undefined, 'api.localhost is a loopback address'],
    ['redis', 6379, 'redis:6379 is a private-network address'],
    ['224.0.0.1', undefined, '224.0.0.1 is not a public address'],
  ])('refuses %s:%s', (hostname, port, why) => {
    expect(check({ hostname, port })).toEqual({
      allowed: false,
      reason: `registry address not allowed: ${why} (list it in LIST to allow it)`,
    });
  });

  it('reports allowlist entries that are not host[:port]', () => {
    expect(parseAllowedRegistries(' 10.0.0.5:5000 , http://reg.lan:5000/ ,bad host, x:99999,').invalid).toEqual(['bad host', 'x:99999']);
  });
});

describe('a registry client with the App’s policy', () => {
  it('never contacts an unlisted loopback registry and says why, once per reference', async () => {
    const { client } = testClient({ addressPolicy: policy('') });
    expect(await client.headManifest({ registry: '127.0.0.1:5000', repository: 'team/app' }, '1')).toEqual({
      kind: 'invalid-response',
      host: '127.0.0.1:5000',
      message:
        'registry address not allowed: 127.0.0.1:5000 is a loopback address (list it in PINBOT_ALLOWED_PRIVATE_REGISTRIES to allow it)',
    });
  });

  it('sees through the decimal spelling of a metadata address', async () => {
    const { client } = testClient({ addressPolicy: policy('') });
    const outcome = await client.getBlob({ registry: '2852039166', repository: 'latest/meta-data' }, DIGEST);
    expect(outcome).toMatchObject({
      kind: 'invalid-response',
      message: expect.stringContaining('169.254.169.254 is a cloud metadata address'),
    });
  });

  it('refuses a mirror on a private address instead of asking it, even when the registry is public', async () => {
    const { client } = testClient({ addressPolicy: policy(''), mirrors: { 'docker.io': '10.1.2.3:5000' } });
    expect(await client.headManifest({ registry: 'docker.io', repository: 'library/node' }, '22')).toMatchObject({
      kind: 'invalid-response',
      host: '10.1.2.3:5000',
      message: expect.stringMatching(/^mirror for docker\.io: registry address not allowed: 10\.1\.2\.3:5000 is a private-network address/),
    });
  });

  it('asks a listed private registry, and lets it name a token realm on its own network', async () => {
    nock('http://10.0.0.5:5000')
      .head('/v2/team/app/manifests/1')
      .reply(401, undefined, { 'www-authenticate': 'Bearer realm="http://10.0.0.6:8080/token",service="reg"' });
    nock('http://10.0.0.6:8080').get('/token').query(true).reply(200, { token: 'private-token' });
    nock('http://10.0.0.5:5000')
      .head('/v2/team/app/manifests/1')
      .matchHeader('authorization', 'Bearer private-token')
      .reply(200, undefined, { 'docker-content-digest': DIGEST });
    const { client } = testClient({ addressPolicy: policy('10.0.0.5:5000'), env: { PINBOT_INSECURE_REGISTRIES: '10.0.0.5:5000' } });
    expect(await client.headManifest({ registry: '10.0.0.5:5000', repository: 'team/app' }, '1')).toMatchObject({
      kind: 'found',
      digest: DIGEST,
    });
  });

  it('refuses a public registry’s token realm on a private address without contacting it', async () => {
    nock('https://registry.example.com')
      .head('/v2/team/app/manifests/1')
      .reply(401, undefined, { 'www-authenticate': 'Bearer realm="https://10.0.0.6/token",service="reg"' });
    const { client } = testClient({ addressPolicy: policy('') });
    expect(await client.headManifest({ registry: 'registry.example.com', repository: 'team/app' }, '1')).toMatchObject({
      kind: 'unauthorized',
      message: expect.stringContaining('token realm https://10.0.0.6 refused'),
    });
  });

  it('refuses a redirect towards an unlisted private address, also from a listed registry', async () => {
    nock('http://10.0.0.5:5000')
      .get(`/v2/team/app/blobs/${DIGEST}`)
      .reply(307, undefined, { location: 'http://10.9.9.9:9000/bucket/blob' });
    const { client } = testClient({ addressPolicy: policy('10.0.0.5:5000'), env: { PINBOT_INSECURE_REGISTRIES: '10.0.0.5:5000' } });
    expect(await client.getBlob({ registry: '10.0.0.5:5000', repository: 'team/app' }, DIGEST)).toMatchObject({
      kind: 'invalid-response',
      message: expect.stringContaining(
        'redirect to 10.9.9.9:9000 refused: registry address not allowed: 10.9.9.9:9000 is a private-network address',
      ),
    });
  });

  it('follows a listed registry’s redirect to a listed storage host', async () => {
    nock('http://10.0.0.5:5000')
      .get(`/v2/team/app/blobs/${DIGEST}`)
      .reply(307, undefined, { location: 'http://10.9.9.9:9000/bucket/blob' });
    nock('http://10.9.9.9:9000').get('/bucket/blob').reply(200, 'manifest');
    const { client } = testClient({
      addressPolicy: policy('10.0.0.5:5000,10.9.9.9'),
      env: { PINBOT_INSECURE_REGISTRIES: '10.0.0.5:5000,10.9.9.9' },
    });
    expect(await client.getBlob({ registry: '10.0.0.5:5000', repository: 'team/app' }, DIGEST)).toMatchObject({
      kind: 'found',
      digest: DIGEST,
    });
  });
});

describe('a registry client without a policy (the CLI)', () => {
  it('asks a loopback registry, as a user’s own machine may', async () => {
    nock('http://127.0.0.1:5000').head('/v2/team/app/manifests/1').reply(200, undefined, { 'docker-content-digest': DIGEST });
    const { client } = testClient();
    expect(await client.headManifest({ registry: '127.0.0.1:5000', repository: 'team/app' }, '1')).toMatchObject({ kind: 'found' });
  });
});
