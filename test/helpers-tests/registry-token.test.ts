import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  decodeJwtClaims,
  pushImage,
  startRegistry,
  startTokenServer,
  type LocalRegistry,
  type TokenServer,
} from '../helpers/registry/index.js';
import { authorize, parseChallenge, readManifest } from './registry-probe.js';

const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

function tokenServerOf(registry: LocalRegistry): TokenServer {
  if (registry.tokenServer === undefined) throw new Error('token mode registry without a token server');
  return registry.tokenServer;
}

describe('a registry with token auth (anonymous pull off)', () => {
  let registry: LocalRegistry;
  let pushedDigest: string;
  beforeAll(async () => {
    registry = await startRegistry({ auth: 'token', users: [{ username: 'ci', password: 'hunter2' }] });
    pushedDigest = (await pushImage(registry, 'team/app', '1.0')).digest;
  });
  afterAll(async () => {
    await registry?.stop();
  });

  test('the challenge points at the token server with its service and the needed scope', async () => {
    const res = await fetch(`${registry.url}/v2/team/app/manifests/1.0`, { method: 'HEAD' });
    expect(res.status).toBe(401);
    const challenge = parseChallenge(res.headers.get('www-authenticate') ?? '');
    expect(challenge).toEqual({
      scheme: 'bearer',
      params: { realm: `${registry.url}/token`, service: tokenServerOf(registry).service, scope: 'repository:team/app:pull' },
    });
  });

  test('pushing signs its own token and leaves the request record alone', async () => {
    tokenServerOf(registry).clearRequests();
    await pushImage(registry, 'team/other', 'x');
    expect(tokenServerOf(registry).requests).toEqual([]);
  });

  test('the record shows exactly which credentials reached the realm', async () => {
    const server = tokenServerOf(registry);
    server.clearRequests();
    const headers = await authorize(registry, 'team/app');
    expect(await readManifest(registry, 'team/app', '1.0', 'HEAD', headers)).toMatchObject({ status: 200, digest: pushedDigest });
    expect(server.requests).toEqual([
      {
        method: 'GET',
        path: '/token',
        query: { service: [server.service], scope: ['repository:team/app:pull'] },
        authorization: basic('ci', 'hunter2'),
        status: 200,
        granted: [{ type: 'repository', name: 'team/app', actions: ['pull'] }],
      },
    ]);
  });

  test('anonymous callers get a token without access, which the registry refuses', async () => {
    const server = tokenServerOf(registry);
    server.clearRequests();
    const headers = await authorize(registry, 'team/app', { anonymous: true });
    expect(server.requests).toEqual([expect.objectContaining({ authorization: undefined, status: 200, granted: [] })]);
    expect((await readManifest(registry, 'team/app', '1.0', 'HEAD', headers)).status).toBe(401);
  });

  test('wrong credentials get 401 from the realm', async () => {
    const server = tokenServerOf(registry);
    const res = await fetch(`${server.realm}?service=${server.service}&scope=repository:team/app:pull`, {
      headers: { Authorization: basic('ci', 'wrong') },
    });
    expect(res.status).toBe(401);
    expect(server.requests.at(-1)).toMatchObject({ authorization: basic('ci', 'wrong'), status: 401, granted: [] });
  });

  test('the registry verifies signatures: a token from another key is refused', async () => {
    const stranger = await startTokenServer({ service: tokenServerOf(registry).service, issuer: tokenServerOf(registry).issuer });
    try {
      const forged = stranger.issueToken('ci', [{ type: 'repository', name: 'team/app', actions: ['pull'] }]);
      expect(decodeJwtClaims(forged)).toMatchObject({ iss: tokenServerOf(registry).issuer, aud: tokenServerOf(registry).service });
      const res = await readManifest(registry, 'team/app', '1.0', 'HEAD', { Authorization: `Bearer ${forged}` });
      expect(res.status).toBe(401);
    } finally {
      await stranger.stop();
    }
  });
});

describe('a registry with token auth and anonymous pull', () => {
  let registry: LocalRegistry;
  beforeAll(async () => {
    registry = await startRegistry({ auth: 'token', anonymousPull: true });
  });
  afterAll(async () => {
    await registry?.stop();
  });

  test('anonymous callers can pull but not push', async () => {
    const pushed = await pushImage(registry, 'public/tool', 'v1');
    const server = tokenServerOf(registry);
    const pull = await authorize(registry, 'public/tool', { anonymous: true });
    expect(await readManifest(registry, 'public/tool', 'v1', 'HEAD', pull)).toMatchObject({ status: 200, digest: pushed.digest });

    const push = await authorize(registry, 'public/tool', { anonymous: true, actions: 'pull,push' });
    expect(server.requests.at(-1)?.granted).toEqual([{ type: 'repository', name: 'public/tool', actions: ['pull'] }]);
    const upload = await fetch(`${registry.url}/v2/public/tool/blobs/uploads/`, { method: 'POST', headers: push });
    await upload.arrayBuffer();
    expect(upload.status).toBe(401);
  });
});
