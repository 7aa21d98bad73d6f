import { pinEditsByFile } from '../pin/edits.js';
import type { UnpinnedReference } from '../scan/types.js';
import type { ResolveDeps } from '../resolve/resolve-and-plan.js';
import { resolveAndPlanPins } from '../resolve/resolve-pins.js';
import type { CliDeps } from './check.js';
import { EXIT, type CliIo } from './io.js';
import { sortedByPosition } from './order.js';
import { renderPinJson, renderPinReport, type PinOptions, type PinResult } from './pin-render.js';
import { createProgress } from './progress.js';
import { scanWorkspaces } from './scan-report.js';
import { writeEdits } from './write-updates.js';
import { openWorkspaces } from './workspace.js';

/**
 * `pinbot pin [PATH...]`: resolves the tag of every tag-only reference and writes its digest
 * right after the tag (`:latest@…` for an image written without a tag). Exit codes: 0 when every
 * reference that could be pinned was (or none needed it), 2 when any failed (the others are
 * still written), a candidate file could not be scanned, or the command line was wrong.
 */
export async function pinCommand(paths: readonly string[], options: PinOptions, io: CliIo, deps: CliDeps): Promise<number> {
  const report = await scanWorkspaces(await openWorkspaces(paths, io.cwd), deps.scanFile);
  const progress = createProgress(io.stderr, !options.json);
  const runDeps: ResolveDeps = { ...deps, onProgress: progress.update, resolvers: new Map() };
  const result: PinResult = { pinned: [], errors: [], ignored: [], alreadyPinned: report.references.length };
  for (const { workspace, scan } of report.scans) {
    const outcome = await resolveAndPlanPins(scan, workspace.config, runDeps);
    const errors = [...outcome.errors];
    let pinned = outcome.pins;
    if (!options.dryRun) {
      // One atomic write per file, all of its pins at once; a file edited meanwhile is left alone.
      const { failures } = await writeEdits(workspace.root, scan.texts, pinEditsByFile(outcome.pins));
      const failed = new Map(failures.map(({ file, error }) => [file, error]));
      pinned = outcome.pins.filter((pin) => !failed.has(pin.reference.file));
      for (const pin of outcome.pins) {
        const error = failed.get(pin.reference.file);
        if (error !== undefined) errors.push({ reference: pin.reference, error: `${workspace.displayPath(pin.reference.file)}: ${error}` });
      }
    }
    // Files are named as the report names them: under the PATH as given when there are several.
    const shown = <T extends { reference: UnpinnedReference }>(item: T): T => ({
      ...item,
      reference: { ...item.reference, file: workspace.displayPath(item.reference.file) },
    });
    result.pinned.push(...pinned.map(shown));
    result.errors.push(...errors.map(shown));
    result.ignored.push(...outcome.ignored.map(shown));
  }
  progress.done();
  const ordered: PinResult = {
    ...result,
    pinned: sortedByPosition(result.pinned, (pin) => pin.reference),
    errors: sortedByPosition(result.errors, (failure) => failure.reference),
    ignored: sortedByPosition(result.ignored, (ignored) => ignored.reference),
  };

  io.stdout.write(options.json ? renderPinJson(ordered, report) : renderPinReport(ordered, report, options));
  // A file that could not be scanned may hold images nobody pinned: that fails the run, as in check (issue 9).
  return ordered.errors.length > 0 || report.problems.length > 0 ? EXIT.error : EXIT.ok;
}
