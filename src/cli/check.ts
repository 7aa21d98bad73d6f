import { resolveAndPlan, type ResolveDeps } from '../resolve/resolve-and-plan.js';
import { writeUpdates } from './write-updates.js';
import type { PlannedFailure, PlannedUpdate, UpdatePlan } from '../plan/plan.js';
import type { FoundReference } from '../scan/types.js';
import { clip, jsonText, MAX_ECHOED_MESSAGE, MAX_ECHOED_TEXT, visible } from '../text/safe-text.js';
import { EXIT, type CliIo } from './io.js';
import { createProgress } from './progress.js';
import { renderScanNotes, scanWorkspaces } from './scan-report.js';
import { renderTable, shortDigest } from './table.js';
import { openWorkspaces } from './workspace.js';

export interface CheckOptions {
  readonly json: boolean;
  /** `update`: write the new digests; `check`: only report. */
  readonly write: boolean;
  readonly dryRun: boolean;
}

/**
 * `pinbot check` and `pinbot update`. Exit codes: check → 0 all current, 1 stale (nothing
 * failed), 2 any failure; update → 0 every reference resolved and written, 2 otherwise.
 */
export async function checkCommand(paths: readonly string[], options: CheckOptions, io: CliIo, deps: ResolveDeps): Promise<number> {
  const report = await scanWorkspaces(await openWorkspaces(paths, io.cwd));
  const progress = createProgress(io.stderr, !options.json);
  const combined: UpdatePlan = { updates: [], current: [], platformsUnchanged: [], errors: [] };
  const runDeps: ResolveDeps = { ...deps, onProgress: progress.update, resolvers: new Map() };
  for (const { workspace, scan } of report.scans) {
    const plan = await resolveAndPlan(scan, workspace.config, runDeps);
    let updates = plan.updates;
    if (options.write && !options.dryRun) {
      const { written, failures } = await writeUpdates(workspace.root, scan.texts, plan.updates);
      updates = written;
      combined.errors.push(...failuresOf(plan.updates, failures));
    }
    combined.updates.push(...updates);
    combined.current.push(...plan.current);
    combined.platformsUnchanged.push(...plan.platformsUnchanged);
    combined.errors.push(...plan.errors);
  }
  progress.done();

  if (options.json) io.stdout.write(`${jsonText(planJson(combined, report))}\n`);
  else {
    const notes = renderScanNotes(report, { brief: true });
    io.stdout.write(`${renderPlan(combined, options)}${notes ? `\n${notes}` : ''}\n`);
  }

  if (combined.errors.length > 0) return EXIT.error;
  return !options.write && combined.updates.length > 0 ? EXIT.stale : EXIT.ok;
}

/** Every update in a file that could not be written fails with that file's reason. */
function failuresOf(updates: readonly PlannedUpdate[], failures: ReadonlyArray<{ file: string; error: string }>): PlannedFailure[] {
  return failures.flatMap(({ file, error }) =>
    updates
      .filter((update) => update.reference.file === file)
      .map((update) => ({ reference: update.reference, error: `${file}: ${error}` })),
  );
}

function place(reference: FoundReference): { file: string; line: number; image: string; tag: string } {
  return { file: reference.file, line: reference.line, image: reference.image.name, tag: reference.image.tag };
}

function planJson(plan: UpdatePlan, report: Awaited<ReturnType<typeof scanWorkspaces>>): Record<string, unknown> {
  return {
    updates: plan.updates.map(({ reference, newDigest, platform, host }) => ({
      ...place(reference),
      currentDigest: reference.image.digest,
      newDigest,
      platform: platform === null ? null : clip(platform, MAX_ECHOED_TEXT),
      host,
    })),
    current: plan.current.map((reference) => ({ ...place(reference), digest: reference.image.digest })),
    errors: plan.errors.map(({ reference, error }) => ({ ...place(reference), error: clip(error, MAX_ECHOED_MESSAGE) })),
    platformsUnchanged: plan.platformsUnchanged.map(({ reference, newDigest }) => ({
      ...place(reference),
      digest: reference.image.digest,
      newIndexDigest: newDigest,
    })),
    skipped: report.skipped,
    skippedFiles: report.skippedFiles,
    problems: report.problems,
  };
}

function renderPlan(plan: UpdatePlan, options: CheckOptions): string {
  const staleWord = options.write ? (options.dryRun ? 'would update' : 'updated') : 'stale';
  const rows: string[][] = [];
  const row = (reference: FoundReference, status: string, digests: string): void => {
    rows.push([`${reference.file}:${reference.line}`, `${reference.image.originalName}:${reference.image.tag}`, status, digests]);
  };
  for (const update of plan.updates) {
    row(
      update.reference,
      staleWord,
      `${shortDigest(update.reference.image.digest)} -> ${shortDigest(update.newDigest)}${update.platform ? ` (${clip(update.platform, MAX_ECHOED_TEXT)})` : ''}`,
    );
  }
  for (const { reference, newDigest } of plan.platformsUnchanged) {
    row(reference, 'current', `${shortDigest(reference.image.digest)} (index now ${shortDigest(newDigest)}; no platform changed)`);
  }
  for (const reference of plan.current) row(reference, 'current', shortDigest(reference.image.digest));
  for (const { reference } of plan.errors) row(reference, 'failed', shortDigest(reference.image.digest));
  rows.sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? '', undefined, { numeric: true }));

  const lines = [rows.length > 0 ? renderTable(['FILE', 'IMAGE', 'STATUS', 'DIGEST'], rows) : 'No pinned image references found.'];
  if (plan.errors.length > 0) {
    lines.push('', `Errors (${plan.errors.length}):`);
    // Registry answers and file names: escaped, so a registry can't write to the terminal (issue 8, finding 11).
    for (const { reference, error } of plan.errors) {
      lines.push(`  ${visible(reference.file)}:${reference.line}  ${visible(clip(error, MAX_ECHOED_MESSAGE))}`);
    }
  }
  const current = plan.current.length + plan.platformsUnchanged.length;
  lines.push('', `${plan.updates.length} ${staleWord}, ${current} current, ${plan.errors.length} failed`);
  return lines.join('\n');
}
