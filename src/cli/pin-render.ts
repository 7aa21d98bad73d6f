import type { UnpinnedReference } from '../scan/types.js';
import { clip, jsonText, MAX_ECHOED_MESSAGE, MAX_ECHOED_TEXT, visible } from '../text/safe-text.js';
import type { PinFailure, PlannedPin } from '../pin/plan.js';
import type { IgnoredReference } from '../pin/select.js';
import { describeGroup, groupFailures } from './failure-groups.js';
import { sortedByPosition } from './order.js';
import { renderScanNotes, skippedJson, unscannedNote, type ScanReport } from './scan-report.js';
import { renderTable, shortDigest } from './table.js';

/**
 * `pin` output. The scan's `no-digest` candidates are exactly what `pin` works on, so they are
 * reported as pinned, failed or ignored rather than again as skipped; what is left in `skipped`
 * is what `pin` cannot pin (stages, variables, digest-only references, …).
 */

export interface PinOptions {
  readonly json: boolean;
  /** List what would be pinned; write nothing. */
  readonly dryRun: boolean;
}

/** What one `pin` run did, over every PATH. */
export interface PinResult {
  readonly pinned: PlannedPin[];
  readonly errors: PinFailure[];
  readonly ignored: IgnoredReference[];
  /** References already pinned by tag and digest: nothing to do for them. */
  readonly alreadyPinned: number;
}

const place = (reference: UnpinnedReference): string => `${reference.file}:${reference.line}`;
const image = (reference: UnpinnedReference): string => `${reference.image.originalName}:${reference.image.tag}`;

export function renderPinReport(result: PinResult, report: ScanReport, options: PinOptions): string {
  const pinnedWord = options.dryRun ? 'would pin' : 'pinned';
  const rows: Array<{ reference: UnpinnedReference; cells: string[] }> = [];
  const row = (reference: UnpinnedReference, status: string, detail: string): void => {
    rows.push({ reference, cells: [place(reference), image(reference), status, detail] });
  };
  for (const { reference, digest, pinKind } of result.pinned) {
    const added = reference.tagWritten ? '' : `, tag ${reference.image.tag} written`;
    row(reference, pinnedWord, `${shortDigest(digest)} (${pinKind}${added})`);
  }
  for (const { reference } of result.errors) row(reference, 'failed', '-');
  for (const { reference, rule } of result.ignored) row(reference, 'ignored', rule);
  const table = sortedByPosition(rows, (entry) => entry.reference).map((entry) => entry.cells);

  const lines = [
    table.length > 0 ? renderTable(['FILE', 'IMAGE', 'STATUS', 'DIGEST'], table) : 'No image references without a digest found.',
  ];
  const implied = result.pinned.filter(({ reference }) => !reference.tagWritten).length;
  if (implied > 0) {
    const one = implied === 1;
    const verb = options.dryRun ? 'would be' : one ? 'was' : 'were';
    const subject = one ? 'reference names no tag, so it' : 'references name no tag, so they';
    lines.push('', `${implied} ${subject} ${verb} pinned as ":latest@…": the tag is written out so the pin says what it follows.`);
  }
  if (result.errors.length > 0) {
    // An unreachable registry fails every tag on it alike: said once per host, as in check.
    const { groups, single } = groupFailures(result.errors);
    lines.push('', `Errors (${result.errors.length}):`);
    for (const group of groups) lines.push(`  ${visible(describeGroup(group))}`);
    for (const { reference, error } of single) lines.push(`  ${visible(place(reference))}  ${visible(clip(error, MAX_ECHOED_MESSAGE))}`);
  }
  const counts = [`${result.pinned.length} ${pinnedWord}`, `${result.errors.length} failed`, `${result.ignored.length} ignored`];
  lines.push('', `${counts.join(', ')}; ${result.alreadyPinned} already pinned by digest${unscannedNote(report)}`);
  const notes = renderScanNotes(withoutTagOnly(report), { brief: true });
  return `${lines.join('\n')}${notes ? `\n${notes}` : ''}\n`;
}

/** The `--json` shape of issue 10: `pinned`, `errors`, `skipped` (with `ignored` entries), `skippedFiles`, `problems`. */
export function renderPinJson(result: PinResult, report: ScanReport): string {
  const about = (reference: UnpinnedReference) => ({
    file: reference.file,
    line: reference.line,
    image: reference.image.name,
    tag: reference.image.tag,
  });
  // Ignored references are listed with what `pin` cannot pin, each with the pattern that matched.
  const entries = [
    ...withoutTagOnly(report).skipped.map((skip) => ({ at: skip, json: skippedJson(skip) })),
    ...result.ignored.map(({ reference, rule }) => ({
      at: reference,
      json: {
        file: reference.file,
        line: reference.line,
        reason: 'ignored',
        text: clip(reference.image.original, MAX_ECHOED_TEXT),
        detail: clip(rule, MAX_ECHOED_TEXT),
      },
    })),
  ];
  const skipped = sortedByPosition(entries, (entry) => entry.at).map((entry) => entry.json);
  const json = {
    pinned: result.pinned.map(({ reference, digest }) => ({
      ...about(reference),
      digest,
      original: clip(reference.image.original, MAX_ECHOED_TEXT),
    })),
    errors: result.errors.map(({ reference, error }) => ({ ...about(reference), error: clip(error, MAX_ECHOED_MESSAGE) })),
    skipped,
    skippedFiles: report.skippedFiles,
    problems: report.problems,
  };
  return `${jsonText(json)}\n`;
}

function withoutTagOnly(report: ScanReport): ScanReport {
  return { ...report, skipped: report.skipped.filter((skip) => skip.reason !== 'no-digest') };
}
