/**
 * `bin/pinbot.js`, but on the TypeScript sources (run with `node --import tsx`), so a test can
 * run the CLI as a real process: the only way to show that something does not hang.
 */
import { main } from '../../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
});
