import { resolveAndPlan, type ResolveDeps } from '../resolve/resolve-and-plan.js';
import { writeUpdates } from './write-updates.js';
import type { PlannedFailure, PlannedUpdate, UpdatePlan } from '../plan/plan.js';
import type { FileScanner } from '../scan/pool/scan-pool.js';
import { explanationLines, settleLines } from '../explain/render-text.js';
import type { FoundReference } from '../scan/types.js';
import { clip, jsonText, MAX_ECHOED_MESSAGE, MAX_ECHOED_TEXT, visible } from '../text/safe-text.js';
import { describeGroup, groupFailures } from './failure-groups.js';
import { EXIT, type CliIo } from './io.js';
import { sortedByPosition } from './order.js';
import { createProgress } from './progress.js';
import { renderScanNotes, scanWorkspaces, skippedJson, unscannedNote, type ScanReport } from './scan-report.js';
import { renderTable, shortDigest } from './table.js';
import { openWorkspaces, type Workspace } from './workspace.js';

/** What check and update need from outside: the registry side, and where files are scanned. */
export interface CliDeps extends ResolveDeps {
  readonly scanFile: FileScanner;
}

export interface CheckOptions {
  readonly json: boolean;
  /** `update`: write the new digests; `check`: only report. */
  readonly write: boolean;
  readonly dryRun: boolean;
  /** Print what changed under each stale reference (issue 12); `--json` always carries it. */
  readonly explain?: boolean;
}

/**
 * `pinbot check` and `pinbot update`. Exit codes: check → 0 all current, 1 stale (nothing
 * failed), 2 any failure; update → 0 every reference resolved and written, 2 otherwise. A
 * candidate file that could not be scanned (malformed YAML, undecodable) is a failure too: the
 * pins in it were never checked, and CI must not pass as if they had been (issue 9).
 */
export async function checkCommand(paths: readonly string[], options: CheckOptions, io: CliIo, deps: CliDeps): Promise<number> {
  const report = await scanWorkspaces(await openWorkspaces(paths, io.cwd), deps.scanFile);
  const progress = createProgress(io.stderr, !options.json);
  const combined: UpdatePlan = { updates: [], current: [], platformsUnchanged: [], errors: [], waiting: [] };
  const runDeps: ResolveDeps = {
    ...deps,
    onProgress: progress.update,
    resolvers: new Map(),
    explain: options.json || options.explain === true,
  };
  for (const { workspace, scan } of report.scans) {
    const plan = await resolveAndPlan(scan, workspace.config, runDeps);
    let updates = plan.updates;
    const errors = [...plan.errors];
    if (options.write && !options.dryRun) {
      const { written, failures } = await writeUpdates(workspace.root, scan.texts, plan.updates);
      updates = written;
      errors.push(...failuresOf(plan.updates, failures, workspace));
    }
    const shown = (reference: FoundReference): FoundReference => ({ ...reference, file: workspace.displayPath(reference.file) });
    combined.updates.push(...updates.map((update) => ({ ...update, reference: shown(update.reference) })));
    combined.current.push(...plan.current.map(shown));
    combined.platformsUnchanged.push(...plan.platformsUnchanged.map((entry) => ({ ...entry, reference: shown(entry.reference) })));
    combined.errors.push(...errors.map((failure) => ({ ...failure, reference: shown(failure.reference) })));
    combined.waiting.push(...plan.waiting.map((held) => ({ ...held, reference: shown(held.reference) })));
  }
  progress.done();
  const plan = inFileOrder(combined);

  if (options.json) io.stdout.write(`${jsonText(planJson(plan, report))}\n`);
  else {
    const notes = renderScanNotes(report, { brief: true });
    io.stdout.write(`${renderPlan(plan, report, options)}${notes ? `\n${notes}` : ''}\n`);
  }

  if (plan.errors.length > 0 || report.problems.length > 0) return EXIT.error;
  return !options.write && plan.updates.length > 0 ? EXIT.stale : EXIT.ok;
}

/** Every update in a file that could not be written fails with that file's reason. */
function failuresOf(
  updates: readonly PlannedUpdate[],
  failures: ReadonlyArray<{ file: string; error: string }>,
  workspace: Workspace,
): PlannedFailure[] {
  return failures.flatMap(({ file, error }) =>
    updates
      .filter((update) => update.reference.file === file)
      .map((update) => ({ reference: update.reference, error: `${workspace.displayPath(file)}: ${error}` })),
  );
}

/** The same order in the table, the error list and JSON: file, line, column. */
function inFileOrder(plan: UpdatePlan): UpdatePlan {
  return {
    updates: sortedByPosition(plan.updates, (update) => update.reference),
    current: sortedByPosition(plan.current, (reference) => reference),
    platformsUnchanged: sortedByPosition(plan.platformsUnchanged, (entry) => entry.reference),
    errors: sortedByPosition(plan.errors, (failure) => failure.reference),
    waiting: sortedByPosition(plan.waiting, (held) => held.reference),
  };
}

function place(reference: FoundReference): { file: string; line: number; image: string; tag: string } {
  return { file: reference.file, line: reference.line, image: reference.image.name, tag: reference.image.tag };
}

function planJson(plan: UpdatePlan, report: ScanReport): Record<string, unknown> {
  return {
    updates: plan.updates.map(({ reference, newDigest, platform, host, explanation }) => ({
      ...place(reference),
      currentDigest: reference.image.digest,
      newDigest,
      platform: platform === null ? null : clip(platform, MAX_ECHOED_TEXT),
      host,
      ...(explanation === undefined ? {} : { details: explanation.details }),
    })),
    waiting: plan.waiting.map(({ reference, newDigest, settle }) => ({
      ...place(reference),
      newDigest,
      readyAt: settle.readyAt.toISOString(),
    })),
    current: plan.current.map((reference) => ({ ...place(reference), digest: reference.image.digest })),
    errors: plan.errors.map(({ reference, error, reason, host, cause }) => ({
      ...place(reference),
      error: clip(error, MAX_ECHOED_MESSAGE),
      reason: reason ?? null,
      host: host ?? null,
      cause: cause ?? null,
    })),
    platformsUnchanged: plan.platformsUnchanged.map(({ reference, newDigest }) => ({
      ...place(reference),
      digest: reference.image.digest,
      newIndexDigest: newDigest,
    })),
    skipped: report.skipped.map(skippedJson),
    skippedFiles: report.skippedFiles,
    problems: report.problems,
  };
}

/** `--explain`: each stale reference, then what changed in it, indented. */
function explainSection(plan: UpdatePlan): string[] {
  // The plan is in file order already (inFileOrder).
  const lines: string[] = [];
  for (const update of plan.updates) {
    const { reference } = update;
    lines.push(
      '',
      `${visible(reference.file)}:${reference.line}  ${visible(reference.image.originalName)}:${visible(reference.image.tag)}  ` +
        `${shortDigest(reference.image.digest)} -> ${shortDigest(update.newDigest)}`,
    );
    const details = explanationLines(update.explanation, update.settle);
    lines.push(
      ...(details.length === 0 ? ['(the registry published nothing more about this change)'] : details).map((line) => `    ${line}`),
    );
  }
  for (const { reference, newDigest, settle } of plan.waiting) {
    lines.push(
      '',
      `${visible(reference.file)}:${reference.line}  ${visible(reference.image.originalName)}:${visible(reference.image.tag)}  ` +
        `waiting for ${shortDigest(newDigest)} until ${settle.readyAt.toISOString()}`,
      ...settleLines(settle)
        .slice(1)
        .map((line) => `    ${line.trim()}`),
    );
  }
  return lines;
}

function renderPlan(plan: UpdatePlan, report: ScanReport, options: CheckOptions): string {
  const staleWord = options.write ? (options.dryRun ? 'would update' : 'updated') : 'stale';
  const rows: Array<{ reference: FoundReference; cells: string[] }> = [];
  const row = (reference: FoundReference, status: string, digests: string): void => {
    rows.push({
      reference,
      cells: [`${reference.file}:${reference.line}`, `${reference.image.originalName}:${reference.image.tag}`, status, digests],
    });
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
  for (const { reference, newDigest, settle } of plan.waiting) {
    row(
      reference,
      'waiting',
      `${shortDigest(reference.image.digest)} -> ${shortDigest(newDigest)} (ready ${settle.readyAt.toISOString()})`,
    );
  }
  for (const reference of plan.current) row(reference, 'current', shortDigest(reference.image.digest));
  for (const { reference } of plan.errors) row(reference, 'failed', shortDigest(reference.image.digest));
  const table = sortedByPosition(rows, (entry) => entry.reference).map((entry) => entry.cells);

  const lines = [table.length > 0 ? renderTable(['FILE', 'IMAGE', 'STATUS', 'DIGEST'], table) : 'No pinned image references found.'];
  if (plan.errors.length > 0) {
    const { groups, single } = groupFailures(plan.errors);
    lines.push('', `Errors (${plan.errors.length}):`);
    // Registry answers and file names: escaped, so a registry can't write to the terminal (issue 8, finding 11).
    for (const group of groups) lines.push(`  ${visible(describeGroup(group))}`);
    for (const { reference, error } of single) {
      lines.push(`  ${visible(reference.file)}:${reference.line}  ${visible(clip(error, MAX_ECHOED_MESSAGE))}`);
    }
  }
  if (options.explain === true) lines.push(...explainSection(plan));
  const current = plan.current.length + plan.platformsUnchanged.length;
  const unscanned = unscannedNote(report);
  // Held by minimumReleaseAge: neither stale yet nor a failure.
  const waiting = plan.waiting.length > 0 ? `, ${plan.waiting.length} waiting` : '';
  lines.push('', `${plan.updates.length} ${staleWord}, ${current} current${waiting}, ${plan.errors.length} failed${unscanned}`);
  return lines.join('\n');
}
