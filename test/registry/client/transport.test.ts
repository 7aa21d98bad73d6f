import { describe, expect, it } from '@jest/globals';
import { DEFAULT_RETRY_POLICY } from '../../../src/registry/client/retry.js';
import { createTransport, describeNetworkError, type TransportOptions } from '../../../src/registry/client/transport.js';

interface Seen {
  readonly url: string;
  readonly method: string;
  readonly authorization: string | null;
  readonly body: unknown;
}

/** A fetch that answers from a script, one entry per call, and records what it was sent. */
function scriptedFetch(script: Array<(url: string) => Response | Error | 'hang'>): { fetch: typeof fetch; seen: Seen[] } {
  const seen: Seen[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    seen.push({ url, method: init?.method ?? 'GET', authorization: new Headers(init?.headers).get('authorization'), body: init?.body });
    const step = script.shift();
    if (!step) throw new Error(`unexpected request ${url}`);
    const result = step(url);
    if (result === 'hang') {
      return new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    }
    if (result instanceof Error) throw result;
    return result;
  }) as typeof fetch;
  return { fetch: fetchImpl, seen };
}

function transport(fetchImpl: typeof fetch, overrides: Partial<TransportOptions> = {}) {
  const sleeps: number[] = [];
  const t = createTransport({
    fetch: fetchImpl,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    now: () => Date.parse('2025-06-01T12:00:00Z'),
    timeoutMs: 1000,
    retry: DEFAULT_RETRY_POLICY,
    concurrencyPerHost: 4,
    ...overrides,
  });
  return { t, sleeps };
}

const text = (response: Response) => response.text();
const get = (url: string, headers: Record<string, string> = {}) => ({ method: 'GET' as const, url: new URL(url), headers });
const status =
  (code: number, headers: Record<string, string> = {}) =>
  () =>
    new Response(code === 204 ? null : 'body', { status: code, headers });
const ok = (body: string) => () => new Response(body, { status: 200 });

describe('transport retries', () => {
  it('retries 503 and 429 with backoff, honouring Retry-After, then returns the answer', async () => {
    const { fetch, seen } = scriptedFetch([status(503), status(429, { 'retry-after': '7' }), ok('done')]);
    const { t, sleeps } = transport(fetch);
    const answer = await t.send(get('https://r.example/v2/'), text);
    expect(answer).toMatchObject({ kind: 'response', status: 200, attempts: 3, value: 'done' });
    expect(sleeps).toEqual([250, 7000]);
    expect(seen).toHaveLength(3);
  });

  it('gives the last retryable answer to the reader when attempts run out', async () => {
    const { fetch } = scriptedFetch([status(502), status(502), () => new Response('{"errors":[]}', { status: 502 })]);
    const { t, sleeps } = transport(fetch);
    expect(await t.send(get('https://r.example/v2/'), text)).toMatchObject({
      kind: 'response',
      status: 502,
      attempts: 3,
      value: '{"errors":[]}',
    });
    expect(sleeps).toEqual([250, 500]);
  });

  it.each([401, 403, 404, 400])('does not retry %i', async (code) => {
    const { fetch, seen } = scriptedFetch([status(code)]);
    const { t, sleeps } = transport(fetch);
    expect(await t.send(get('https://r.example/v2/'), text)).toMatchObject({ status: code, attempts: 1 });
    expect(seen).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('retries network errors and names their cause', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' }),
    });
    const { fetch } = scriptedFetch([() => refused, () => refused, () => refused]);
    const { t, sleeps } = transport(fetch);
    expect(await t.send(get('https://r.example/v2/'), text)).toEqual({
      kind: 'failed',
      reason: 'network',
      message: 'network error: ECONNREFUSED (connect ECONNREFUSED 10.0.0.1:443)',
      attempts: 3,
      code: 'ECONNREFUSED',
    });
    expect(sleeps).toEqual([250, 500]);
  });

  it('times out each attempt (a request that never answers) and retries', async () => {
    const { fetch, seen } = scriptedFetch([() => 'hang', () => 'hang', ok('late but fine')]);
    const { t } = transport(fetch, { timeoutMs: 5 });
    expect(await t.send(get('https://r.example/v2/'), text)).toMatchObject({ kind: 'response', value: 'late but fine', attempts: 3 });
    expect(seen).toHaveLength(3);
  });

  it('reports a timeout after the last attempt', async () => {
    const { fetch } = scriptedFetch([() => 'hang', () => 'hang']);
    const { t } = transport(fetch, { timeoutMs: 5, retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 2 } });
    expect(await t.send(get('https://r.example/v2/'), text)).toEqual({
      kind: 'failed',
      reason: 'timeout',
      message: 'timed out after 5 ms',
      attempts: 2,
    });
  });
});

describe('transport redirects', () => {
  const redirect = (code: number, location: string) => () => new Response(null, { status: code, headers: { location } });

  it('keeps Authorization on the same host and drops it for good once the host changes', async () => {
    const { fetch, seen } = scriptedFetch([
      redirect(307, '/v2/a/blobs/sha256:x/moved'),
      redirect(302, 'https://cdn.example/blob?sig=abc'),
      redirect(307, 'https://r.example/back-again'),
      ok('blob'),
    ]);
    const { t } = transport(fetch);
    const answer = await t.send(get('https://r.example/v2/a/blobs/sha256:x', { authorization: 'Bearer tok' }), text);
    expect(answer).toMatchObject({ kind: 'response', status: 200, value: 'blob' });
    expect(answer.kind === 'response' && answer.url.href).toBe('https://r.example/back-again');
    expect(seen.map((s) => [s.url, s.authorization])).toEqual([
      ['https://r.example/v2/a/blobs/sha256:x', 'Bearer tok'],
      ['https://r.example/v2/a/blobs/sha256:x/moved', 'Bearer tok'],
      ['https://cdn.example/blob?sig=abc', null],
      ['https://r.example/back-again', null],
    ]);
  });

  it('treats another port as another host', async () => {
    const { fetch, seen } = scriptedFetch([redirect(301, 'https://r.example:8443/x'), ok('')]);
    await transport(fetch).t.send(get('https://r.example/x', { authorization: 'Basic abc' }), text);
    expect(seen[1]?.authorization).toBeNull();
  });

  it('compares whole origins: a stated default port is the same origin, another scheme is not', async () => {
    const { fetch, seen } = scriptedFetch([redirect(307, 'http://R.example:80/y'), redirect(307, 'https://r.example:80/z'), ok('')]);
    await transport(fetch).t.send(get('http://r.example/x', { authorization: 'Bearer tok' }), text);
    expect(seen.map((s) => s.authorization)).toEqual(['Bearer tok', 'Bearer tok', null]);
  });

  it.each([307, 308])('never re-sends a request body on %d, to any host (issue 8, finding 5)', async (code) => {
    const { fetch, seen } = scriptedFetch([redirect(code, '/token-elsewhere')]);
    const request = {
      method: 'POST' as const,
      url: new URL('https://auth.example/token'),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'refresh_token=secret',
    };
    expect(await transport(fetch).t.send(request, text)).toEqual({
      kind: 'failed',
      reason: 'redirect',
      message: `auth.example answered ${code} with a redirect to auth.example, which would re-send the request body; refused`,
      attempts: 1,
    });
    expect(seen).toHaveLength(1);
  });

  it.each([301, 302, 303, 307, 308])('follows no %d when the request refuses redirects', async (code) => {
    const { fetch, seen } = scriptedFetch([redirect(code, 'https://auth.example/same-host')]);
    const request = { ...get('https://auth.example/token', { authorization: 'Basic abc' }), redirects: 'refuse' as const };
    expect(await transport(fetch).t.send(request, text)).toEqual({
      kind: 'failed',
      reason: 'redirect',
      message: `auth.example answered ${code} with a redirect, which is not followed`,
      attempts: 1,
    });
    expect(seen).toHaveLength(1);
  });

  it('turns a POST into a GET on 303', async () => {
    const { fetch, seen } = scriptedFetch([redirect(303, 'https://auth.example/done'), ok('{}')]);
    const request = {
      method: 'POST' as const,
      url: new URL('https://auth.example/token'),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=b',
    };
    await transport(fetch).t.send(request, text);
    expect(seen.map((s) => [s.method, s.body])).toEqual([
      ['POST', 'a=b'],
      ['GET', undefined],
    ]);
  });

  it.each([
    ['https→http downgrade', 'http://cdn.example/blob', undefined, 'redirect from HTTPS to plain HTTP (cdn.example) refused'],
    ['non-HTTP scheme', 'file:///etc/passwd', undefined, 'redirect to unsupported scheme file:'],
    ['a vetoed target', 'https://169.254.169.254/latest', () => 'metadata', 'redirect to 169.254.169.254 refused: metadata'],
  ])('refuses a %s without retrying', async (_name, location, checkRedirect, message) => {
    const { fetch, seen } = scriptedFetch([redirect(302, location)]);
    const answer = await transport(fetch).t.send({ ...get('https://r.example/x'), checkRedirect }, text);
    expect(answer).toEqual({ kind: 'failed', reason: 'redirect', message, attempts: 1 });
    expect(seen).toHaveLength(1);
  });

  it('stops after too many redirects', async () => {
    const loop = Array.from({ length: 6 }, () => redirect(302, 'https://r.example/loop'));
    const { fetch, seen } = scriptedFetch(loop);
    expect(await transport(fetch).t.send(get('https://r.example/loop'), text)).toMatchObject({
      kind: 'failed',
      message: 'more than 5 redirects',
    });
    expect(seen).toHaveLength(6);
  });
});

describe('transport concurrency', () => {
  it('keeps at most `concurrencyPerHost` requests in flight per host', async () => {
    let inFlight = 0;
    let peak = 0;
    const releases: Array<() => void> = [];
    const fetchImpl = (async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise<void>((resolve) => releases.push(resolve));
      inFlight--;
      return new Response('x');
    }) as typeof fetch;
    const { t } = transport(fetchImpl, { concurrencyPerHost: 2 });
    const all = Promise.all([1, 2, 3, 4, 5].map((n) => t.send(get(`https://r.example/${n}`), text)));
    const other = t.send(get('https://other.example/'), text);
    while (releases.length < 3) await new Promise((r) => setImmediate(r));
    expect(inFlight).toBe(3); // two for r.example, one for other.example
    while (releases.length > 0 || inFlight > 0) {
      releases.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all([all, other]);
    expect(peak).toBe(3);
  });
});

describe('describeNetworkError', () => {
  it('handles whatever a fetch implementation throws', () => {
    expect(describeNetworkError(new Error('socket hang up'))).toBe('network error: socket hang up');
    expect(describeNetworkError({ code: 'ECONNRESET', message: 'boom' })).toBe('network error: ECONNRESET (boom)');
    expect(describeNetworkError('weird')).toBe('network error: weird');
    expect(describeNetworkError(null)).toBe('network error: null');
  });
});
