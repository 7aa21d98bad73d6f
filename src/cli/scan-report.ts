import type { SkippedFile } from '../discover/discover.js';
import type { FileScanner } from '../scan/pool/scan-pool.js';
import { scanSources, type SourcesScan } from '../scan/scan-sources.js';
import type { FoundReference, ScanProblem, SkippedCandidate } from '../scan/types.js';
import { clip, MAX_ECHOED_TEXT, visible } from '../text/safe-text.js';
import { sortedByPosition, type Position } from './order.js';
import { renderTable } from './table.js';
import type { Workspace } from './workspace.js';

const indent = (lines: string[]): string[] => lines.map((line) => `  ${line}`);

/**
 * Everything the scan of the PATHs found, in a stable order. What the report echoes of the files
 * (skipped lines, problem messages) is capped at 200 characters: a 1 MiB `FROM` line once came
 * back as megabytes of output (issue 8, finding 13). `scans` keeps the full texts for writing.
 */
export interface ScanReport {
  readonly references: FoundReference[];
  readonly skipped: SkippedCandidate[];
  readonly problems: ScanProblem[];
  readonly skippedFiles: SkippedFile[];
  /** Per workspace root: the decoded texts of files holding references. */
  readonly scans: ReadonlyArray<{ workspace: Workspace; scan: SourcesScan }>;
}

/**
 * Scans every workspace. The report names files as the user should read them (see
 * `Workspace.displayPath`) and lists everything by file, line and column; `scans` keeps each
 * workspace's own paths, which the resolver and the writer work with.
 */
export async function scanWorkspaces(workspaces: readonly Workspace[], scanFile: FileScanner): Promise<ScanReport> {
  const scans: Array<{ workspace: Workspace; scan: SourcesScan }> = [];
  for (const workspace of workspaces) scans.push({ workspace, scan: await scanSources(workspace.files, scanFile) });
  const shown = <T extends { file: string }>(workspace: Workspace, items: readonly T[]): T[] =>
    items.map((item) => ({ ...item, file: workspace.displayPath(item.file) }));
  const place = <T extends Position>(item: T): Position => item;
  return {
    references: sortedByPosition(
      scans.flatMap(({ workspace, scan }) => shown(workspace, scan.references)),
      place,
    ),
    skipped: sortedByPosition(
      scans.flatMap(({ workspace, scan }) => shown(workspace, scan.skipped)),
      place,
    ).map((skip) => ({ ...skip, text: capped(skip.text), ...(skip.detail === undefined ? {} : { detail: capped(skip.detail) }) })),
    problems: sortedByPosition(
      scans.flatMap(({ workspace, scan }) => shown(workspace, scan.problems)),
      place,
    ).map((problem) => ({ ...problem, message: capped(problem.message) })),
    skippedFiles: sortedByPosition(
      workspaces.flatMap((workspace) =>
        workspace.skippedFiles.map((file) => ({ ...file, path: workspace.displayPath(file.path), message: capped(file.message) })),
      ),
      (file) => ({ file: file.path }),
    ),
    scans,
  };
}

const capped = (text: string): string => clip(text, MAX_ECHOED_TEXT);

export function referenceJson(reference: FoundReference): Record<string, unknown> {
  return {
    file: reference.file,
    line: reference.line,
    column: reference.column,
    kind: reference.kind,
    image: reference.image.name,
    registry: reference.image.registry,
    repository: reference.image.repository,
    tag: reference.image.tag,
    digest: reference.image.digest,
    original: capped(reference.image.original),
    platform: reference.platform === null ? null : capped(reference.platform),
    // Split shapes (issue 11): the tag is written elsewhere than the digest (`line`, `column`).
    ...(reference.tagSpan === undefined ? {} : { tagLine: reference.tagSpan.line, tagColumn: reference.tagSpan.column }),
  };
}

/** A skipped candidate as commands print it: the parsed image stays inside pinbot (see SkippedCandidate). */
export function skippedJson(skip: SkippedCandidate): Record<string, unknown> {
  return {
    file: skip.file,
    line: skip.line,
    reason: skip.reason,
    text: skip.text,
    ...(skip.detail === undefined ? {} : { detail: skip.detail }),
  };
}

/**
 * The sections after the main table: skipped candidates, skipped files, problems. `brief`
 * (check, update) counts the skipped candidates instead of listing them: `refs` lists them.
 */
export function renderScanNotes(report: ScanReport, options: { brief?: boolean } = {}): string {
  const lines: string[] = [];
  // Build stages and `scratch` name no image: only real images left unpinned are worth a mention.
  const unpinned = report.skipped.filter((skip) => skip.reason !== 'stage' && skip.reason !== 'scratch').length;
  if (options.brief) {
    if (unpinned > 0) lines.push('', `${unpinned} image${unpinned === 1 ? '' : 's'} not pinned by tag and digest (see: pinbot refs)`);
  } else if (report.skipped.length > 0) {
    lines.push('', `Skipped (${report.skipped.length}):`);
    const rows = report.skipped.map((skip) => [
      `${skip.file}:${skip.line}`,
      skip.reason,
      `${skip.text}${skip.detail ? ` (${skip.detail})` : ''}`,
    ]);
    lines.push(...indent(renderTable(['', '', ''], rows).split('\n').slice(1)));
  }
  if (report.skippedFiles.length > 0) {
    lines.push('', `Files not read (${report.skippedFiles.length}):`);
    for (const file of report.skippedFiles) lines.push(`  ${visible(file.path)}  ${file.reason}: ${visible(file.message)}`);
  }
  if (report.problems.length > 0) {
    lines.push('', `Problems (${report.problems.length}):`);
    for (const problem of report.problems) {
      lines.push(`  ${visible(problem.file)}${problem.line === undefined ? '' : `:${problem.line}`}  ${visible(problem.message)}`);
    }
  }
  return lines.join('\n');
}

/**
 * `; 1 file could not be scanned`, or nothing: a file with problems may hold pins that were never
 * looked at, so every command says so in its summary and exits 2.
 */
export function unscannedNote(report: ScanReport): string {
  const files = new Set(report.problems.map((problem) => problem.file)).size;
  if (files === 0) return '';
  return `; ${files} file${files === 1 ? '' : 's'} could not be scanned (see Problems)`;
}
