/**
 * The "What changed" section of a PR body (issue 12): per proposed change, its platforms,
 * created dates, source compare link, base image, settle time and package changes, plus the
 * warnings that go at the top of the body. Registry values were escaped when read and go into
 * code spans here; only links pinbot built from checked parts (GitHub and GitLab) are links.
 */
import { countChanges } from '../explain/package-diff.js';
import { LISTED_PACKAGES } from '../explain/render-text.js';
import { repositoryOf } from '../explain/source-link.js';
import type { Explanation, PackageChanges, PlatformChange, Settle, SourceChange } from '../explain/types.js';
import { codeCell, codeSpan, count, shortDigest, table } from './markdown.js';
import type { ProposedUpdate } from './types.js';

/** What a proposed change is explained with, looked up by the renderer. */
export interface ChangeNotes {
  readonly explanation?: Explanation;
  readonly settle?: Settle;
}

export type NotesOf = (update: ProposedUpdate) => ChangeNotes | undefined;

/** Warnings listed at the top of a body; each also stays in its change's section. */
const MAX_WARNINGS = 20;

/** Package rows shown openly; a longer table is collapsed. */
const OPEN_PACKAGE_ROWS = 10;

/** One change per (image, tag, platform, from, to), however many files pin it, with the name its files use. */
export interface Change {
  readonly update: ProposedUpdate;
  readonly notes: ChangeNotes;
}

export function explainedChanges(updates: readonly ProposedUpdate[], notesOf: NotesOf | undefined): Change[] {
  const changes = new Map<string, Change>();
  for (const update of updates) {
    const key = JSON.stringify([update.image, update.tag, update.platform, update.from, update.to]);
    if (changes.has(key)) continue;
    changes.set(key, { update, notes: notesOf?.(update) ?? {} });
  }
  return [...changes.values()];
}

/** `> [!WARNING]` alerts for the top of the body, one per warned change. */
export function warningsBlock(changes: readonly Change[]): string | undefined {
  const lines = changes.flatMap(({ update, notes }) =>
    (notes.explanation?.details.warnings ?? []).map((warning) => `> - ${codeSpan(`${update.displayName}:${update.tag}`)}: ${warning}`),
  );
  if (lines.length === 0) return undefined;
  const shown = lines.length > MAX_WARNINGS ? [...lines.slice(0, MAX_WARNINGS), `> - …and ${lines.length - MAX_WARNINGS} more`] : lines;
  return [
    '> [!WARNING]',
    '> A tag that reads like a fixed release points to a different image now. Make sure the change is expected before merging:',
    ...shown,
  ].join('\n');
}

/** The section for the first `limit` changes; the rest are counted in a note. */
export function whatChangedSection(changes: readonly Change[], limit: number): string | undefined {
  const described = changes.filter(({ notes }) => hasSomething(notes));
  if (described.length === 0) return undefined;
  const shown = described.slice(0, limit);
  const parts = ['### What changed', ...shown.map(changeBlock)];
  if (described.length > shown.length) {
    parts.push(
      `_What changed in ${count(described.length - shown.length, 'more image')} is left out: GitHub limits a pull request description to 65,536 characters._`,
    );
  }
  return parts.join('\n\n');
}

function hasSomething(notes: ChangeNotes): boolean {
  const details = notes.explanation?.details ?? {};
  return notes.settle !== undefined || Object.keys(details).some((key) => key !== 'warnings');
}

function changeBlock({ update, notes }: Change): string {
  const details = notes.explanation?.details ?? {};
  const heading = `#### ${codeSpan(`${update.displayName}:${update.tag}`)}${update.platform === null ? '' : ` (${codeSpan(update.platform)})`}`;
  const items: string[] = (details.warnings ?? []).map((warning) => `- **Warning:** ${warning}`);
  if (details.platforms !== undefined && details.platforms.length > 0)
    items.push(`- **Platforms:** ${details.platforms.map(platformText).join('; ')}`);
  if (details.created !== undefined) items.push(`- **Created:** ${timeText(details.created.old)} → ${timeText(details.created.new)}`);
  if (details.source !== undefined) items.push(`- **Source:** ${sourceText(details.source)}`);
  if (details.baseChanged !== undefined) {
    const name = notes.explanation?.baseName === undefined ? '' : ` (${codeSpan(notes.explanation.baseName)})`;
    items.push(
      details.baseChanged ? `- **Base image:** rebuilt${name}` : `- **Base image:** unchanged${name}; only the image's own layers changed`,
    );
  }
  if (notes.settle !== undefined) items.push(`- **Settle time:** ${settleText(notes.settle)}`);
  const blocks = [heading, items.join('\n')];
  if (details.packages !== undefined) blocks.push(packagesBlock(details.packages, notes.explanation?.platform));
  return blocks.filter((block) => block !== '').join('\n\n');
}

function platformText(change: PlatformChange): string {
  const name = change.platform === '' ? 'image' : codeSpan(change.platform);
  if (change.oldDigest === undefined) return `${name} added (${codeSpan(shortDigest(change.newDigest ?? ''))})`;
  if (change.newDigest === undefined) return `${name} removed`;
  if (change.oldDigest === change.newDigest) return `${name} unchanged`;
  return `${name} ${codeSpan(shortDigest(change.oldDigest))} → ${codeSpan(shortDigest(change.newDigest))}`;
}

function timeText(time: string | undefined): string {
  // `2024-05-01T10:00:00.000Z` → `2024-05-01 10:00 UTC`; the value was normalised when read.
  return time === undefined ? 'unknown' : `${time.slice(0, 10)} ${time.slice(11, 16)} UTC`;
}

function sourceText(source: SourceChange): string {
  const repository = source.url === undefined ? undefined : repositoryOf(source.url);
  // Only a repository on a known forge is a link (its path was checked); any other URL stays text.
  const where =
    repository !== undefined
      ? `[${repository.path}](https://${repository.host}/${repository.path})`
      : source.url !== undefined
        ? codeSpan(source.url)
        : 'unknown repository';
  const revisions =
    source.oldRevision !== undefined || source.newRevision !== undefined
      ? ` ${codeSpan(revisionText(source.oldRevision))} → ${codeSpan(revisionText(source.newRevision))}`
      : '';
  const compare = source.compareUrl === undefined ? '' : ` ([compare](${source.compareUrl}))`;
  return `${where}${revisions}${compare}`;
}

function revisionText(revision: string | undefined): string {
  if (revision === undefined) return 'unknown';
  return /^[0-9a-f]{40,64}$/.test(revision) ? revision.slice(0, 12) : revision;
}

function settleText(settle: Settle): string {
  const since = settle.since === 'created' ? "counted from the image's created time" : 'counted from when pinbot first saw it';
  const text = `proposed once old enough (since ${timeText(settle.readyAt.toISOString())}, ${since}).`;
  if (settle.superseded.length === 0) return text;
  const replaced = settle.superseded.map((digest) => codeSpan(shortDigest(digest))).join(', ');
  return `${text} ${replaced} ${settle.superseded.length === 1 ? 'was' : 'were'} replaced on the tag before settling, so the wait restarted from this digest.`;
}

function packagesBlock(packages: PackageChanges, platform: string | undefined): string {
  const where = platform === undefined ? '' : ` (${codeSpan(platform)})`;
  const total = countChanges(packages);
  const summary = `**Packages**${where}: ${packages.upgraded.length} upgraded, ${packages.added.length} added, ${packages.removed.length} removed`;
  if (total === 0) return `**Packages**${where}: no changes`;
  const rows: string[][] = [];
  const more: string[] = [];
  const take = <T>(items: readonly T[], kind: string, row: (item: T) => string[]): void => {
    rows.push(...items.slice(0, LISTED_PACKAGES).map(row));
    if (items.length > LISTED_PACKAGES) more.push(`${items.length - LISTED_PACKAGES} more ${kind}`);
  };
  take(packages.upgraded, 'upgraded', (item) => ['upgraded', codeCell(item.name), codeCell(item.from), codeCell(item.to)]);
  take(packages.added, 'added', (item) => ['added', codeCell(item.name), '', codeCell(item.version)]);
  take(packages.removed, 'removed', (item) => ['removed', codeCell(item.name), codeCell(item.version), '']);
  const body = [table(['Change', 'Package', 'From', 'To'], rows), ...(more.length > 0 ? [`…and ${more.join(', ')}.`] : [])].join('\n\n');
  if (rows.length <= OPEN_PACKAGE_ROWS) return `${summary}\n\n${body}`;
  // Inside HTML, markdown is not rendered: plain text, with the registry's platform text escaped for HTML.
  const plainWhere = platform === undefined ? '' : ` (${escapeHtml(platform)})`;
  const plain = `Packages${plainWhere}: ${packages.upgraded.length} upgraded, ${packages.added.length} added, ${packages.removed.length} removed`;
  return `<details>\n<summary>${plain}</summary>\n\n${body}\n\n</details>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
