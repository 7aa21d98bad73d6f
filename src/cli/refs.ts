import type { FileScanner } from '../scan/pool/scan-pool.js';
import type { CliIo } from './io.js';
import { EXIT } from './io.js';
import { clip, jsonText, MAX_ECHOED_TEXT } from '../text/safe-text.js';
import { referenceJson, renderScanNotes, scanWorkspaces, skippedJson, unscannedNote } from './scan-report.js';
import { renderTable, shortDigest } from './table.js';
import { openWorkspaces } from './workspace.js';

/**
 * `pinbot refs [PATH...] [--json]`: list every pinned reference and every skipped candidate.
 * Exits 2 when a candidate file could not be scanned, like `check`: its pins are not listed.
 */
export async function refsCommand(paths: readonly string[], options: { json: boolean }, io: CliIo, scanFile: FileScanner): Promise<number> {
  const report = await scanWorkspaces(await openWorkspaces(paths, io.cwd), scanFile);
  const exitCode = report.problems.length > 0 ? EXIT.error : EXIT.ok;
  if (options.json) {
    io.stdout.write(
      `${jsonText({
        references: report.references.map(referenceJson),
        skipped: report.skipped.map(skippedJson),
        skippedFiles: report.skippedFiles,
        problems: report.problems,
      })}\n`,
    );
    return exitCode;
  }
  const rows = report.references.map((reference) => [
    `${reference.file}:${reference.line}`,
    reference.image.originalName,
    reference.image.tag,
    shortDigest(reference.image.digest),
    reference.kind + (reference.platform ? ` (${clip(reference.platform, MAX_ECHOED_TEXT)})` : ''),
  ]);
  const table = rows.length > 0 ? renderTable(['FILE', 'IMAGE', 'TAG', 'DIGEST', 'KIND'], rows) : 'No pinned image references found.';
  const unscanned = unscannedNote(report);
  const count = `${report.references.length} pinned reference${report.references.length === 1 ? '' : 's'}${unscanned}`;
  const notes = renderScanNotes(report);
  io.stdout.write(`${table}${notes ? `\n${notes}` : ''}${rows.length > 0 || unscanned ? `\n\n${count}` : ''}\n`);
  return exitCode;
}
