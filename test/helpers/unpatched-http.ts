import http from 'node:http';

// Registered for every test file (jest.config.js `setupFilesAfterEnv`), and run before the file's
// own imports. Jest gives each file its own modules but one `node:http` per worker: a library
// that patches it (nock) and is not put away changes the real requests of every later file in
// that worker (see test/helpers/nock.ts). The first file a worker runs records the real
// `http.request` on the module itself; every later file must find that one, so a leak fails the
// file after the one that leaked, with this message.
const ORIGINAL = Symbol.for('pinbot.test.http.request');
const shared = http as unknown as Record<symbol, unknown>;
if (shared[ORIGINAL] !== undefined && http.request !== shared[ORIGINAL])
  throw new Error('node:http is still patched by an earlier test file in this worker: import nock from test/helpers/nock.ts');
shared[ORIGINAL] = http.request;
