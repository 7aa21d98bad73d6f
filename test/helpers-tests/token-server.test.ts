import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { verify, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { decodeJwtClaims, startTokenServer, type TokenServer } from '../helpers/registry/index.js';
import { libtrustKeyId } from '../helpers/registry/libtrust-key-id.js';

const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

describe('startTokenServer', () => {
  let server: TokenServer;
  beforeAll(async () => {
    server = await startTokenServer({ users: [{ username: 'ci', password: 'pw' }], service: 'svc', issuer: 'iss' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const ask = async (query: string, headers: Record<string, string> = {}, method = 'GET', path = '/token') => {
    const res = await fetch(`${server.url}${path}?${query}`, { method, headers });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  test('issues an RS256 JWT signed by the certificate key, with its libtrust kid', async () => {
    const before = Math.floor(Date.now() / 1000);
    const { status, body } = await ask('service=svc&scope=repository:team/app:pull,push', { Authorization: basic('ci', 'pw') });
    expect(status).toBe(200);
    expect(body).toEqual({ token: expect.any(String), access_token: body.token, expires_in: 300, issued_at: expect.any(String) });
    const token = String(body.token);
    const [header = '', payload = '', signature = ''] = token.split('.');
    const certificate = new X509Certificate(await readFile(server.certificatePath));
    expect(verify('sha256', Buffer.from(`${header}.${payload}`), certificate.publicKey, Buffer.from(signature, 'base64url'))).toBe(true);
    expect(JSON.parse(Buffer.from(header, 'base64url').toString('utf8'))).toEqual({
      kid: libtrustKeyId(certificate.publicKey.export({ type: 'spki', format: 'der' })),
      alg: 'RS256',
      typ: 'JWT',
    });
    const claims = decodeJwtClaims(token);
    expect(claims).toMatchObject({
      iss: 'iss',
      sub: 'ci',
      aud: 'svc',
      access: [{ type: 'repository', name: 'team/app', actions: ['pull', 'push'] }],
    });
    expect(claims.exp).toBe(Number(claims.iat) + 300);
    expect(Number(claims.iat)).toBeGreaterThanOrEqual(before);
  });

  test.each([
    { what: 'the wrong service', query: 'service=other&scope=repository:a:pull', message: 'service "other" is not "svc"' },
    { what: 'no service', query: 'scope=repository:a:pull', message: 'service null is not "svc"' },
    { what: 'a malformed scope', query: 'service=svc&scope=repository:a', message: 'malformed scope "repository:a"' },
  ])('answers $what with 400 and says why', async ({ query, message }) => {
    const answer = await ask(query, { Authorization: basic('ci', 'pw') });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ errors: [{ code: 'INVALID_REQUEST', message: expect.stringContaining(message) }] });
  });

  test('answers other paths with 404 and other methods with 405', async () => {
    expect((await ask('service=svc', {}, 'GET', '/v2/token')).status).toBe(404);
    expect((await ask('service=svc', {}, 'POST')).status).toBe(405);
  });

  test('records every request with its query and Authorization, until cleared', async () => {
    server.clearRequests();
    await ask('service=svc&scope=repository:a:pull&scope=repository:b:pull&account=ci', { Authorization: basic('ci', 'pw') });
    await ask('service=svc&scope=repository:a:push', { Authorization: basic('ci', 'nope') });
    await ask('service=svc&scope=repository:a:pull');
    expect(server.requests).toEqual([
      {
        method: 'GET',
        path: '/token',
        query: { service: ['svc'], scope: ['repository:a:pull', 'repository:b:pull'], account: ['ci'] },
        authorization: basic('ci', 'pw'),
        status: 200,
        granted: [
          { type: 'repository', name: 'a', actions: ['pull'] },
          { type: 'repository', name: 'b', actions: ['pull'] },
        ],
      },
      {
        method: 'GET',
        path: '/token',
        query: { service: ['svc'], scope: ['repository:a:push'] },
        authorization: basic('ci', 'nope'),
        status: 401,
        granted: [],
      },
      {
        method: 'GET',
        path: '/token',
        query: { service: ['svc'], scope: ['repository:a:pull'] },
        authorization: undefined,
        status: 200,
        granted: [],
      },
    ]);
    server.clearRequests();
    expect(server.requests).toEqual([]);
  });
});
