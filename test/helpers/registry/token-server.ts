/**
 * A Docker token server (the `realm` of a `Bearer` challenge) on 127.0.0.1: GET
 * /token?service=…&scope=repository:<repo>:pull[,push] with optional Basic credentials returns
 * `{ token, access_token, expires_in, issued_at }`, an RS256 JWT the registry verifies against
 * the certificate at `certificatePath`. Every request is recorded, so tests can assert exactly
 * which credentials reached the realm. Only GET is served (no OAuth2 POST flow).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signJwtRs256 } from './jwt.js';
import { createSigningKey } from './signing-key.js';
import { grant, identify, parseScopes, type Access, type Credentials } from './token-grant.js';

export type { Access, Credentials } from './token-grant.js';

export interface TokenServerOptions {
  /** Accounts accepted as Basic credentials. Default: none. */
  users?: Credentials[];
  /** Whether anonymous callers get `pull`. Default false: they get a token with no access. */
  anonymousPull?: boolean;
  /** The `service` clients must send (the registry's challenge names it). */
  service?: string;
  /** The tokens' `iss` claim (the registry checks it). */
  issuer?: string;
}

export interface TokenRequestRecord {
  method: string;
  /** Path without the query, e.g. `/token`. */
  path: string;
  /** Every query parameter with all its values, e.g. `{ service: [...], scope: [...] }`. */
  query: Record<string, string[]>;
  /** The Authorization header exactly as received; undefined when none was sent. */
  authorization: string | undefined;
  status: number;
  /** What the issued token grants; empty when no token was issued. */
  granted: Access[];
}

export interface TokenServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The token endpoint, `${url}/token`. */
  realm: string;
  service: string;
  issuer: string;
  /** PEM certificate whose key signs the tokens. */
  certificatePath: string;
  /** Requests in arrival order (a live view). */
  readonly requests: readonly TokenRequestRecord[];
  clearRequests(): void;
  /** Signs a token directly, without HTTP and without recording a request: for helpers like the pusher. */
  issueToken(subject: string, access: Access[]): string;
  stop(): Promise<void>;
}

const TOKEN_LIFETIME_SECONDS = 300;

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function errorBody(code: string, message: string): unknown {
  return { errors: [{ code, message }] };
}

export async function startTokenServer(options: TokenServerOptions = {}): Promise<TokenServer> {
  const service = options.service ?? 'pinbot-test-registry';
  const issuer = options.issuer ?? 'pinbot-test-token-issuer';
  const users = options.users ?? [];
  const anonymousPull = options.anonymousPull ?? false;
  const directory = await mkdtemp(join(tmpdir(), 'pinbot-token-server-'));
  const key = await createSigningKey(directory, issuer).catch(async (error: unknown) => {
    await rm(directory, { recursive: true, force: true });
    throw error;
  });
  const requests: TokenRequestRecord[] = [];

  const issueToken = (subject: string, access: Access[]): string => {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: issuer,
      sub: subject,
      aud: service,
      exp: now + TOKEN_LIFETIME_SECONDS,
      nbf: now,
      iat: now,
      jti: randomUUID(),
      access,
    };
    return signJwtRs256({ kid: key.keyId }, claims, key.privateKey);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query: Record<string, string[]> = {};
    for (const [name, value] of url.searchParams) (query[name] ??= []).push(value);
    const record: TokenRequestRecord = {
      method: req.method ?? '',
      path: url.pathname,
      query,
      authorization: req.headers.authorization,
      status: 0,
      granted: [],
    };
    requests.push(record);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      record.status = status;
      sendJson(res, status, body, headers);
    };

    if (url.pathname !== '/token') return reply(404, errorBody('NOT_FOUND', `no such endpoint ${url.pathname}; the realm is /token`));
    if (req.method !== 'GET') return reply(405, errorBody('UNSUPPORTED', `${req.method} is not supported; use GET`), { Allow: 'GET' });
    const askedService = url.searchParams.get('service');
    if (askedService !== service) {
      return reply(400, errorBody('INVALID_REQUEST', `service ${JSON.stringify(askedService)} is not ${JSON.stringify(service)}`));
    }
    const scopes = parseScopes(url.searchParams.getAll('scope'));
    if (!scopes.ok) return reply(400, errorBody('INVALID_REQUEST', scopes.message));
    const identity = identify(req.headers.authorization, users);
    if (identity.kind === 'rejected') {
      return reply(401, errorBody('UNAUTHORIZED', identity.reason), { 'WWW-Authenticate': `Basic realm="${service}"` });
    }
    record.granted = grant(identity, scopes.access, anonymousPull);
    const token = issueToken(identity.kind === 'user' ? identity.username : '', record.granted);
    reply(200, { token, access_token: token, expires_in: TOKEN_LIFETIME_SECONDS, issued_at: new Date().toISOString() });
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let stopped: Promise<void> | undefined;
  return {
    url,
    realm: `${url}/token`,
    service,
    issuer,
    certificatePath: key.certificatePath,
    requests,
    clearRequests: () => void requests.splice(0),
    issueToken,
    stop: () =>
      (stopped ??= (async () => {
        // closeAllConnections drops idle keep-alive sockets so Jest sees no open handles.
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await rm(directory, { recursive: true, force: true });
      })()),
  };
}
