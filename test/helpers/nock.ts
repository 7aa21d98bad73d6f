import { afterAll } from '@jest/globals';
import nock from 'nock';

/**
 * nock for a test file, put away when the file ends. Test files must import nock from here.
 *
 * nock patches `node:http`, which every test file in a Jest worker shares, while each file gets
 * its own nock: left active, a file's interceptor kept handling the real requests of the files
 * that ran after it in the same worker. Its sockets do not fail as the kernel's do, and the
 * hostile webhook sender (test/helpers/raw-webhook.ts) failed with an unheard `write
 * ECONNRESET` whenever it ran behind a nock file (three full runs in stop 18).
 */
afterAll(() => {
  nock.restore();
});

export default nock;
