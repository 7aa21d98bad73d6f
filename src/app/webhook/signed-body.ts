/**
 * Reading a webhook body the way an unauthenticated sender can't abuse: a declared
 * `Content-Length` over the cap is refused before one byte is read, the stream is counted as it
 * arrives (no `Content-Length`, chunked), every chunk goes through the HMAC as it comes, and the
 * bytes are held only within the cap and the shared budget. Nothing is parsed here: the caller
 * gets the bytes only once `X-Hub-Signature-256` matched.
 * https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ByteBudget } from './byte-budget.js';

export type SignedBody =
  | { readonly kind: 'verified'; readonly bytes: Buffer }
  /** Over the cap: declared (nothing read) or counted while streaming. */
  | { readonly kind: 'too-large'; readonly bytes: number }
  /** Other deliveries hold the whole budget: try again later. */
  | { readonly kind: 'busy'; readonly bytes: number }
  | { readonly kind: 'bad-signature'; readonly bytes: number }
  /** The sender went away (or the stream failed) before the end. */
  | { readonly kind: 'aborted'; readonly bytes: number };

export interface BodyLimits {
  readonly maxBytes: number;
  readonly budget: ByteBudget;
}

/** `sha256=<64 hex>` as GitHub sends it; undefined for anything else. */
export function parseSignature(header: string | string[] | undefined): Buffer | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  return match?.[1] === undefined ? undefined : Buffer.from(match[1], 'hex');
}

/** The declared length, or undefined when none (or an unusable one) was sent. */
export function declaredLength(req: IncomingMessage): number | undefined {
  const header = req.headers['content-length'];
  return header !== undefined && /^\d{1,15}$/.test(header) ? Number(header) : undefined;
}

export function readSignedBody(req: IncomingMessage, secret: string, signature: Buffer, limits: BodyLimits): Promise<SignedBody> {
  const declared = declaredLength(req);
  if (declared !== undefined && declared > limits.maxBytes) return Promise.resolve({ kind: 'too-large', bytes: declared });

  return new Promise((resolve) => {
    const hmac = createHmac('sha256', secret);
    let chunks: Buffer[] = [];
    let received = 0;
    let reserved = 0;
    let settled = false;

    const finish = (outcome: SignedBody): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData).off('end', onEnd).off('error', onAbort).off('close', onClose);
      // Stop reading: the rest of an oversized or unwanted body is never pulled in.
      if (outcome.kind !== 'verified') req.pause();
      chunks = [];
      limits.budget.release(reserved);
      resolve(outcome);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > limits.maxBytes) return finish({ kind: 'too-large', bytes: received });
      if (!limits.budget.take(chunk.length)) return finish({ kind: 'busy', bytes: received });
      reserved += chunk.length;
      hmac.update(chunk);
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      const digest = hmac.digest();
      if (digest.length !== signature.length || !timingSafeEqual(digest, signature)) {
        return finish({ kind: 'bad-signature', bytes: received });
      }
      const bytes = Buffer.concat(chunks, received);
      finish({ kind: 'verified', bytes });
    };
    const onAbort = (): void => finish({ kind: 'aborted', bytes: received });
    const onClose = (): void => {
      if (!req.complete) onAbort();
    };
    req.on('data', onData).on('end', onEnd).on('error', onAbort).on('close', onClose);
  });
}
