/**
 * The client against a real registry (distribution 2.8 on loopback) in its three auth modes,
 * with credentials read from a real Docker config file. Digests are compared with what the
 * pusher sent; the token server's request log shows where credentials went.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistryClient } from '../../../src/registry/client/client.js';
import { MEDIA_TYPES, type RegistryClient } from '../../../src/registry/client/types.js';
import { pushImage, startRegistry, type LocalRegistry } from '../../helpers/registry/index.js';
import { basicHeader, sha256 } from './support.js';

const AMD64 = { os: 'linux', architecture: 'amd64' };
const ARM64 = { os: 'linux', architecture: 'arm64', variant: 'v8' };

const configDirs: string[] = [];
afterEach(() => configDirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A client whose credentials come from a real `$DOCKER_CONFIG/config.json` holding `auths`. */
function clientWith(auths: Record<string, unknown> = {}): { client: RegistryClient; warnings: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'pinbot-docker-config-'));
  configDirs.push(dir);
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ auths }));
  const warnings: string[] = [];
  const client = createRegistryClient({ env: { DOCKER_CONFIG: dir }, timeoutMs: 10_000, warn: (m) => warnings.push(m) });
  return { client, warnings };
}
const auth = (username: string, password: string) => ({ auth: Buffer.from(`${username}:${password}`).toString('base64') });

describe('anonymous registry', () => {
  let registry: LocalRegistry;
  beforeAll(async () => {
    registry = await startRegistry();
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('answers HEAD and GET for a pushed multi-platform tag with the pushed digests', async () => {
    const pushed = await pushImage(registry, 'team/app', '1.0', { platforms: [AMD64, ARM64] });
    const locator = { registry: registry.host, repository: 'team/app' };
    const { client } = clientWith();

    expect(await client.headManifest(locator, '1.0')).toEqual({
      kind: 'found',
      digest: pushed.digest,
      mediaType: MEDIA_TYPES.ociIndex,
      host: registry.host,
    });

    const index = await client.getManifest(locator, '1.0');
    expect(index).toMatchObject({ kind: 'found', digest: pushed.digest, mediaType: MEDIA_TYPES.ociIndex });
    const byDigest = await client.getManifest(locator, pushed.digest);
    expect(byDigest).toMatchObject({ kind: 'found', digest: pushed.digest });

    const amd64 = pushed.manifests[0];
    if (!amd64 || index.kind !== 'found') throw new Error('push or lookup failed');
    const entries = (JSON.parse(Buffer.from(index.body).toString('utf8')) as { manifests: Array<{ digest: string }> }).manifests;
    expect(entries.map((entry) => entry.digest)).toEqual(pushed.manifests.map((m) => m.digest));

    const image = await client.getManifest(locator, amd64.digest);
    expect(image).toMatchObject({ kind: 'found', digest: amd64.digest, mediaType: MEDIA_TYPES.ociManifest });
    if (image.kind !== 'found') return;
    const configDigest = (JSON.parse(Buffer.from(image.body).toString('utf8')) as { config: { digest: string } }).config.digest;
    const config = await client.getBlob(locator, configDigest);
    expect(config).toMatchObject({ kind: 'found', digest: configDigest });
    expect(config.kind === 'found' && sha256(config.body)).toBe(configDigest);
  });

  it('sees a tag move', async () => {
    const first = await pushImage(registry, 'team/moving', 'stable');
    const second = await pushImage(registry, 'team/moving', 'stable', { seed: 'v2' });
    expect(second.digest).not.toBe(first.digest);
    const { client } = clientWith();
    expect(await client.headManifest({ registry: registry.host, repository: 'team/moving' }, 'stable')).toMatchObject({
      digest: second.digest,
    });
  });

  it('reports unknown tags and repositories as not found, in the registry’s words', async () => {
    await pushImage(registry, 'team/app', '1.0');
    const { client } = clientWith();
    expect(await client.getManifest({ registry: registry.host, repository: 'team/app' }, 'nope')).toEqual({
      kind: 'not-found',
      host: registry.host,
      message: `GET ${registry.url}/v2/team/app/manifests/nope: 404 MANIFEST_UNKNOWN: manifest unknown`,
    });
    expect(await client.headManifest({ registry: registry.host, repository: 'team/never-pushed' }, '1.0')).toMatchObject({
      kind: 'not-found',
    });
  });
});

describe('htpasswd registry (Basic)', () => {
  let registry: LocalRegistry;
  beforeAll(async () => {
    registry = await startRegistry({ auth: 'htpasswd' });
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('authenticates with the config.json credentials', async () => {
    const pushed = await pushImage(registry, 'private/app', '2.1');
    const { username, password } = registry.credentials!;
    const { client } = clientWith({ [`http://${registry.host}`]: auth(username, password) });
    expect(await client.headManifest({ registry: registry.host, repository: 'private/app' }, '2.1')).toMatchObject({
      kind: 'found',
      digest: pushed.digest,
    });
    expect(await client.getManifest({ registry: registry.host, repository: 'private/app' }, '2.1')).toMatchObject({
      kind: 'found',
      digest: pushed.digest,
    });
  });

  it('reports a wrong password as unauthorized, without the password', async () => {
    await pushImage(registry, 'private/app', '2.1');
    const { client } = clientWith({ [registry.host]: auth(registry.credentials!.username, 'wrong-password-123') });
    const answer = await client.headManifest({ registry: registry.host, repository: 'private/app' }, '2.1');
    expect(answer).toMatchObject({ kind: 'unauthorized', status: 401, host: registry.host });
    expect(JSON.stringify(answer)).not.toContain('wrong-password-123');
  });

  it('says no credentials were found when there are none', async () => {
    const { client } = clientWith();
    expect(await client.headManifest({ registry: registry.host, repository: 'private/app' }, '2.1')).toMatchObject({
      kind: 'unauthorized',
      message: expect.stringContaining(`(no credentials found for ${registry.host})`),
    });
  });
});

describe('token registry (Bearer)', () => {
  let registry: LocalRegistry;
  beforeAll(async () => {
    registry = await startRegistry({ auth: 'token' });
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('gets one token with the stored credentials and reuses it', async () => {
    const pushed = await pushImage(registry, 'private/api', '3.0', { platforms: [AMD64, ARM64] });
    const { username, password } = registry.credentials!;
    const server = registry.tokenServer!;
    server.clearRequests();
    const { client } = clientWith({ [registry.host]: auth(username, password) });
    const locator = { registry: registry.host, repository: 'private/api' };
    expect(await client.headManifest(locator, '3.0')).toMatchObject({ kind: 'found', digest: pushed.digest });
    expect(await client.getManifest(locator, pushed.digest)).toMatchObject({ kind: 'found', digest: pushed.digest });
    expect(server.requests).toEqual([
      {
        method: 'GET',
        path: '/token',
        query: { service: [server.service], scope: ['repository:private/api:pull'] },
        authorization: basicHeader(username, password),
        status: 200,
        granted: [{ type: 'repository', name: 'private/api', actions: ['pull'] }],
      },
    ]);
  });

  it('exchanges an identity token, falling back to GET when the realm has no OAuth endpoint', async () => {
    const pushed = await pushImage(registry, 'private/api', '3.0');
    const { username, password } = registry.credentials!;
    const server = registry.tokenServer!;
    server.clearRequests();
    const { client } = clientWith({ [registry.host]: { username, identitytoken: password } });
    expect(await client.headManifest({ registry: registry.host, repository: 'private/api' }, '3.0')).toMatchObject({
      kind: 'found',
      digest: pushed.digest,
    });
    expect(server.requests.map((r) => [r.method, r.status, r.authorization])).toEqual([
      ['POST', 405, undefined],
      ['GET', 200, basicHeader(username, password)],
    ]);
  });

  it('reports a wrong password as unauthorized, and the realm saw only that request', async () => {
    await pushImage(registry, 'private/api', '3.0');
    const server = registry.tokenServer!;
    server.clearRequests();
    const { client } = clientWith({ [registry.host]: auth(registry.credentials!.username, 'not-the-password') });
    const answer = await client.headManifest({ registry: registry.host, repository: 'private/api' }, '3.0');
    expect(answer).toMatchObject({ kind: 'unauthorized', status: 401, message: expect.stringContaining('token request GET') });
    expect(JSON.stringify(answer)).not.toContain('not-the-password');
    expect(server.requests.map((r) => r.status)).toEqual([401]);
  });

  it('withholds credentials from a realm on another host (registry named localhost, realm on 127.0.0.1)', async () => {
    await pushImage(registry, 'private/api', '3.0');
    const server = registry.tokenServer!;
    server.clearRequests();
    const localhost = registry.host.replace('127.0.0.1', 'localhost');
    const { username, password } = registry.credentials!;
    const { client, warnings } = clientWith({ [localhost]: auth(username, password) });
    const answer = await client.headManifest({ registry: localhost, repository: 'private/api' }, '3.0');
    // Anonymous callers get a token without pull access, so the registry still says no.
    expect(answer).toMatchObject({ kind: 'unauthorized', host: localhost });
    expect(server.requests.map((r) => r.authorization)).toEqual([undefined]);
    expect(warnings).toEqual([expect.stringContaining(`not sending credentials for ${localhost} to token realm 127.0.0.1:`)]);
  });
});

// Issue 8, finding 6: Basic credentials reached a realm on another port of the registry's host,
// because the realm check compared host names only.
describe('token registry whose realm is on another port of the same host', () => {
  let registry: LocalRegistry;
  beforeAll(async () => {
    registry = await startRegistry({ auth: 'token', realm: 'other-port' });
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('sends the realm no credentials, asks anonymously, and says why', async () => {
    await pushImage(registry, 'private/api', '3.0');
    const server = registry.tokenServer!;
    server.clearRequests();
    const { username, password } = registry.credentials!;
    const { client, warnings } = clientWith({ [registry.host]: auth(username, password) });
    const answer = await client.headManifest({ registry: registry.host, repository: 'private/api' }, '3.0');
    // The anonymous token grants no pull, so the registry still says no; that is the price of the rule.
    expect(answer).toMatchObject({ kind: 'unauthorized', host: registry.host });
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests.map((r) => r.authorization)).toEqual(server.requests.map(() => undefined));
    const realmHost = new URL(registry.realm!).host;
    expect(realmHost).not.toBe(registry.host);
    expect(warnings).toEqual([expect.stringContaining(`not sending credentials for ${registry.host} to token realm ${realmHost}`)]);
    expect(JSON.stringify([answer, warnings])).not.toContain(password);
  });
});
