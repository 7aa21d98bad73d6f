import type { CliIo } from './io.js';
import { EXIT } from './io.js';
import { clip, jsonText, MAX_ECHOED_TEXT } from '../text/safe-text.js';
import { referenceJson, renderScanNotes, scanWorkspaces } from './scan-report.js';
import { renderTable, shortDigest } from './table.js';
import { openWorkspaces } from './workspace.js';

/** `pinbot refs [PATH...] [--json]`: list every pinned reference and every skipped candidate. */
export async function refsCommand(paths: readonly string[], options: { json: boolean }, io: CliIo): Promise<number> {
  const report = await scanWorkspaces(await openWorkspaces(paths, io.cwd));
  if (options.json) {
    io.stdout.write(
      `${jsonText({
        references: report.references.map(referenceJson),
        skipped: report.skipped,
        skippedFiles: report.skippedFiles,
        problems: report.problems,
      })}\n`,
    );
    return EXIT.ok;
  }
  const rows = report.references.map((reference) => [
    `${reference.file}:${reference.line}`,
    reference.image.originalName,
    reference.image.tag,
    shortDigest(reference.image.digest),
    reference.kind + (reference.platform ? ` (${clip(reference.platform, MAX_ECHOED_TEXT)})` : ''),
  ]);
  const table = rows.length > 0 ? renderTable(['FILE', 'IMAGE', 'TAG', 'DIGEST', 'KIND'], rows) : 'No pinned image references found.';
  const count = `${report.references.length} pinned reference${report.references.length === 1 ? '' : 's'}`;
  const notes = renderScanNotes(report);
  io.stdout.write(`${table}${notes ? `\n${notes}` : ''}${rows.length > 0 ? `\n\n${count}` : ''}\n`);
  return EXIT.ok;
}
