/**
 * Webhook deliveries sent the way a hostile sender can: a body larger than the cap, declared or
 * chunked, a Content-Length that lies, a body that never ends. Each call writes until the server
 * answers (or everything is written) and reports the answer and how much was sent by then.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { Agent, request, type ClientRequest, type IncomingMessage } from 'node:http';

export interface RawAnswer {
  readonly status: number;
  /** Milliseconds from the request's start to the answer's headers. */
  readonly answeredAfterMs: number;
  readonly text: string;
  readonly headers: IncomingMessage['headers'];
  /** Body bytes written before the answer arrived. */
  readonly sent: number;
}

export interface RawDelivery {
  /** Headers beyond the webhook defaults; `null` removes a default. */
  readonly headers?: Readonly<Record<string, string | null>>;
  /** Body bytes to write in all (in `chunkBytes` pieces); filled with `fill`. */
  readonly totalBytes: number;
  readonly chunkBytes?: number;
  readonly fill?: string;
  /** Finish the request after the last byte (default false: the body never ends). */
  readonly end?: boolean;
}

export function sign(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** POSTs to `url` and resolves with the first answer; never waits for a drain the server won't give. */
export async function sendRaw(url: string, delivery: RawDelivery): Promise<RawAnswer> {
  const defaults: Record<string, string> = {
    'content-type': 'application/json',
    'x-github-event': 'push',
    'x-github-delivery': randomUUID(),
    'x-hub-signature-256': `sha256=${'0'.repeat(64)}`,
  };
  const headers: Record<string, string> = { ...defaults };
  for (const [name, value] of Object.entries(delivery.headers ?? {})) {
    if (value === null) delete headers[name];
    else headers[name] = value;
  }
  const started = performance.now();
  // Keep-alive, as GitHub's and most clients' connections are: with `Connection: close` Node's
  // server drops the connection right after an early answer, and the reset may take the answer with it.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const req: ClientRequest = request(url, { method: 'POST', headers, agent });
  // The server may close while we still write: that is the point. Every emitter gets a listener.
  req.on('error', () => undefined);
  req.on('socket', (socket) => socket.on('error', () => undefined));
  let sent = 0;
  // Set when the answer's headers arrive: the sender stops writing then, as a real client would.
  let responded = false;
  const answered = new Promise<Omit<RawAnswer, 'sent'>>((resolve) => {
    req.once('response', (res) => {
      responded = true;
      const answeredAfterMs = performance.now() - started;
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      const settle = () =>
        resolve({ status: res.statusCode ?? 0, answeredAfterMs, text: Buffer.concat(parts).toString('utf8'), headers: res.headers });
      res.on('end', settle);
      // The server may drop the connection once it has answered: what arrived is the answer
      // (an aborted response may close without 'end' or 'error').
      res.on('error', settle);
      res.on('close', settle);
    });
    // A server that closes with unread bytes resets the connection, and the kernel may drop its
    // answer with it: say so instead of waiting forever.
    req.once('close', () => {
      if (!responded)
        resolve({ status: 0, answeredAfterMs: performance.now() - started, text: 'connection closed without an answer', headers: {} });
    });
  });
  const chunk = Buffer.alloc(delivery.chunkBytes ?? 1024 * 1024, delivery.fill ?? 'x');
  while (!responded && sent < delivery.totalBytes) {
    const piece = chunk.subarray(0, Math.min(chunk.length, delivery.totalBytes - sent));
    const flowing = req.write(piece);
    sent += piece.length;
    // Every piece yields to the event loop, so an early answer is seen as soon as it arrives.
    if (flowing) await new Promise((resolve) => setImmediate(resolve));
    else await Promise.race([new Promise((resolve) => req.once('drain', resolve)), answered]);
  }
  if (delivery.end && !responded) req.end();
  const answer = await answered;
  req.destroy();
  agent.destroy();
  return { ...answer, sent };
}
