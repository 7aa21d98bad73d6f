import { Agent, type Dispatcher } from 'undici';

/**
 * Kept-alive connections to registries (issue 13). Node's fetch opened a new connection for
 * nearly every request of a scan (measured: ~1,000 sockets for 1,000 HEADs), and on a real
 * registry each one costs a TCP and a TLS handshake. One undici `Agent` per process holds a
 * pool per origin, at most `connectionsPerHost` sockets each, reused while idle for up to
 * `keepAliveMs`; it is passed to fetch as its `dispatcher`. Every registry client of the
 * process shares it, so scans running side by side share the sockets too.
 *
 * undici closes a connection after every HEAD (nodejs/undici#258: some servers send a body
 * with a HEAD answer), which is what opened one socket per tag lookup. Registries answer HEAD
 * per the distribution spec, headers only, so HEADs here keep the connection (`reset: false`);
 * a server that did send a body would break the next answer on that socket, which fails as a
 * network error and is retried on a fresh connection.
 */
export interface RegistryConnections {
  readonly dispatcher: Dispatcher;
  readonly connectionsPerHost: number;
  /** Closes every socket; requests made afterwards fail. */
  close(): Promise<void>;
}

/** Concurrent requests (and sockets) per registry host when nothing says otherwise: see bench/registry-connections.ts. */
export const DEFAULT_REGISTRY_CONCURRENCY = 8;

export function createRegistryConnections(
  options: { readonly connectionsPerHost?: number; readonly keepAliveMs?: number } = {},
): RegistryConnections {
  const connectionsPerHost = options.connectionsPerHost ?? DEFAULT_REGISTRY_CONCURRENCY;
  if (!Number.isInteger(connectionsPerHost) || connectionsPerHost < 1)
    throw new RangeError('connectionsPerHost must be a positive integer');
  const agent = new Agent({
    connections: connectionsPerHost,
    keepAliveTimeout: options.keepAliveMs ?? 30_000,
    // A registry that says how long it keeps a socket is believed, up to this.
    keepAliveMaxTimeout: 60_000,
  });
  const dispatcher = agent.compose(
    (dispatch) => (request, handler) => dispatch(request.method === 'HEAD' ? { ...request, reset: false } : request, handler),
  );
  return { dispatcher, connectionsPerHost, close: () => agent.close() };
}

/**
 * `PINBOT_REGISTRY_CONCURRENCY`: requests at once per registry host, 1 to 64. Returns the
 * number, undefined when unset, or the problem.
 */
export function parseRegistryConcurrency(value: string | undefined): number | undefined | { readonly problem: string } {
  const text = value?.trim();
  if (text === undefined || text === '') return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 64) {
    return { problem: `PINBOT_REGISTRY_CONCURRENCY must be a whole number from 1 to 64, got "${text.slice(0, 20)}"` };
  }
  return Number(text);
}

const shared = new Map<number, RegistryConnections>();

/**
 * The process's connections for this per-host limit, made on first use: every client (every
 * scan, every PATH of a CLI run) shares them. Idle sockets do not keep a process alive.
 */
export function sharedRegistryConnections(connectionsPerHost = DEFAULT_REGISTRY_CONCURRENCY): RegistryConnections {
  let connections = shared.get(connectionsPerHost);
  if (connections === undefined) {
    connections = createRegistryConnections({ connectionsPerHost });
    shared.set(connectionsPerHost, connections);
  }
  return connections;
}
