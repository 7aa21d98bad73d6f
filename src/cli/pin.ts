import { pinEditsByFile } from '../pin/edits.js';
import type { UnpinnedReference } from '../scan/types.js';
import type { ResolveDeps } from '../resolve/resolve-and-plan.js';
import { resolveAndPlanPins } from '../resolve/resolve-pins.js';
import type { CliDeps } from './check.js';
import { EXIT, type CliIo } from './io.js';
import { renderPinJson, renderPinReport, type PinOptions, type PinResult } from './pin-render.js';
import { createProgress } from './progress.js';
import { scanWorkspaces } from './scan-report.js';
import { writeEdits } from './write-updates.js';
import { openWorkspaces } from './workspace.js';

/**
 * `pinbot pin [PATH...]`: resolves the tag of every tag-only reference and writes its digest
 * right after the tag (`:latest@…` for an image written without a tag). Exit codes: 0 when every
 * reference that could be pinned was (or none needed it), 2 when any failed (the others are
 * still written) or the command line was wrong.
 */
export async function pinCommand(paths: readonly string[], options: PinOptions, io: CliIo, deps: CliDeps): Promise<number> {
  const report = await scanWorkspaces(await openWorkspaces(paths, io.cwd), deps.scanFile);
  const progress = createProgress(io.stderr, !options.json);
  const runDeps: ResolveDeps = { ...deps, onProgress: progress.update, resolvers: new Map() };
  const result: PinResult = { pinned: [], errors: [], ignored: [], alreadyPinned: report.references.length };
  for (const { workspace, scan } of report.scans) {
    const outcome = await resolveAndPlanPins(scan, workspace.config, runDeps);
    result.errors.push(...outcome.errors);
    result.ignored.push(...outcome.ignored);
    if (options.dryRun) {
      result.pinned.push(...outcome.pins);
      continue;
    }
    // One atomic write per file, all of its pins at once; a file edited meanwhile is left alone.
    const { failures } = await writeEdits(workspace.root, scan.texts, pinEditsByFile(outcome.pins));
    const failed = new Map(failures.map(({ file, error }) => [file, error]));
    for (const pin of outcome.pins) {
      const error = failed.get(pin.reference.file);
      if (error === undefined) result.pinned.push(pin);
      else result.errors.push({ reference: pin.reference, error: `${pin.reference.file}: ${error}` });
    }
  }
  progress.done();
  const inFileOrder = (a: { reference: UnpinnedReference }, b: { reference: UnpinnedReference }): number =>
    a.reference.file.localeCompare(b.reference.file) || a.reference.insertion.start - b.reference.insertion.start;
  result.pinned.sort(inFileOrder);
  result.errors.sort(inFileOrder);
  result.ignored.sort(inFileOrder);

  io.stdout.write(options.json ? renderPinJson(result, report) : renderPinReport(result, report, options));
  return result.errors.length > 0 ? EXIT.error : EXIT.ok;
}
