import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Metrics } from './metrics.js';

/**
 * Where the process is in its life. Only `ready` takes webhooks: before, the app is still
 * loading or the server not yet listening; after, it is draining its queue to shut down, and a
 * load balancer should send deliveries to another replica.
 */
export type Phase = 'starting' | 'ready' | 'stopping';

export interface Lifecycle {
  readonly phase: Phase;
  ready(): void;
  /** Final: a stopping process never becomes ready again. */
  stopping(): void;
}

export function createLifecycle(): Lifecycle {
  let phase: Phase = 'starting';
  return {
    get phase() {
      return phase;
    },
    ready() {
      if (phase === 'starting') phase = 'ready';
    },
    stopping() {
      phase = 'stopping';
    },
  };
}

/** A Probot server handler: true when it answered the request, false to let the next one try. */
export type ServerHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/**
 * `GET /healthz` (liveness: the process serves HTTP), `GET /readyz` (200 only while `ready`,
 * else 503) and `GET /metrics` (Prometheus text format). HEAD answers the same without a
 * body. Any other path or method is left to the server's other handlers.
 */
export function createOperationsHandler(
  lifecycle: Pick<Lifecycle, 'phase'>,
  metrics: Pick<Metrics, 'contentType' | 'render'>,
  /** What else readiness needs (Redis, when scaled): undefined when fine, else what is wrong. */
  dependencies: () => Promise<string | undefined> = async () => undefined,
): ServerHandler {
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = (req.url ?? '').split('?')[0];
    const send = (status: number, contentType: string, body: string): true => {
      res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    };
    switch (path) {
      case '/healthz':
        return send(200, 'text/plain; charset=utf-8', 'ok');
      case '/readyz': {
        if (lifecycle.phase !== 'ready') return send(503, 'text/plain; charset=utf-8', lifecycle.phase);
        const problem = await dependencies().catch((error: unknown) => (error instanceof Error ? error.message : 'unavailable'));
        return problem === undefined ? send(200, 'text/plain; charset=utf-8', 'ready') : send(503, 'text/plain; charset=utf-8', problem);
      }
      case '/metrics':
        return send(200, metrics.contentType, await metrics.render());
      default:
        return false;
    }
  };
}
