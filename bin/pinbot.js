#!/usr/bin/env node
import { closeScanWorkers, main } from '../dist/cli/main.js';

try {
  process.exitCode = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    env: process.env,
  });
} finally {
  await closeScanWorkers();
}
