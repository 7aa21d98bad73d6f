/**
 * One HTTP exchange with retries: a per-attempt timeout (covering redirects and the body read),
 * exponential backoff with jitter on 429/5xx/network errors, a concurrency limit per host, and
 * redirects followed by hand (fetch's `redirect: 'manual'`) so that no secret is re-sent after
 * a redirect to another origin: the Authorization header stays on the origin it was meant for
 * (registries send blob GETs to storage and CDN hosts), a request body is never re-sent by a
 * 307/308, and requests that carry credentials in their body or to a token realm can refuse
 * redirects altogether (issue 8, finding 5). Clock, sleep and randomness are injected so
 * tests never wait.
 */
import { originOf, sameOrigin } from './origin.js';
import { isRetryableStatus, parseRetryAfter, retryDelay, type RetryPolicy } from './retry.js';
import pLimit, { type LimitFunction } from 'p-limit';

export interface HttpRequest {
  readonly method: 'GET' | 'HEAD' | 'POST';
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /**
   * `refuse`: any redirect answer is a failure naming the host that sent it. For requests whose
   * secret is meant for one vetted endpoint only (token requests). Default `follow`.
   */
  readonly redirects?: 'follow' | 'refuse';
  /** Veto a redirect target (e.g. an internal address); returns the reason, or undefined to follow. */
  readonly checkRedirect?: (target: URL) => string | undefined;
}

export interface HttpResponse<T> {
  readonly kind: 'response';
  readonly status: number;
  readonly headers: Headers;
  /** Where the final response came from, after redirects. */
  readonly url: URL;
  readonly attempts: number;
  readonly value: T;
}

export interface HttpFailure {
  readonly kind: 'failed';
  readonly reason: 'timeout' | 'network' | 'redirect';
  readonly message: string;
  readonly attempts: number;
  /** Node's error code of a network failure (ECONNREFUSED, CERT_HAS_EXPIRED…), when it gave one. */
  readonly code?: string;
}

/** Reads what the caller needs from the final response; runs inside the attempt's timeout. */
export type ReadResponse<T> = (response: Response) => Promise<T>;

export interface Transport {
  send<T>(request: HttpRequest, read: ReadResponse<T>): Promise<HttpResponse<T> | HttpFailure>;
}

export interface TransportOptions {
  readonly fetch: typeof fetch;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly now: () => number;
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  readonly concurrencyPerHost: number;
  readonly maxRedirects?: number;
  /**
   * Where fetch gets its connections (undici's non-standard `dispatcher` option): a shared pool
   * that keeps them alive (see connections.ts). Default: fetch's global one.
   */
  readonly dispatcher?: object;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

type Attempt<T> =
  HttpResponse<T> | HttpFailure | { readonly kind: 'retry'; readonly status: number; readonly retryAfterMs: number | undefined };

export function createTransport(options: TransportOptions): Transport {
  // One limit per host, so a scan of hundreds of references never opens hundreds of
  // connections to one registry and trips its rate limits.
  const limits = new Map<string, LimitFunction>();
  pLimit(options.concurrencyPerHost); // rejects a limit that is not a positive integer now, not on the first request
  const limitFor = (host: string): LimitFunction => {
    let limit = limits.get(host);
    if (limit === undefined) {
      limit = pLimit(options.concurrencyPerHost);
      limits.set(host, limit);
    }
    return limit;
  };
  const maxRedirects = options.maxRedirects ?? 5;

  async function attempt<T>(request: HttpRequest, read: ReadResponse<T>, attempts: number, last: boolean): Promise<Attempt<T>> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs);
    try {
      let url = request.url;
      let method = request.method;
      let body = request.body;
      const headers = new Headers(request.headers);
      for (let hop = 0; ; hop++) {
        const init: RequestInit = { method, headers, body, redirect: 'manual', signal: controller.signal };
        // Not in RequestInit's type, which is the Node-bundled undici's, while the pool is the npm package's.
        if (options.dispatcher !== undefined) Object.assign(init, { dispatcher: options.dispatcher });
        const response = await options.fetch(url, init);
        const location = response.headers.get('location');
        if (REDIRECT_STATUSES.has(response.status) && location !== null) {
          await discard(response);
          if (request.redirects === 'refuse') {
            return failed('redirect', `${url.host} answered ${response.status} with a redirect, which is not followed`, attempts);
          }
          if (hop >= maxRedirects) return failed('redirect', `more than ${maxRedirects} redirects`, attempts);
          let target: URL;
          try {
            target = new URL(location, url);
          } catch {
            return failed('redirect', `redirect to an unparsable location`, attempts);
          }
          const refusal = redirectRefusal(url, target, response.status, { ...request, body });
          if (refusal !== undefined) return failed('redirect', refusal, attempts);
          // Credentials and tokens belong to one origin (scheme, host and port); once dropped they stay dropped.
          if (!isSameOrigin(url, target)) headers.delete('authorization');
          if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
            method = method === 'HEAD' ? 'HEAD' : 'GET';
            body = undefined;
            headers.delete('content-type');
          }
          url = target;
          continue;
        }
        if (isRetryableStatus(response.status) && !last) {
          await discard(response);
          return {
            kind: 'retry',
            status: response.status,
            retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), options.now()),
          };
        }
        const value = await read(response);
        return { kind: 'response', status: response.status, headers: response.headers, url, attempts, value };
      }
    } catch (error) {
      if (controller.signal.aborted) return failed('timeout', `timed out after ${options.timeoutMs} ms`, attempts);
      return { ...failed('network', describeNetworkError(error), attempts), ...codeOf(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async send<T>(request: HttpRequest, read: ReadResponse<T>): Promise<HttpResponse<T> | HttpFailure> {
      const limit = limitFor(request.url.host);
      for (let attempts = 1; ; attempts++) {
        const last = attempts >= options.retry.maxAttempts;
        // The slot is held for one attempt only, not while backing off, so other lookups proceed.
        const outcome = await limit(() => attempt(request, read, attempts, last));
        if (outcome.kind === 'response') return outcome;
        if (outcome.kind === 'failed' && (outcome.reason === 'redirect' || last)) return outcome;
        const retryAfter = outcome.kind === 'retry' ? outcome.retryAfterMs : undefined;
        await options.sleep(retryDelay(attempts, retryAfter, options.retry, options.random));
      }
    },
  };
}

function redirectRefusal(from: URL, target: URL, status: number, request: HttpRequest): string | undefined {
  // 307 and 308 repeat the method and body; a body is only ever sent once, wherever it is sent to.
  if (request.body !== undefined && (status === 307 || status === 308)) {
    return `${from.host} answered ${status} with a redirect to ${target.host}, which would re-send the request body; refused`;
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') return `redirect to unsupported scheme ${target.protocol}`;
  if (from.protocol === 'https:' && target.protocol === 'http:') return `redirect from HTTPS to plain HTTP (${target.host}) refused`;
  const reason = request.checkRedirect?.(target);
  return reason === undefined ? undefined : `redirect to ${target.host} refused: ${reason}`;
}

function isSameOrigin(a: URL, b: URL): boolean {
  const left = originOf(a);
  const right = originOf(b);
  return left !== undefined && right !== undefined && sameOrigin(left, right);
}

function failed(reason: HttpFailure['reason'], message: string, attempts: number): HttpFailure {
  return { kind: 'failed', reason, message, attempts };
}

/** Release a response we will not read, so the connection can be reused. */
async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // Nothing to do: the body is being thrown away anyway.
  }
}

function codeOf(error: unknown): { code?: string } {
  const cause = typeof error === 'object' && error !== null && 'cause' in error ? error.cause : undefined;
  for (const candidate of [cause, error]) {
    const code = typeof candidate === 'object' && candidate !== null ? (candidate as { code?: unknown }).code : undefined;
    if (typeof code === 'string') return { code };
  }
  return {};
}

/** fetch's own message is just "fetch failed"; the useful part (ECONNREFUSED, ENOTFOUND…) is in `cause`. */
export function describeNetworkError(error: unknown): string {
  const cause = typeof error === 'object' && error !== null && 'cause' in error ? error.cause : undefined;
  for (const candidate of [cause, error]) {
    if (typeof candidate === 'object' && candidate !== null) {
      const { code, message } = candidate as { code?: unknown; message?: unknown };
      if (typeof code === 'string' && typeof message === 'string') return `network error: ${code} (${message})`;
      if (typeof code === 'string') return `network error: ${code}`;
    }
  }
  if (error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error)) {
    return `network error: ${String(error.message)}`;
  }
  return `network error: ${String(error)}`;
}
