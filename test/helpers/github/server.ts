/**
 * The HTTP side: a node:http server on 127.0.0.1 serving the REST routes under `/` and `/api/v3/`
 * (GHES style) and GraphQL at `/graphql` and `/api/graphql`. Each request is identified, charged
 * against the rate limit, matched, possibly failed by an injected fault, run, and logged.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { identify } from './auth.js';
import type { FaultPlan } from './faults.js';
import type { HoldPlan } from './holds.js';
import { errorReply, type Reply } from './http.js';
import { peekExhausted, spend } from './rate-limit.js';
import type { RequestLog } from './request-log.js';
import { matchRoute, runRoute, type CompiledRoute } from './router.js';
import type { FakeState } from './state.js';

export interface ServerContext {
  readonly state: FakeState;
  readonly routes: readonly CompiledRoute[];
  readonly log: RequestLog;
  readonly faults: FaultPlan;
  readonly holds: HoldPlan;
}

interface Located {
  readonly path: string;
  readonly apiUrl: string;
  readonly enterprise: boolean;
}

/** Splits the API prefix off: `/api/v3/x` → `/x` (GHES), `/api/graphql` → `/graphql`. */
function locate(origin: string, pathname: string): Located | undefined {
  if (pathname === '/api/graphql') return { path: '/graphql', apiUrl: `${origin}/api`, enterprise: true };
  if (pathname.startsWith('/api/v3/') || pathname === '/api/v3') {
    const path = pathname.slice('/api/v3'.length) || '/';
    return path === '/graphql' ? undefined : { path, apiUrl: `${origin}/api/v3`, enterprise: true };
  }
  return { path: pathname, apiUrl: origin, enterprise: false };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseJson(bytes: Buffer): { ok: true; value: unknown } | { ok: false } {
  if (bytes.length === 0) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function send(res: ServerResponse, reply: Reply, headers: Record<string, string>): void {
  const all: Record<string, string> = {
    'x-github-request-id': randomUUID().toUpperCase(),
    'x-github-api-version-selected': '2022-11-28',
    ...headers,
    ...reply.headers,
  };
  if (reply.status === 204 || reply.status === 304) {
    res.writeHead(reply.status, all).end();
  } else if (reply.raw) {
    res
      .writeHead(reply.status, { ...all, 'content-type': reply.raw.contentType, 'content-length': String(reply.raw.bytes.length) })
      .end(reply.raw.bytes);
  } else {
    const body = Buffer.from(JSON.stringify(reply.body ?? {}), 'utf8');
    res
      .writeHead(reply.status, {
        ...all,
        'content-type': 'application/json; charset=utf-8',
        'x-github-media-type': 'github.v3; format=json',
        'content-length': String(body.length),
      })
      .end(body);
  }
}

async function handle(context: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { state } = context;
  const method = (req.method ?? 'GET').toUpperCase();
  const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
  const url = new URL(req.url ?? '/', origin);
  const body = await readBody(req);
  const located = locate(origin, url.pathname);
  const headers: Record<string, string> = located?.enterprise ? { 'x-github-enterprise-version': '3.17.0' } : {};
  const identified = identify(state, req.headers.authorization);
  const installationId = identified.ok && identified.principal.kind === 'installation' ? identified.principal.installation.id : null;
  const parsed = parseJson(body);
  const finish = (reply: Reply, route: string | undefined, counted = true): void => {
    const path = located ? decodePath(located.path) : decodePath(url.pathname);
    context.log.record({
      method,
      path,
      query: url.search.replace(/^\?/, ''),
      route: route ?? `${method} ${path}`,
      status: reply.status,
      installationId,
      body: parsed.ok ? parsed.value : body.toString('utf8'),
      counted,
    });
    send(res, reply, headers);
  };
  if (!located) return finish(errorReply(404, 'Not Found'), undefined);
  const match = matchRoute(context.routes, method, located.path);
  const route = match ? `${method} ${match.route.template}` : undefined;
  // GitHub does not charge for asking about the rate limit.
  const charged = located.path !== '/rate_limit';
  const charge = (): RateLimitCharge => {
    if (!charged) return { refused: false };
    const spent = spend(state, installationId);
    Object.assign(headers, spent.headers);
    return spent.refusal ? { refused: true, reply: spent.refusal } : { refused: false };
  };
  // An exhausted limit refuses before anything is run, conditional or not.
  if (charged && peekExhausted(state)) {
    const refused = charge();
    return finish(refused.refused ? refused.reply : errorReply(403, 'API rate limit exceeded.'), route);
  }
  const early = (reply: Reply, matched: string | undefined): void => {
    charge();
    finish(reply, matched);
  };
  if (!identified.ok) return early(identified.reply, route);
  if (!parsed.ok) return early(errorReply(400, 'Problems parsing JSON'), route);
  if (!match) return early(errorReply(404, 'Not Found'), undefined);
  const fault = context.faults.take(method, decodePath(located.path), match.route.template);
  if (fault) return early(fault, route);
  // A held request runs only once released, against the state as it is then.
  const held = context.holds.take(method, decodePath(located.path), match.route.template);
  if (held) await held;
  const reply = runRoute(match, {
    method,
    path: located.path,
    query: url.searchParams,
    body: parsed.value,
    headers: req.headers,
    apiUrl: located.apiUrl,
    webUrl: origin,
    principal: identified.principal,
    state,
  });
  const conditional = withEntityTag(method, reply, req.headers);
  // GitHub: a conditional request answered 304 does not count against the primary rate limit
  // (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate).
  if (conditional.status === 304) {
    Object.assign(headers, rateHeaders(state));
    return finish(conditional, route, false);
  }
  charge();
  finish(conditional, route);
}

type RateLimitCharge = { readonly refused: false } | { readonly refused: true; readonly reply: Reply };

/** The rate-limit headers as they stand, without spending anything (a 304 still carries them). */
function rateHeaders(state: FakeState): Record<string, string> {
  const limit = state.rateLimit;
  return {
    'x-ratelimit-limit': String(limit.limit),
    'x-ratelimit-remaining': String(limit.remaining),
    'x-ratelimit-used': String(limit.limit - limit.remaining),
    'x-ratelimit-reset': String(limit.resetAt),
    'x-ratelimit-resource': 'core',
  };
}

/**
 * GitHub sends an `ETag` with every successful GET and answers `If-None-Match` with the same tag
 * by 304 Not Modified and no body. The tag names the representation: the body and the media
 * type asked for (an `Accept: raw` answer is a different representation of the same file).
 */
function withEntityTag(method: string, reply: Reply, headers: IncomingMessage['headers']): Reply {
  if (method !== 'GET' || reply.status !== 200) return reply;
  const bytes = reply.raw ? reply.raw.bytes : Buffer.from(JSON.stringify(reply.body ?? {}), 'utf8');
  const tag = `"${createHash('sha256')
    .update(headers.accept ?? '')
    .update('\0')
    .update(bytes)
    .digest('hex')
    .slice(0, 40)}"`;
  const wanted = (headers['if-none-match'] ?? '')
    .split(',')
    .map((candidate) => candidate.trim().replace(/^W\//, ''))
    .filter((candidate) => candidate !== '');
  if (wanted.includes(tag) || wanted.includes('*')) return { status: 304, headers: { ...reply.headers, etag: tag } };
  return { ...reply, headers: { ...reply.headers, etag: tag } };
}

export interface RunningServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startServer(context: ServerContext): Promise<RunningServer> {
  const server: Server = createServer((req, res) => {
    handle(context, req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, errorReply(500, `fake GitHub failed: ${error instanceof Error ? error.message : String(error)}`), {});
    });
  });
  // Node closes an idle keep-alive socket after 5 s and fetch reuses it until about 4 s; on a
  // machine so busy that the client's timer fires late, a request goes out on a socket the
  // server has just closed (ECONNRESET, seen in CI). Idle sockets stay open far longer here,
  // as they do on GitHub; stop() closes them.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets from fetch/Octokit would otherwise hold the server open.
        server.closeAllConnections();
      }),
  };
}
