import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createRegistryClient } from '../../../src/registry/client/client.js';
import { createRegistryConnections, parseRegistryConcurrency } from '../../../src/registry/client/connections.js';
import { sha256, staticCredentials } from './support.js';

/**
 * Issue 13: registry requests reuse kept-alive connections. A loopback registry that answers
 * manifest HEADs counts the TCP connections it accepts and the most requests it had in flight.
 */
// A thousand requests on a machine shared by several test runs: room for a slow minute.
jest.setTimeout(120_000);

let server: Server;
let host: string;
let accepted = 0;
let inFlight = 0;
let mostInFlight = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    inFlight++;
    mostInFlight = Math.max(mostInFlight, inFlight);
    // Answered on the next turn, so that requests really overlap.
    setImmediate(() => {
      inFlight--;
      const tag = req.url?.split('/').pop() ?? '';
      res.writeHead(200, {
        'docker-content-digest': sha256(tag),
        'content-type': 'application/vnd.oci.image.index.v1+json',
        'content-length': '0',
      });
      res.end();
    });
  });
  server.on('connection', () => accepted++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function client(connections?: ReturnType<typeof createRegistryConnections>) {
  return createRegistryClient({
    env: { PINBOT_INSECURE_REGISTRIES: host },
    credentials: staticCredentials({}),
    ...(connections ? { connections } : {}),
  });
}

async function heads(registry: ReturnType<typeof client>, count: number): Promise<void> {
  const answers = await Promise.all(
    Array.from({ length: count }, (_, i) => registry.headManifest({ registry: host, repository: 'team/app' }, `v${i}`)),
  );
  expect(answers.filter((answer) => answer.kind === 'found')).toHaveLength(count);
}

describe('registry connections', () => {
  it('1,000 HEADs through a shared pool open at most the per-host limit of connections', async () => {
    const connections = createRegistryConnections({ connectionsPerHost: 4 });
    accepted = 0;
    mostInFlight = 0;
    try {
      // Two clients (two scans) on the same pool: they share its sockets.
      await Promise.all([heads(client(connections), 500), heads(client(connections), 500)]);
      expect(accepted).toBeGreaterThan(0);
      expect(accepted).toBeLessThanOrEqual(4);
      expect(mostInFlight).toBeLessThanOrEqual(4);
    } finally {
      await connections.close();
    }
  });

  it('keeps the connections of one run for the next while they are idle', async () => {
    const connections = createRegistryConnections({ connectionsPerHost: 2 });
    try {
      await heads(client(connections), 50);
      accepted = 0;
      await heads(client(connections), 50);
      expect(accepted).toBe(0);
    } finally {
      await connections.close();
    }
  });
});

describe('PINBOT_REGISTRY_CONCURRENCY', () => {
  it('is a whole number from 1 to 64, or unset', () => {
    expect(parseRegistryConcurrency(undefined)).toBeUndefined();
    expect(parseRegistryConcurrency(' ')).toBeUndefined();
    expect(parseRegistryConcurrency('16')).toBe(16);
    for (const bad of ['0', '65', '-1', '2.5', 'many']) expect(parseRegistryConcurrency(bad)).toHaveProperty('problem');
  });
});
