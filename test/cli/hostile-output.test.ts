import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { runCli } from './run-cli.js';

/**
 * Issue 8, findings 11 and 13: terminal escapes from a registry reached the terminal in
 * `check`, and a 1 MiB `FROM` line came back as megabytes of `refs --json`.
 */

// Raw control characters but the line feed that ends output lines; what a terminal would act on.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const DIGEST = `sha256:${'a'.repeat(64)}`;
/** Sets the window title, rings the bell, clears the screen: what a hostile registry would send. */
const HOSTILE = '\u001b]0;pwned\u0007\u001b[2J\u009b31m';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pinbot-hostile-output-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('a registry whose error text holds terminal escapes', () => {
  let server: Server;
  let host: string;
  beforeAll(async () => {
    // Open /v2/, no HEAD for manifests (so pinbot asks with GET), and a denial whose message is an attack.
    server = createServer((request, response) => {
      if (request.url === '/v2/') return void response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      if (request.method === 'HEAD') return void response.writeHead(405).end();
      // A denial is summed up per host in the table; a missing manifest is shown with the registry's words.
      response.writeHead(request.url?.includes('/gone/') ? 404 : 403, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ errors: [{ code: `DENIED${HOSTILE}`, message: `go away${HOSTILE}` }] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('is printed escaped by check, in the table and on every other line', async () => {
    await writeFile(path.join(root, 'Dockerfile'), `FROM ${host}/team/app:1.0@${DIGEST}\nFROM ${host}/team/gone:1.0@${DIGEST}\n`);
    const run = await runCli(['check', '.'], { cwd: root });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('404 DENIED\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m: go away\\u001b]0;pwned\\u0007');
    expect(run.stdout).toContain(`${host}: 1 reference: access denied (403 Forbidden).`);
    expect(RAW_CONTROL.test(run.stdout)).toBe(false);
    expect(RAW_CONTROL.test(run.stderr)).toBe(false);
  });

  it('is escaped in check --json, which still parses to the registry’s words', async () => {
    await writeFile(path.join(root, 'Dockerfile'), `FROM ${host}/team/app:1.0@${DIGEST}\n`);
    const run = await runCli(['check', '--json', '.'], { cwd: root });
    expect(RAW_CONTROL.test(run.stdout)).toBe(false);
    const parsed = JSON.parse(run.stdout) as { errors: Array<{ error: string }> };
    expect(parsed.errors[0]?.error).toContain(`go away${HOSTILE}`);
  });
});

describe('text from files', () => {
  it('is escaped in refs: file names, skipped lines and platforms', async () => {
    await writeFile(
      path.join(root, `Dockerfile.\u001b[31mred`),
      `FROM alpine:3.20\u0007\nFROM --platform=linux/\u001b[2J node:22@${DIGEST}\n`,
    );
    const run = await runCli(['refs', '.'], { cwd: root });
    expect(run.code).toBe(0);
    expect(RAW_CONTROL.test(run.stdout)).toBe(false);
    expect(run.stdout).toContain('Dockerfile.\\u001b[31mred:2');
    expect(run.stdout).toContain('(linux/\\u001b[2J)');
  });

  it('a 1 MiB FROM line gives refs output of a few KB, in JSON and as a table', async () => {
    const long = 'a'.repeat(1024 * 1024 - 100);
    await writeFile(path.join(root, 'Dockerfile'), `FROM ${long}\n`);
    await writeFile(path.join(root, 'platform.Dockerfile'), `FROM --platform=${long} node:22@${DIGEST}\n`);
    await writeFile(path.join(root, 'compose.yaml'), `services:\n  app:\n    image: "${'b'.repeat(1024 * 1024 - 100)}"\n`);

    const json = await runCli(['refs', '--json', '.'], { cwd: root });
    expect(json.code).toBe(0);
    expect(json.stdout.length).toBeLessThan(4096);
    const parsed = JSON.parse(json.stdout) as { skipped: Array<{ text: string }>; references: Array<{ platform: string }> };
    expect(parsed.skipped.map((skip) => skip.text)).toEqual([`${'b'.repeat(199)}…`, `FROM ${'a'.repeat(194)}…`]);
    expect(parsed.references[0]?.platform).toBe(`${'a'.repeat(199)}…`);

    const table = await runCli(['refs', '.'], { cwd: root });
    expect(table.stdout.length).toBeLessThan(4096);
  });
});
