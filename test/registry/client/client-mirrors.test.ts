/** Mirrors answer lookups for a registry; the registry itself answers when they fail. */
import { describe, expect, it } from '@jest/globals';
import nock from '../../helpers/nock.js';
import { basicHeader, sha256, staticCredentials, testClient, useStrictNock } from './support.js';

useStrictNock();

const NODE = { registry: 'docker.io', repository: 'library/node' };
const DIGEST = sha256('index');
const PATH = '/v2/library/node/manifests/22';

describe('mirrors', () => {
  it('asks the mirror and reports it as the host that answered', async () => {
    nock('https://mirror.gcr.io').head(PATH).reply(200, undefined, { 'docker-content-digest': DIGEST });
    const { client } = testClient({ mirrors: { 'index.docker.io': 'mirror.gcr.io' } });
    expect(await client.headManifest(NODE, '22')).toEqual({ kind: 'found', digest: DIGEST, mediaType: undefined, host: 'mirror.gcr.io' });
  });

  it('falls back to the registry when the mirror fails', async () => {
    nock('https://mirror.gcr.io').head(PATH).reply(404);
    nock('https://registry-1.docker.io').head(PATH).reply(200, undefined, { 'docker-content-digest': DIGEST });
    const { client } = testClient({ mirrors: { 'docker.io': 'mirror.gcr.io' } });
    expect(await client.headManifest(NODE, '22')).toMatchObject({ kind: 'found', host: 'registry-1.docker.io' });
  });

  it('reports both failures when neither answers', async () => {
    nock('https://mirror.gcr.io').head(PATH).reply(404);
    nock('https://registry-1.docker.io').head(PATH).reply(404);
    const { client } = testClient({ mirrors: { 'docker.io': 'mirror.gcr.io' } });
    expect(await client.headManifest(NODE, '22')).toEqual({
      kind: 'not-found',
      host: 'registry-1.docker.io',
      message: `HEAD https://registry-1.docker.io${PATH}: 404 Not Found (mirror mirror.gcr.io also failed: HEAD https://mirror.gcr.io${PATH}: 404 Not Found)`,
    });
  });

  it('gives a mirror its own credentials, never the registry’s', async () => {
    const asked: string[] = [];
    const credentials = staticCredentials(
      {
        'docker.io': { kind: 'basic', username: 'hub', password: 'hub-secret' },
        'mirror.corp.example': { kind: 'basic', username: 'mirror', password: 'mirror-secret' },
      },
      asked,
    );
    nock('https://mirror.corp.example').head(PATH).reply(401, undefined, { 'www-authenticate': 'Basic realm="mirror"' });
    nock('https://mirror.corp.example')
      .head(PATH)
      .matchHeader('authorization', basicHeader('mirror', 'mirror-secret'))
      .reply(200, undefined, { 'docker-content-digest': DIGEST });
    const { client } = testClient({ credentials, mirrors: { 'docker.io': 'mirror.corp.example' } });
    expect(await client.headManifest(NODE, '22')).toMatchObject({ kind: 'found', host: 'mirror.corp.example' });
    expect(asked).toEqual(['mirror.corp.example']);
  });

  it('warns about a malformed mirror and uses the registry', async () => {
    nock('https://registry-1.docker.io').head(PATH).reply(200, undefined, { 'docker-content-digest': DIGEST });
    const { client, warnings } = testClient({ mirrors: { 'docker.io': 'https://mirror.gcr.io/v2' } });
    expect(await client.headManifest(NODE, '22')).toMatchObject({ kind: 'found', host: 'registry-1.docker.io' });
    expect(warnings).toEqual(['mirror for docker.io ("https://mirror.gcr.io/v2") is not a host[:port]; ignored']);
  });
});

describe('plain HTTP', () => {
  it('uses HTTP for registries listed in PINBOT_INSECURE_REGISTRIES', async () => {
    nock('http://registry.lan:5000').head('/v2/tools/ci/manifests/1').reply(200, undefined, { 'docker-content-digest': DIGEST });
    const { client, warnings } = testClient({ env: { PINBOT_INSECURE_REGISTRIES: 'registry.lan:5000, bad entry' } });
    expect(await client.headManifest({ registry: 'registry.lan:5000', repository: 'tools/ci' }, '1')).toMatchObject({
      kind: 'found',
      host: 'registry.lan:5000',
    });
    expect(warnings).toEqual(['PINBOT_INSECURE_REGISTRIES: "bad entry" is not host[:port]; ignored']);
  });

  it('uses HTTP for loopback registries on any port', async () => {
    nock('http://127.0.0.1:41999').head('/v2/tools/ci/manifests/1').reply(200, undefined, { 'docker-content-digest': DIGEST });
    nock('http://[::1]:5000').head('/v2/tools/ci/manifests/1').reply(200, undefined, { 'docker-content-digest': DIGEST });
    const { client } = testClient();
    expect(await client.headManifest({ registry: '127.0.0.1:41999', repository: 'tools/ci' }, '1')).toMatchObject({ kind: 'found' });
    expect(await client.headManifest({ registry: '[::1]:5000', repository: 'tools/ci' }, '1')).toMatchObject({ kind: 'found' });
  });
});
