import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLifecycle, createOperationsHandler } from '../../src/app/health.js';

/** The operations handler behind a plain HTTP server that answers 418 for whatever it leaves alone. */
const lifecycle = createLifecycle();
let renders = 0;
const metrics = {
  contentType: 'text/plain; version=0.0.4; charset=utf-8',
  render: async () => `# HELP pinbot_renders_total Renders.\n# TYPE pinbot_renders_total counter\npinbot_renders_total ${++renders}\n`,
};
const handler = createOperationsHandler(lifecycle, metrics);
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    void handler(req, res).then((handled) => {
      if (!handled) res.writeHead(418).end('not mine');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function get(path: string, method = 'GET'): Promise<{ status: number; body: string; type: string | null }> {
  const response = await fetch(`${url}${path}`, { method });
  return { status: response.status, body: await response.text(), type: response.headers.get('content-type') };
}

describe('the operations handler through a lifecycle', () => {
  it('is alive but not ready while starting', async () => {
    expect(lifecycle.phase).toBe('starting');
    expect(await get('/healthz')).toMatchObject({ status: 200, body: 'ok' });
    expect(await get('/readyz')).toMatchObject({ status: 503, body: 'starting' });
  });

  it('is ready once marked ready, query strings aside', async () => {
    lifecycle.ready();
    expect(await get('/readyz?verbose=1')).toMatchObject({ status: 200, body: 'ready' });
  });

  it('renders the metrics afresh on every scrape, with their content type', async () => {
    const first = await get('/metrics');
    const second = await get('/metrics');
    expect(first).toMatchObject({ status: 200, type: metrics.contentType, body: expect.stringContaining('pinbot_renders_total 1') });
    expect(second.body).toContain('pinbot_renders_total 2');
  });

  it('answers HEAD without a body', async () => {
    const response = await fetch(`${url}/healthz`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('leaves other paths and methods to the next handler', async () => {
    expect(await get('/healthz/extra')).toMatchObject({ status: 418 });
    expect(await get('/api/github/webhooks', 'POST')).toMatchObject({ status: 418 });
    expect(await get('/metrics', 'DELETE')).toMatchObject({ status: 418 });
  });

  it('is not ready once stopping, and never ready again', async () => {
    lifecycle.stopping();
    lifecycle.ready();
    expect(await get('/readyz')).toMatchObject({ status: 503, body: 'stopping' });
    expect(await get('/healthz')).toMatchObject({ status: 200, body: 'ok' });
  });
});
