/**
 * pinbot's own webhook endpoint, in place of Probot's middleware, which read the whole body into
 * memory before checking its signature and logged unverified payloads three times (issue 8,
 * finding 1: a 50 MB wrongly signed POST took the App from 87 MB to 767 MB and stalled
 * `/healthz` 4.6 s). Here a request is refused as early as what it sent allows: wrong path or
 * method, headers, declared size (413 before reading), signature (checked while streaming), and
 * only then is the body decoded, parsed and checked against the handlers' payload shapes (400
 * with one line). Logs name the delivery, the event and the size; never the payload.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppLogger } from '../../telemetry/logger.js';
import type { ServerHandler } from '../health.js';
import { createByteBudget } from './byte-budget.js';
import { checkPayload } from './payloads.js';
import { declaredLength, parseSignature, readSignedBody } from './signed-body.js';

/** GitHub caps webhook payloads at 25 MB and sends nothing larger (docs: "Webhook payload cap"). */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;
/** Two full-size deliveries at once; real ones are mostly a few kilobytes, so this is only ever reached under attack. */
export const MAX_BUFFERED_WEBHOOK_BYTES = 2 * MAX_WEBHOOK_BYTES;

export interface VerifiedEvent {
  /** `X-GitHub-Delivery`, the same for a redelivery. */
  readonly id: string;
  /** `X-GitHub-Event`, e.g. `push`. */
  readonly name: string;
  readonly payload: Record<string, unknown>;
}

export interface WebhookEndpointOptions {
  /** e.g. `/api/github/webhooks`; a trailing slash on the request is ignored. */
  readonly path: string;
  readonly secret: string;
  /** Hands a verified, well-formed event to the handlers (Probot's `receive`). */
  readonly receive: (event: VerifiedEvent) => Promise<void>;
  /** Read per request: Probot's logger exists only once the app is loaded. */
  readonly log: () => AppLogger;
  /**
   * Why deliveries can't be accepted now (the scaled App's Redis is away), or undefined: a
   * verified delivery is then answered 503, so GitHub shows it failed and it can be redelivered,
   * instead of being answered 200 and lost.
   */
  readonly unavailable?: () => string | undefined;
  readonly maxBodyBytes?: number;
  readonly maxBufferedBytes?: number;
}

const EVENT_NAME = /^[a-z_]{1,64}$/;
const DELIVERY_ID = /^[A-Za-z0-9._-]{1,100}$/;

export function createWebhookEndpoint(options: WebhookEndpointOptions): ServerHandler {
  // Every signature would be checked against the empty key, which anyone can sign with.
  if (options.secret === '') throw new Error('a webhook endpoint needs a webhook secret');
  const path = withoutTrailingSlashes(options.path);
  const maxBytes = options.maxBodyBytes ?? MAX_WEBHOOK_BYTES;
  const budget = createByteBudget(options.maxBufferedBytes ?? MAX_BUFFERED_WEBHOOK_BYTES);

  return async (req, res) => {
    if (withoutTrailingSlashes((req.url ?? '').split('?')[0] ?? '') !== path) return false;
    const event = header(req, 'x-github-event', EVENT_NAME);
    const delivery = header(req, 'x-github-delivery', DELIVERY_ID);
    const fields = { delivery, event };
    const refuse = (status: number, reason: string, bytes: number | undefined, extra: Record<string, string> = {}): true => {
      options.log().warn({ ...fields, bytes, status, reason }, 'webhook refused');
      answer(req, res, status, reason, extra);
      return true;
    };

    if (req.method !== 'POST') return refuse(405, 'webhooks are POSTed', declaredLength(req), { allow: 'POST' });
    if (!/^\s*application\/json\s*(?:;|$)/i.test(req.headers['content-type'] ?? '')) {
      return refuse(415, 'Content-Type must be application/json', declaredLength(req), { accept: 'application/json' });
    }
    if (event === undefined || delivery === undefined) {
      return refuse(400, 'X-GitHub-Event and X-GitHub-Delivery headers are required', declaredLength(req));
    }
    const signature = parseSignature(req.headers['x-hub-signature-256']);
    if (signature === undefined) return refuse(401, 'X-Hub-Signature-256 header is missing or malformed', declaredLength(req));

    const body = await readSignedBody(req, options.secret, signature, { maxBytes, budget });
    switch (body.kind) {
      case 'too-large':
        return refuse(413, `payload is larger than ${maxBytes} bytes`, body.bytes);
      case 'busy':
        return refuse(503, 'too many webhook bytes in flight; try again later', body.bytes, { 'retry-after': '10' });
      case 'bad-signature':
        return refuse(401, 'X-Hub-Signature-256 does not match the payload', body.bytes);
      case 'aborted':
        options.log().warn({ ...fields, bytes: body.bytes }, 'webhook sender went away');
        res.destroy();
        return true;
      case 'verified':
        break;
    }

    const parsed = parseJson(body.bytes);
    if (!parsed.ok) return refuse(400, parsed.reason, body.bytes.length);
    const shape = checkPayload(event, parsed.value);
    if (!shape.ok) return refuse(400, shape.reason, body.bytes.length);
    const unavailable = options.unavailable?.();
    if (unavailable !== undefined)
      return refuse(503, `cannot take deliveries now (${unavailable})`, body.bytes.length, { 'retry-after': '30' });
    const log = options.log();
    log.debug({ ...fields, action: shape.action, bytes: body.bytes.length }, 'webhook received');
    try {
      await options.receive({ id: delivery, name: event, payload: parsed.value as Record<string, unknown> });
    } catch (error) {
      // The handlers log their own failures with the installation; the sender learns only that it failed.
      log.error({ ...fields, err: error }, 'webhook handler failed');
      answer(req, res, 500, 'the webhook could not be handled');
      return true;
    }
    answer(req, res, 200, 'ok');
    return true;
  };
}

/**
 * The webhook path of a replica that receives no webhooks (`PINBOT_ROLE=worker`): every request
 * is refused 404 without reading its body, signed or not, so a worker needs no webhook secret
 * and a delivery routed to it by mistake shows as failed in GitHub (and can be redelivered to a
 * replica that takes it) instead of being checked against a secret the worker may not have.
 */
export function createRefusingWebhookEndpoint(options: {
  readonly path: string;
  /** Why, in the answer and the log line. */
  readonly reason: string;
  readonly log: () => AppLogger;
}): ServerHandler {
  const path = withoutTrailingSlashes(options.path);
  return async (req, res) => {
    if (withoutTrailingSlashes((req.url ?? '').split('?')[0] ?? '') !== path) return false;
    const fields = { delivery: header(req, 'x-github-delivery', DELIVERY_ID), event: header(req, 'x-github-event', EVENT_NAME) };
    options.log().warn({ ...fields, bytes: declaredLength(req), status: 404, reason: options.reason }, 'webhook refused');
    answer(req, res, 404, options.reason);
    return true;
  };
}

function header(req: IncomingMessage, name: string, pattern: RegExp): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' && pattern.test(value) ? value : undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseJson(bytes: Buffer): { ok: true; value: unknown } | { ok: false; reason: string } {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, reason: 'payload is not UTF-8' };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason: 'payload is not valid JSON' };
  }
}

/**
 * One line of text. The rest of a body that was not read to the end is discarded (never kept),
 * up to `LINGER_BYTES`, then the connection is dropped: closing at once with unread bytes would
 * reset the connection, and the sender's kernel would often throw the answer away with it. (A
 * sender that asked for `Connection: close` is disconnected by Node right after the answer.)
 */
function answer(req: IncomingMessage, res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  const body = `${text}\n`;
  // A sender that hangs up before the answer is out makes the write fail (EPIPE, ECONNRESET);
  // unheard, that 'error' event would crash the process. `on`, not `once`: a second failed write
  // (the body after the head) may emit again.
  res.on('error', () => undefined);
  if (!req.complete) discardRest(req);
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body), ...extra }).end(body);
}

/** Enough for a sender to read the early answer; an unending body can't keep the connection busy. */
const LINGER_BYTES = 16 * 1024 * 1024;

function discardRest(req: IncomingMessage): void {
  let discarded = 0;
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > LINGER_BYTES) req.socket.destroy();
  });
  req.resume();
}

/** By hand, not `/\/+$/`: that regex is quadratic on a URL of many slashes followed by something else. */
function withoutTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 0x2f) end -= 1;
  return end === 0 ? '/' : path.slice(0, end);
}
