import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface RecordingProxy {
  /** `127.0.0.1:<port>`, for GHE_HOST. */
  readonly host: string;
  /** Every request as GitHub would have received it: method, path and query, headers, body. */
  readonly requests: RecordedRequest[];
  stop(): Promise<void>;
}

// Hop-by-hop headers, and those fetch recomputes (it decodes bodies, so the length and encoding change).
const DROPPED = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding']);

/**
 * A plain HTTP proxy in front of the fake GitHub that records everything the app sends,
 * headers included (the fake's own request log keeps bodies but not headers). Links in
 * responses (pagination) are rewritten to point back through the proxy.
 */
export async function startRecordingProxy(targetHost: string): Promise<RecordingProxy> {
  const requests: RecordedRequest[] = [];
  let ownHost = '';
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: body.toString('utf8') });
      const headers = Object.entries(req.headers).flatMap(([name, value]) =>
        DROPPED.has(name) || value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value] as [string, string]],
      );
      const method = req.method ?? 'GET';
      fetch(`http://${targetHost}${req.url ?? '/'}`, { method, headers, ...(method === 'GET' || method === 'HEAD' ? {} : { body }) })
        .then(async (answer) => {
          const replyHeaders: Record<string, string> = {};
          answer.headers.forEach((value, name) => {
            if (!DROPPED.has(name)) replyHeaders[name] = value.split(targetHost).join(ownHost);
          });
          const bytes = Buffer.from(await answer.arrayBuffer());
          res.writeHead(answer.status, replyHeaders).end(bytes);
        })
        .catch((error: unknown) => res.writeHead(502, { 'content-type': 'text/plain' }).end(`proxy: ${String(error)}`));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ownHost = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host: ownHost,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
