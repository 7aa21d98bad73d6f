import { preferredSpelling } from './grouping.js';
import { renderMarker } from './marker.js';
import { visible } from '../text/safe-text.js';
import { codeCell, count, shortDigest, table, omittedWorkflowsNote } from './markdown.js';
import type { PrMarker, ProposedUpdate, UpdateGroup } from './types.js';
import { explainedChanges, warningsBlock, whatChangedSection, type Change, type NotesOf } from './what-changed.js';

export const DEFAULT_PREFIX = 'chore(deps)';
/** GitHub rejects bodies over 65,536 characters; stay well below, leaving room for the marker. */
export const MAX_BODY_LENGTH = 60_000;
/** GitHub's limit on PR titles. */
export const MAX_TITLE_LENGTH = 256;
/** Changes listed in a commit message before "and N more". */
const MAX_COMMIT_LINES = 50;

export const FOOTER =
  'This PR is kept up to date by pinbot; pushing a commit to this branch stops pinbot from updating it; ' +
  "closing it without merging means pinbot won't propose these digests again.";

export interface PullRequestOptions {
  /** Conventional-commit style prefix of the title and commit subject; empty for none. */
  readonly prefix?: string;
  /** Files left out because the installation lacks the `workflows` permission. */
  readonly omittedWorkflowFiles: readonly string[];
  readonly marker: PrMarker;
  /** What is known about each proposed change (issue 12); without it the body has no "What changed". */
  readonly notes?: NotesOf;
}

export interface PullRequestContent {
  readonly title: string;
  readonly body: string;
  readonly commitMessage: string;
}

/**
 * Title, body and commit message of the PR for one group. Updates in omitted workflow files are
 * left out of the title and tables (the PR does not change those files); the body names them.
 */
export function renderPullRequest(group: UpdateGroup, options: PullRequestOptions): PullRequestContent {
  const omitted = [...new Set(options.omittedWorkflowFiles)].sort();
  const skipped = new Set(omitted);
  const updates = group.updates.filter((update) => !skipped.has(update.file));
  const title = renderTitle(updates, options.prefix ?? DEFAULT_PREFIX);
  return {
    title,
    body: fitBody(updates, omitted, renderMarker(options.marker), explainedChanges(updates, options.notes)),
    commitMessage: renderCommitMessage(title, updates),
  };
}

/** Distinct (image, tag, new digest): several files pinning the same image count once. */
function distinctChanges(updates: readonly ProposedUpdate[]): ProposedUpdate[][] {
  const byChange = new Map<string, ProposedUpdate[]>();
  for (const update of updates) {
    const key = JSON.stringify([update.image, update.tag, update.to]);
    const members = byChange.get(key);
    if (members === undefined) byChange.set(key, [update]);
    else members.push(update);
  }
  return [...byChange.values()];
}

function renderTitle(updates: readonly ProposedUpdate[], prefix: string): string {
  const lead = prefix.trim() === '' ? '' : `${visible(prefix.trim())}: `;
  const changes = distinctChanges(updates);
  const [only] = changes;
  const [first] = only ?? [];
  const title =
    changes.length === 1 && only !== undefined && first !== undefined
      ? `${lead}update ${visible(preferredSpelling(only))}:${visible(first.tag)} digest to ${hexOf(first.to).slice(0, 7)}`
      : `${lead}update ${changes.length} pinned image digests`;
  return title.length <= MAX_TITLE_LENGTH ? title : `${title.slice(0, MAX_TITLE_LENGTH - 1)}…`;
}

/** A pin (pinning PR) had no digest before; update PRs always do. */
const NO_DIGEST = 'none';

function fromDigest(update: ProposedUpdate): string {
  return update.from === null ? NO_DIGEST : shortDigest(update.from);
}

function hexOf(digest: string): string {
  return digest.slice(digest.indexOf(':') + 1);
}

function renderCommitMessage(title: string, updates: readonly ProposedUpdate[]): string {
  const lines = updates.map(
    (update) =>
      `- ${visible(update.displayName)}:${visible(update.tag)} in ${visible(update.file)}:${update.line}` +
      `${update.platform === null ? '' : ` (${visible(update.platform)})`}: ` +
      `${fromDigest(update)} -> ${shortDigest(update.to)}`,
  );
  const shown =
    lines.length > MAX_COMMIT_LINES
      ? [...lines.slice(0, MAX_COMMIT_LINES - 1), `- …and ${lines.length - MAX_COMMIT_LINES + 1} more`]
      : lines;
  return shown.length === 0 ? title : `${title}\n\n${shown.join('\n')}\n`;
}

/**
 * The longest body within MAX_BODY_LENGTH: first the "What changed" section keeps as many
 * changes as fit (each found by binary search, length grows with the count; the rest are
 * counted in a note), then lists are cut to the same number of rows. The warnings and the
 * marker are never cut; if they alone exceed the budget the body carries them with every list emptied.
 */
function fitBody(updates: readonly ProposedUpdate[], omitted: readonly string[], marker: string, changes: readonly Change[]): string {
  const all = Number.POSITIVE_INFINITY;
  const compose = (explained: number, rows: number) => composeBody(updates, omitted, marker, rows, changes, explained);
  const whole = compose(all, all);
  if (whole.length <= MAX_BODY_LENGTH) return whole;
  const explained = largestFitting(changes.length, (n) => compose(n, all).length <= MAX_BODY_LENGTH);
  if (explained > 0 || compose(0, all).length <= MAX_BODY_LENGTH) return compose(explained, all);
  return compose(
    0,
    largestFitting(Math.max(updates.length, omitted.length), (n) => compose(0, n).length <= MAX_BODY_LENGTH),
  );
}

/** The largest n in [0, high] for which `fits(n)` holds, given that it holds for every smaller n. */
function largestFitting(high: number, fits: (n: number) => boolean): number {
  let low = 0;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle - 1;
  }
  return low;
}

function composeBody(
  updates: readonly ProposedUpdate[],
  omitted: readonly string[],
  marker: string,
  rows: number,
  changes: readonly Change[],
  explained: number,
): string {
  const files = new Set(updates.map((update) => update.file)).size;
  const intro =
    updates.length === 1
      ? `Updates ${count(1, 'pinned digest')} in ${count(files, 'file')} to the image its tag points to now.`
      : `Updates ${count(updates.length, 'pinned digest')} in ${count(files, 'file')} to the images their tags point to now.`;
  const warnings = warningsBlock(changes);
  const sections = [...(warnings === undefined ? [] : [warnings]), intro, changesTable(updates, rows), fullDigests(updates, rows)];
  const whatChanged = whatChangedSection(changes, explained);
  if (whatChanged !== undefined) sections.push(whatChanged);
  if (omitted.length > 0) sections.push(omittedWorkflowsNote(omitted, rows, 'keep their old digests'));
  sections.push('---', FOOTER, marker);
  return `${sections.join('\n\n')}\n`;
}

function changesTable(updates: readonly ProposedUpdate[], rows: number): string {
  const withPlatform = updates.some((update) => update.platform !== null);
  const header = ['File', 'Image', 'Tag', 'From', 'To', ...(withPlatform ? ['Platform'] : [])];
  const cells = updates.map((update) => [
    codeCell(`${update.file}:${update.line}`),
    codeCell(update.displayName),
    codeCell(update.tag),
    codeCell(fromDigest(update)),
    codeCell(shortDigest(update.to)),
    ...(withPlatform ? [codeCell(update.platform ?? '')] : []),
  ]);
  return table(header, limitRows(cells, rows, header.length));
}

/** One row per distinct change, with both digests in full, collapsed by default. */
function fullDigests(updates: readonly ProposedUpdate[], rows: number): string {
  const withPlatform = updates.some((update) => update.platform !== null);
  const header = ['Image', 'Tag', ...(withPlatform ? ['Platform'] : []), 'From', 'To'];
  const spelling = new Map<string, string>();
  for (const update of updates) {
    const known = spelling.get(update.image);
    spelling.set(update.image, known === undefined ? update.displayName : preferredSpelling([{ displayName: known }, update]));
  }
  const distinct = new Map<string, readonly string[]>();
  for (const update of updates) {
    const key = JSON.stringify([update.image, update.tag, update.platform, update.from, update.to]);
    if (distinct.has(key)) continue;
    distinct.set(key, [
      codeCell(spelling.get(update.image) ?? update.displayName),
      codeCell(update.tag),
      ...(withPlatform ? [codeCell(update.platform ?? '')] : []),
      codeCell(update.from ?? NO_DIGEST),
      codeCell(update.to),
    ]);
  }
  const body = table(header, limitRows([...distinct.values()], rows, header.length));
  return `<details>\n<summary>Full digests</summary>\n\n${body}\n\n</details>`;
}

function limitRows(rows: readonly (readonly string[])[], limit: number, columns: number): (readonly string[])[] {
  if (rows.length <= limit) return [...rows];
  const more = [`…and ${rows.length - limit} more`, ...Array.from({ length: columns - 1 }, () => '')];
  return [...rows.slice(0, limit), more];
}
