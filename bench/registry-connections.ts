// Registry connections (issue 13): TCP connections opened and wall time for 1,000 manifest HEADs
// through the registry client against a real local registry (Debian's docker-registry), behind
// a loopback proxy that counts the connections it accepts. First Node's fetch on its own (a
// socket per HEAD: undici closes the connection after a HEAD), then the client's kept-alive
// pool at several per-host limits: the figures PINBOT_REGISTRY_CONCURRENCY's default comes from.
import { createServer, connect, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createRegistryClient } from '../src/registry/client/client.js';
import { createRegistryConnections, type RegistryConnections } from '../src/registry/client/connections.js';
import { pushImage, startRegistry } from '../test/helpers/registry/index.js';

const HEADS = 1000;
const TAGS = 20;

interface CountingProxy {
  readonly host: string;
  accepted: number;
  close(): Promise<void>;
}

async function countingProxy(target: string): Promise<CountingProxy> {
  const [hostname = '127.0.0.1', port = '0'] = target.split(':');
  const sockets = new Set<import('node:net').Socket>();
  const proxy: { server?: Server; accepted: number } = { accepted: 0 };
  const server = createServer((client) => {
    proxy.accepted++;
    const upstream = connect(Number(port), hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    get accepted() {
      return proxy.accepted;
    },
    set accepted(value: number) {
      proxy.accepted = value;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Node's fetch without the pool: what every HEAD cost before issue 13. */
const unpooledFetch: typeof fetch = (input, init) => {
  const rest: RequestInit & { dispatcher?: unknown } = { ...init };
  delete rest.dispatcher;
  return fetch(input, rest);
};

export async function benchRegistryConnections(): Promise<string[]> {
  const registry = await startRegistry({ auth: 'none' });
  const proxy = await countingProxy(registry.host);
  try {
    for (let i = 0; i < TAGS; i++) await pushImage(registry, 'bench/app', `t${i}`, { seed: `s${i}` });
    const lines = [`registry-connections: ${HEADS} manifest HEADs (${TAGS} tags) to a local registry through a counting proxy`];
    const run = async (label: string, connections: RegistryConnections, fetchImpl?: typeof fetch): Promise<void> => {
      const client = createRegistryClient({ env: {}, connections, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
      proxy.accepted = 0;
      const started = process.hrtime.bigint();
      const answers = await Promise.all(
        Array.from({ length: HEADS }, (_, i) => client.headManifest({ registry: proxy.host, repository: 'bench/app' }, `t${i % TAGS}`)),
      );
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const failed = answers.filter((answer) => answer.kind !== 'found').length;
      lines.push(
        `  ${label}: ${proxy.accepted} connections opened per ${HEADS} HEADs, ${(HEADS / seconds).toFixed(0)} HEADs/s, ${seconds.toFixed(2)} s wall${failed > 0 ? `, ${failed} failed` : ''}`,
      );
    };
    const baseline = createRegistryConnections({ connectionsPerHost: 4 });
    await run('Node fetch, no pool (limit 4)', baseline, unpooledFetch);
    await baseline.close();
    for (const limit of [1, 2, 4, 8, 16, 32]) {
      const connections = createRegistryConnections({ connectionsPerHost: limit });
      await run(`kept-alive pool, limit ${limit}`, connections);
      await connections.close();
    }
    return lines;
  } finally {
    await proxy.close();
    await registry.stop();
  }
}
