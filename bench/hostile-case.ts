// One hostile input through one path, in a process of its own so that its peak RSS is its own.
// `node hostile-case.js NAME cli`: `pinbot refs --json` over the files; prints wall time, peak RSS.
// `node hostile-case.js NAME app`: the App's scan of a repository holding them on the fake
// GitHub; prints wall time and the longest event-loop block while it ran.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { closeScanWorkers, main } from '../src/cli/main.js';
import { closeSharedScanPool, sharedScanPool } from '../src/scan/pool/shared-pool.js';
import { CASES, type HostileCase } from './hostile-inputs.js';

export interface CaseFigures {
  readonly wallMs: number;
  /** CPU time of the whole process (every thread) during the run: what load on the machine hardly changes. */
  readonly cpuMs: number;
  readonly peakRssMb: number;
  /** Longest event-loop block during the whole App scan (GitHub requests, config, planning…). */
  readonly maxBlockMs?: number;
  /** Longest event-loop block from the first file handed to the scan pool until the last result. */
  readonly maxScanBlockMs?: number;
  readonly outcome: string;
}

const peakRssMb = (): number => process.resourceUsage().maxRSS / 1024;

function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

async function viaCli(hostile: HostileCase): Promise<CaseFigures> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'pinbot-hostile-'));
  try {
    for (const [file, text] of Object.entries(hostile.files())) {
      await mkdir(path.dirname(path.join(root, file)), { recursive: true });
      await writeFile(path.join(root, file), text);
    }
    let stdout = '';
    let stderr = '';
    const started = performance.now();
    const cpu = process.cpuUsage();
    const code = await main(['refs', '--json', root], {
      stdout: { write: (text: string) => (stdout += text), isTTY: false },
      stderr: { write: (text: string) => (stderr += text), isTTY: false },
      cwd: root,
      env: {},
    });
    const wallMs = performance.now() - started;
    const cpuMs = cpuSince(cpu);
    await closeScanWorkers();
    const summary = stdout === '' ? stderr.trim().slice(0, 160) : describeRefs(stdout);
    return { wallMs, cpuMs, peakRssMb: peakRssMb(), outcome: `exit ${code}, ${summary}` };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

function describeRefs(stdout: string): string {
  const report = JSON.parse(stdout) as { references: unknown[]; skipped: unknown[]; problems: Array<{ message: string }> };
  const problems = report.problems.map((problem) => problem.message.slice(0, 60));
  return `${report.references.length} refs, ${report.skipped.length} skipped, ${(stdout.length / 1e6).toFixed(1)} MB of JSON${problems.length ? `, problems: ${problems.join('; ')}` : ''}`;
}

async function viaApp(hostile: HostileCase): Promise<CaseFigures> {
  // Loaded here, so that the CLI's figures don't include Probot and the fake GitHub.
  const [{ default: pino }, { scanAllInstallations }, { startApp }] = await Promise.all([
    import('pino'),
    import('../src/app/scheduler.js'),
    import('../test/helpers/app-under-test.js'),
  ]);
  // The scanning window: opened by the first file handed to the pool, closed by the last result.
  const scanning = monitorEventLoopDelay({ resolution: 10 });
  let inFlight = 0;
  let maxScanBlockMs: number | undefined;
  const app = await startApp({
    scanFile: async (path, text, kindPath) => {
      if (inFlight++ === 0) {
        scanning.reset();
        scanning.enable();
      }
      try {
        return await sharedScanPool().scan(path, text, kindPath);
      } finally {
        if (--inFlight === 0) {
          scanning.disable();
          maxScanBlockMs = Math.max(maxScanBlockMs ?? 0, scanning.max / 1e6);
        }
      }
    },
  });
  try {
    app.fake.createRepo({ owner: 'org', repo: 'hostile', files: hostile.files() });
    app.fake.addInstallation({ id: 1, account: 'org', repos: 'all' });
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const started = performance.now();
    const cpu = process.cpuUsage();
    const summary = await scanAllInstallations({
      auth: app.probot.auth.bind(app.probot),
      app: app.pinbot,
      log: pino({ level: 'silent' }),
      sleep: async () => undefined,
      now: Date.now,
      concurrency: 1,
    });
    const wallMs = performance.now() - started;
    const cpuMs = cpuSince(cpu);
    delay.disable();
    // The `pinbot` check run says either that the config is invalid (failure) or which files were not scanned (success).
    const runs = app.fake.checkRuns('org', 'hostile', { name: 'pinbot' });
    const checks = runs.map((run) =>
      run.conclusion === 'failure' ? 'invalid config' : (run.output.summary ?? '').includes('Not scanned') ? 'files not scanned' : 'notes',
    );
    return {
      wallMs,
      cpuMs,
      peakRssMb: peakRssMb(),
      maxBlockMs: delay.max / 1e6,
      ...(maxScanBlockMs === undefined ? {} : { maxScanBlockMs }),
      outcome: `${summary.repositories} scanned, ${summary.failed} failed${checks.length > 0 ? `, pinbot check run: ${checks.join(', ')}` : ''}`,
    };
  } finally {
    await app.stop();
    await closeSharedScanPool();
  }
}

const [name = '', mode = 'cli'] = process.argv.slice(2);
const hostile = CASES[name];
if (hostile === undefined) throw new Error(`unknown case "${name}" (have: ${Object.keys(CASES).join(', ')})`);
const figures = mode === 'app' ? await viaApp(hostile) : await viaCli(hostile);
process.stdout.write(`${JSON.stringify(figures)}\n`);
