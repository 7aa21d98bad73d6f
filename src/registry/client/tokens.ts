/**
 * Bearer tokens from a registry's token server (the Docker token spec): GET the realm with
 * `service` and `scope` (Basic credentials when allowed), or, for an identity token, the OAuth
 * refresh-token POST with the spec's fallback to GET when the server answers 404/405. Tokens
 * are cached per (registry, scope) until shortly before they expire, and concurrent requests
 * for the same key share one fetch. Token requests never follow a redirect: a realm that
 * answers 3xx could otherwise have the refresh token or Basic credentials re-sent to a host
 * nobody vetted (issue 8, finding 5).
 */
import type { RegistryFailure } from './types.js';
import type { RegistryCredentials } from './docker-config.js';
import { readSmallText } from './body.js';
import { causeOfNoAnswer, describeRequest, describeStatus, reasonPhrase } from './errors.js';
import type { HttpFailure, HttpRequest, HttpResponse, Transport } from './transport.js';
import { parseJson } from './json.js';
import { TokenResponse } from './schemas.js';

export interface TokenRequest {
  /** The registry host the token is for (cache key and the host named in failures). */
  readonly registryHost: string;
  readonly realm: URL;
  readonly service: string | undefined;
  /** e.g. `repository:library/node:pull`. */
  readonly scope: string;
  /** Undefined for an anonymous token (no credentials, or a realm not trusted with them). */
  readonly credentials: RegistryCredentials | undefined;
}

export type TokenOutcome = { readonly kind: 'token'; readonly token: string } | RegistryFailure;

export interface TokenProvider {
  get(request: TokenRequest): Promise<TokenOutcome>;
  /** Forget `token` (the registry rejected it) so the next `get` fetches a fresh one. */
  invalidate(registryHost: string, scope: string, token: string): void;
}

export interface TokenProviderOptions {
  readonly transport: Transport;
  readonly now: () => number;
  /** Told about every token received, so messages can be scrubbed of it. */
  readonly onSecret: (secret: string) => void;
}

/** The token spec: "If expires_in is not given, 60 seconds should be assumed". */
const DEFAULT_LIFETIME_SECONDS = 60;
/** Refresh this long before expiry (at most a quarter of the lifetime) so a token never expires in flight. */
const REFRESH_MARGIN_MS = 10_000;

type Read = { readonly text: string | undefined };
type Fetched = { readonly kind: 'token'; readonly token: string; readonly lifetimeMs: number } | RegistryFailure;

export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  const cache = new Map<string, { readonly token: string; readonly refreshAt: number }>();
  const inflight = new Map<string, Promise<TokenOutcome>>();
  const keyOf = (host: string, scope: string): string => `${host} ${scope}`;
  const read = async (response: Response): Promise<Read> => ({ text: await readSmallText(response, 256 * 1024) });

  const fetchToken = async (request: TokenRequest): Promise<Fetched> => {
    const credentials = request.credentials;
    if (credentials?.kind === 'identity-token') {
      const oauth = oauthRequest(request, credentials.token);
      const answer = await options.transport.send(oauth, read);
      // Not every token server speaks OAuth; the spec says to fall back to GET on 404.
      if (answer.kind !== 'response' || (answer.status !== 404 && answer.status !== 405)) return interpret(answer, oauth, request);
      return exchange(getRequest(request, basic(credentials.username ?? '<token>', credentials.token)), request);
    }
    const authorization = credentials ? basic(credentials.username, credentials.password) : undefined;
    return exchange(getRequest(request, authorization), request);
  };

  const exchange = async (http: HttpRequest, request: TokenRequest): Promise<Fetched> =>
    interpret(await options.transport.send(http, read), http, request);

  const interpret = (answer: HttpResponse<Read> | HttpFailure, http: HttpRequest, request: TokenRequest): Fetched => {
    const host = request.registryHost;
    const what = `token request ${describeRequest(http.method, http.url)} for ${request.scope}`;
    if (answer.kind === 'failed' && answer.reason === 'redirect') {
      const message = `${what}: token realm ${answer.message} (token requests, which may carry credentials, never follow redirects)`;
      return { kind: 'invalid-response', host, message };
    }
    if (answer.kind === 'failed') {
      const message = `${what}: ${answer.message}${attemptsNote(answer.attempts)}`;
      return { kind: 'unavailable', host, message, cause: causeOfNoAnswer(answer) };
    }
    const status = describeStatus(answer.status, reasonPhrase(answer.status), answer.value.text);
    if (answer.status === 401 || answer.status === 403)
      return { kind: 'unauthorized', host, status: answer.status, message: `${what}: ${status}` };
    if (answer.status === 429 || answer.status >= 500)
      return {
        kind: 'unavailable',
        host,
        message: `${what}: ${status}${attemptsNote(answer.attempts)}`,
        cause: { kind: 'status', status: answer.status },
      };
    if (answer.status !== 200) return { kind: 'invalid-response', host, message: `${what}: unexpected status ${status}` };
    const parsed = parseTokenResponse(answer.value.text);
    if (parsed === undefined) return { kind: 'invalid-response', host, message: `${what}: the answer has no usable token` };
    options.onSecret(parsed.token);
    return { kind: 'token', token: parsed.token, lifetimeMs: parsed.expiresIn * 1000 };
  };

  return {
    get(request) {
      const key = keyOf(request.registryHost, request.scope);
      const cached = cache.get(key);
      if (cached && options.now() < cached.refreshAt) return Promise.resolve({ kind: 'token', token: cached.token });
      let pending = inflight.get(key);
      if (!pending) {
        // Lifetime counts from when the request was sent: the server's clock started no later.
        const sentAt = options.now();
        pending = fetchToken(request)
          .then((outcome): TokenOutcome => {
            if (outcome.kind !== 'token') return outcome;
            const margin = Math.min(REFRESH_MARGIN_MS, outcome.lifetimeMs / 4);
            cache.set(key, { token: outcome.token, refreshAt: sentAt + outcome.lifetimeMs - margin });
            return { kind: 'token', token: outcome.token };
          })
          .finally(() => inflight.delete(key));
        inflight.set(key, pending);
      }
      return pending;
    },
    invalidate(registryHost, scope, token) {
      const key = keyOf(registryHost, scope);
      if (cache.get(key)?.token === token) cache.delete(key);
    },
  };
}

/** `token` (or OAuth's `access_token`) and `expires_in` in seconds; undefined when there is no usable token. */
export function parseTokenResponse(text: string | undefined): { token: string; expiresIn: number } | undefined {
  const parsed = parseJson(text, TokenResponse);
  if (!parsed.ok) return undefined;
  return { token: parsed.value.token, expiresIn: parsed.value.expiresIn ?? DEFAULT_LIFETIME_SECONDS };
}

function getRequest(request: TokenRequest, authorization: string | undefined): HttpRequest {
  const url = new URL(request.realm);
  if (request.service !== undefined) url.searchParams.set('service', request.service);
  url.searchParams.set('scope', request.scope);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (authorization !== undefined) headers.authorization = authorization;
  // The realm was vetted (address, scheme, whether it may see credentials); where it points next was not.
  return { method: 'GET', url, headers, redirects: 'refuse' };
}

function oauthRequest(request: TokenRequest, refreshToken: string): HttpRequest {
  const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: 'pinbot', scope: request.scope });
  if (request.service !== undefined) form.set('service', request.service);
  return {
    method: 'POST',
    url: request.realm,
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    redirects: 'refuse',
  };
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

function attemptsNote(attempts: number): string {
  return attempts > 1 ? ` (after ${attempts} attempts)` : '';
}
