import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLifecycle, createOperationsHandler, type Lifecycle } from '../../src/app/health.js';

/**
 * Each test gets its own lifecycle, metrics and server: the operations handler behind a plain
 * HTTP server that answers 418 for whatever it leaves alone. No test depends on another's phase.
 */
interface Operations {
  readonly lifecycle: Lifecycle;
  readonly contentType: string;
  readonly get: (path: string, method?: string) => Promise<{ status: number; body: string; type: string | null }>;
  readonly url: string;
}

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

async function serveOperations(): Promise<Operations> {
  const lifecycle = createLifecycle();
  let renders = 0;
  const metrics = {
    contentType: 'text/plain; version=0.0.4; charset=utf-8',
    render: async () => `# HELP pinbot_renders_total Renders.\n# TYPE pinbot_renders_total counter\npinbot_renders_total ${++renders}\n`,
  };
  const handler = createOperationsHandler(lifecycle, metrics);
  const server = createServer((req, res) => {
    void handler(req, res).then((handled) => {
      if (!handled) res.writeHead(418).end('not mine');
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    lifecycle,
    contentType: metrics.contentType,
    url,
    get: async (path, method = 'GET') => {
      const response = await fetch(`${url}${path}`, { method });
      return { status: response.status, body: await response.text(), type: response.headers.get('content-type') };
    },
  };
}

describe('the operations handler through a lifecycle', () => {
  it('is alive but not ready while starting', async () => {
    const { lifecycle, get } = await serveOperations();
    expect(lifecycle.phase).toBe('starting');
    expect(await get('/healthz')).toMatchObject({ status: 200, body: 'ok' });
    expect(await get('/readyz')).toMatchObject({ status: 503, body: 'starting' });
  });

  it('is ready once marked ready, query strings aside', async () => {
    const { lifecycle, get } = await serveOperations();
    lifecycle.ready();
    expect(await get('/readyz?verbose=1')).toMatchObject({ status: 200, body: 'ready' });
  });

  it('renders the metrics afresh on every scrape, with their content type', async () => {
    const { get, contentType } = await serveOperations();
    const first = await get('/metrics');
    const second = await get('/metrics');
    expect(first).toMatchObject({ status: 200, type: contentType, body: expect.stringContaining('pinbot_renders_total 1') });
    expect(second.body).toContain('pinbot_renders_total 2');
  });

  it('answers HEAD without a body', async () => {
    const { url } = await serveOperations();
    const response = await fetch(`${url}/healthz`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('leaves other paths and methods to the next handler', async () => {
    const { get } = await serveOperations();
    expect(await get('/healthz/extra')).toMatchObject({ status: 418 });
    expect(await get('/api/github/webhooks', 'POST')).toMatchObject({ status: 418 });
    expect(await get('/metrics', 'DELETE')).toMatchObject({ status: 418 });
  });

  it('is not ready once stopping, and never ready again', async () => {
    const { lifecycle, get } = await serveOperations();
    lifecycle.ready();
    expect(await get('/readyz')).toMatchObject({ status: 200, body: 'ready' });
    lifecycle.stopping();
    lifecycle.ready();
    expect(await get('/readyz')).toMatchObject({ status: 503, body: 'stopping' });
    expect(await get('/healthz')).toMatchObject({ status: 200, body: 'ok' });
  });

  it('stops being ready when stopped before it was ever ready', async () => {
    const { lifecycle, get } = await serveOperations();
    lifecycle.stopping();
    expect(await get('/readyz')).toMatchObject({ status: 503, body: 'stopping' });
  });
});
