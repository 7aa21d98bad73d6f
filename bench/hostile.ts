// "hostile inputs": issue 8's hostile files, each through `pinbot refs --json` (wall time, peak
// RSS) and through the App's scan on the fake GitHub (wall time, longest event-loop block).
// Each run is a process of its own, so every peak RSS is that case's alone.
// Targets: each case under 2 s and 200 MB; the event loop never blocked over 200 ms.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { compileGlobs } from '../src/discover/globs.js';
import type { CaseFigures } from './hostile-case.js';
import { CASES } from './hostile-inputs.js';

const run = promisify(execFile);
const CASE_SCRIPT = fileURLToPath(new URL('./hostile-case.js', import.meta.url));

async function measure(name: string, mode: 'cli' | 'app'): Promise<CaseFigures> {
  const { stdout } = await run(process.execPath, [CASE_SCRIPT, name, mode], { maxBuffer: 1 << 20, timeout: 600_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as CaseFigures;
}

const seconds = (value: number): string => `${(value / 1000).toFixed(2)} s`;
const ms = (value: number | undefined): string => (value === undefined ? 'n/a' : `${value.toFixed(0)} ms`);

/** The matcher alone: 3,000 simple globs (under the size cap, over the count cap) over the 40 paths. */
function rawMatcher(): string {
  const paths = Array.from({ length: 40 }, (_, index) => `deploy/env${index % 5}/app${index}.yaml`);
  const figures = [1000, 3000].map((count) => {
    const started = performance.now();
    const filter = compileGlobs(
      ['**/*.yaml'],
      Array.from({ length: count }, (_, index) => `**/*${index}*/**`),
    );
    const kept = paths.filter((path) => filter.matches(path)).length;
    return `${count.toLocaleString('en-US')}: ${(performance.now() - started).toFixed(0)} ms (${kept} kept)`;
  });
  return `  matcher alone, globs **/*N*/** over 40 paths: ${figures.join('; ')}`;
}

export async function benchHostile(): Promise<string[]> {
  const lines = ['hostile inputs (targets: each under 2 s and 200 MB peak RSS; event loop never blocked over 200 ms)'];
  for (const [name, hostile] of Object.entries(CASES)) {
    const cli = await measure(name, 'cli');
    const app = await measure(name, 'app');
    lines.push(
      `  ${hostile.label}:`,
      `    refs --json: ${seconds(cli.wallMs)} (CPU ${seconds(cli.cpuMs)}), peak RSS ${cli.peakRssMb.toFixed(0)} MB (${cli.outcome})`,
      `    App scan:    ${seconds(app.wallMs)} (CPU ${seconds(app.cpuMs)}); longest event-loop block ${ms(app.maxScanBlockMs)} while files were scanned, ` +
        `${ms(app.maxBlockMs)} in the whole scan; peak RSS ${app.peakRssMb.toFixed(0)} MB with the fake GitHub (${app.outcome})`,
    );
  }
  lines.push(rawMatcher());
  return lines;
}
