/**
 * One loopback port in front of a registry and its token server, the way hosted registries
 * serve their realm on the registry's own origin (GitLab's `/jwt/auth`, Harbor's
 * `/service/token`): `/token` goes to the token server, everything else to the registry.
 * pinbot sends credentials to a realm only on the registry's own scheme, host and port
 * (issue 8, finding 6), so a token registry whose realm sat on another port would never see
 * them. Requests and answers are streamed through unchanged, Host header included, so the
 * registry's upload `Location`s point back at this port.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FrontDoor {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Where each path goes; set once the upstreams are listening. */
  route(upstreams: { registry: string; tokenServer: string }): void;
  stop(): Promise<void>;
}

export async function startFrontDoor(): Promise<FrontDoor> {
  let upstreams: { registry: string; tokenServer: string } | undefined;

  const forward = (incoming: IncomingMessage, outgoing: ServerResponse): void => {
    if (upstreams === undefined) {
      outgoing.writeHead(503).end('front door not routed yet');
      return;
    }
    const path = incoming.url ?? '/';
    const base = path === '/token' || path.startsWith('/token?') ? upstreams.tokenServer : upstreams.registry;
    const target = new URL(path, base);
    const upstream = request(target, { method: incoming.method, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    upstream.on('error', (error) => {
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end(`front door: ${error.message}`);
    });
    incoming.pipe(upstream);
  };

  const server = createServer(forward);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    route(next) {
      upstreams = next;
    },
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
