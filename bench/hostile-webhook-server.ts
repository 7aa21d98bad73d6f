// The App's real server (`serve`, as `npm start` runs it) in a process of its own, so the
// hostile-webhook benchmark measures the server's memory and nothing of the sender's. Prints
// `listening <port>` once it serves; stops on SIGTERM.
import { generateKeyPairSync } from 'node:crypto';
import pino from 'pino';
import { serve } from '../src/app/main.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const served = await serve(
  {
    APP_ID: '1',
    PRIVATE_KEY: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    WEBHOOK_SECRET: process.env.BENCH_WEBHOOK_SECRET ?? 'bench-secret',
    HOST: '127.0.0.1',
    PORT: process.env.BENCH_PORT ?? '0',
    // Never contacted: the benchmark sends only refused deliveries.
    GHE_HOST: '127.0.0.1:9',
    GHE_PROTOCOL: 'http',
    LOG_LEVEL: 'info',
  },
  // Logs go where `npm start` sends them (stdout, JSON), so their volume counts in the figures.
  { log: pino({ level: 'info' }, pino.destination(2)) },
);
if (!served.ok) {
  console.error('problems' in served ? served.problems.join('\n') : 'interrupted while starting');
  process.exit(1);
}
console.log(`listening ${served.app.port}`);
process.once('SIGTERM', () => {
  void served.app.stop().then(() => process.exit(0));
});
