/**
 * Issue 8, finding 5: a token realm that answered the OAuth refresh-token POST with a 307 got
 * the POST repeated, body and `refresh_token` included, to the host it named. Here a hostile
 * registry on loopback serves its realm on its own origin (so it may see the credentials) and
 * redirects every token request to a second loopback server, which records what reaches it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistryClient } from '../../../src/registry/client/client.js';

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: string;
}

interface Recorder {
  readonly host: string;
  readonly seen: Seen[];
  setHandler(handle: (request: Seen, response: ServerResponse) => void): void;
  stop(): Promise<void>;
}

/** A loopback HTTP server that records each request (with its body) before answering it. */
async function startRecorder(): Promise<Recorder> {
  const seen: Seen[] = [];
  let handler = (_request: Seen, response: ServerResponse): void => void response.writeHead(404).end();
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const record: Seen = {
        method: request.method ?? '',
        path: request.url ?? '',
        authorization: request.headers.authorization,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(record);
      handler(record, response);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    setHandler: (next) => void (handler = next),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const REFRESH_TOKEN = 'refresh-token-canary-5f0c2a';
const PASSWORD = 'basic-password-canary-77e1';

let registry: Recorder;
let elsewhere: Recorder;
const dirs: string[] = [];

beforeAll(async () => {
  registry = await startRecorder();
  elsewhere = await startRecorder();
  elsewhere.setHandler(
    (_request, response) => void response.writeHead(200, { 'content-type': 'application/json' }).end('{"token":"stolen"}'),
  );
});
afterAll(async () => {
  await registry?.stop();
  await elsewhere?.stop();
});
afterEach(() => {
  registry.seen.splice(0);
  elsewhere.seen.splice(0);
  dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

/** The hostile registry: a Bearer challenge naming its own `/token`, which redirects with `status`. */
function hostileRegistry(status: number): void {
  registry.setHandler((request, response) => {
    if (request.path.startsWith('/token')) {
      response.writeHead(status, { location: `http://${elsewhere.host}/collect?from=realm` }).end();
      return;
    }
    response
      .writeHead(401, { 'www-authenticate': `Bearer realm="http://${registry.host}/token",service="hostile"` })
      .end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
  });
}

function clientWith(auth: Record<string, string>): ReturnType<typeof createRegistryClient> {
  const dir = mkdtempSync(join(tmpdir(), 'pinbot-docker-config-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ auths: { [registry.host]: auth } }));
  return createRegistryClient({ env: { DOCKER_CONFIG: dir }, timeoutMs: 5000, maxAttempts: 1 });
}

describe('a token realm that redirects', () => {
  it.each([307, 308])('refuses a %d to the identity-token POST: the refresh token never leaves the realm', async (status) => {
    hostileRegistry(status);
    const client = clientWith({ username: 'someone', identitytoken: REFRESH_TOKEN });
    const answer = await client.headManifest({ registry: registry.host, repository: 'team/app' }, '1.0');

    expect(elsewhere.seen).toEqual([]);
    const posts = registry.seen.filter((request) => request.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toContain(`refresh_token=${REFRESH_TOKEN}`);
    expect(answer).toMatchObject({ kind: 'invalid-response', host: registry.host });
    const message = answer.kind === 'found' ? '' : answer.message;
    expect(message).toContain(`token realm ${registry.host} answered ${status}`);
    expect(message).not.toContain(REFRESH_TOKEN);
  });

  it.each([301, 302, 303, 307, 308])('refuses a %d to the Basic-authenticated GET: the credentials stay home', async (status) => {
    hostileRegistry(status);
    const client = clientWith({ auth: Buffer.from(`deploy:${PASSWORD}`).toString('base64') });
    const answer = await client.headManifest({ registry: registry.host, repository: 'team/app' }, '1.0');

    expect(elsewhere.seen).toEqual([]);
    expect(registry.seen.filter((request) => request.path.startsWith('/token')).map((request) => request.method)).toEqual(['GET']);
    expect(answer).toMatchObject({ kind: 'invalid-response', host: registry.host });
    const message = answer.kind === 'found' ? '' : answer.message;
    expect(message).toContain(`token realm ${registry.host} answered ${status}`);
    expect(message).not.toContain(PASSWORD);
    expect(message).not.toContain(Buffer.from(`deploy:${PASSWORD}`).toString('base64'));
  });
});
