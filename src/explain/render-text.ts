/**
 * `pinbot check --explain`: the details of one change as indented plain-text lines, the same
 * facts the PR body shows. Every value was escaped when it was read from the registry. Pure.
 */
import { countChanges } from './package-diff.js';
import type { Explanation, PackageChanges, PlatformChange, Settle } from './types.js';

/** Packages listed per kind before "…and N more". */
export const LISTED_PACKAGES = 25;

const short = (digest: string): string => {
  const colon = digest.indexOf(':');
  return colon < 0 ? digest.slice(0, 12) : digest.slice(0, colon + 13);
};

export function explanationLines(explanation: Explanation | undefined, settle?: Settle): string[] {
  const details = explanation?.details ?? {};
  const lines: string[] = [];
  for (const warning of details.warnings ?? []) lines.push(`warning: ${warning}`);
  if (details.platforms !== undefined && details.platforms.length > 0) {
    lines.push('platforms:', ...details.platforms.map((change) => `  ${platformLine(change)}`));
  }
  if (details.created !== undefined) lines.push(`created: ${details.created.old ?? 'unknown'} -> ${details.created.new ?? 'unknown'}`);
  const source = details.source;
  if (source !== undefined) {
    const revisions =
      source.oldRevision !== undefined || source.newRevision !== undefined
        ? ` (${source.oldRevision ?? 'unknown'} -> ${source.newRevision ?? 'unknown'})`
        : '';
    lines.push(`source: ${source.url ?? 'unknown'}${revisions}`);
    if (source.compareUrl !== undefined) lines.push(`compare: ${source.compareUrl}`);
  }
  if (details.baseChanged !== undefined) {
    const name = explanation?.baseName === undefined ? '' : ` (${explanation.baseName})`;
    lines.push(details.baseChanged ? `base image: rebuilt${name}` : `base image: unchanged${name}; only the image's own layers changed`);
  }
  if (details.packages !== undefined) lines.push(...packageLines(details.packages, explanation?.platform));
  if (settle !== undefined) lines.push(...settleLines(settle));
  return lines;
}

function platformLine(change: PlatformChange): string {
  const name = change.platform === '' ? 'image' : change.platform;
  if (change.oldDigest === undefined) return `${name}: added ${short(change.newDigest ?? '')}`;
  if (change.newDigest === undefined) return `${name}: removed (was ${short(change.oldDigest)})`;
  if (change.oldDigest === change.newDigest) return `${name}: unchanged`;
  return `${name}: ${short(change.oldDigest)} -> ${short(change.newDigest)}`;
}

function packageLines(packages: PackageChanges, platform: string | undefined): string[] {
  const total = countChanges(packages);
  const where = platform === undefined ? '' : ` (${platform})`;
  if (total === 0) return [`packages${where}: no changes`];
  const lines = [
    `packages${where}: ${packages.upgraded.length} upgraded, ${packages.added.length} added, ${packages.removed.length} removed`,
  ];
  const listed = <T>(items: readonly T[], line: (item: T) => string): void => {
    lines.push(...items.slice(0, LISTED_PACKAGES).map((item) => `  ${line(item)}`));
    if (items.length > LISTED_PACKAGES) lines.push(`  …and ${items.length - LISTED_PACKAGES} more`);
  };
  listed(packages.upgraded, (item) => `${item.name} ${item.from} -> ${item.to}`);
  listed(packages.added, (item) => `+ ${item.name} ${item.version}`);
  listed(packages.removed, (item) => `- ${item.name} ${item.version}`);
  return lines;
}

export function settleLines(settle: Settle): string[] {
  const since = settle.since === 'created' ? "the image's created time" : 'when pinbot first saw it';
  const lines = [`settled: ready since ${settle.readyAt.toISOString()} (counted from ${since})`];
  if (settle.superseded.length > 0) {
    lines.push(`  superseded while waiting: ${settle.superseded.map(short).join(', ')}; the wait restarted from this digest`);
  }
  return lines;
}
