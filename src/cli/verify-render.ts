import type { VerifyError } from '../policy/digest-existence.js';
import { POLICY_RULES, type ImageMention, type Violation } from '../policy/types.js';
import { echoed } from '../text/safe-text.js';
import { renderTable } from './table.js';

/** Everything `pinbot verify` found across its PATHs. */
export interface VerifyReport {
  readonly violations: Violation[];
  readonly errors: VerifyError[];
  readonly checked: number;
  readonly digests: number;
  readonly notImages: ImageMention[];
  readonly offline: boolean;
}

/** The table of violations, the errors, what was not an image, and the one-line summary. */
export function renderVerify(report: VerifyReport): string {
  const lines: string[] = [];
  if (report.violations.length > 0) {
    const rows = report.violations.map((violation) => [
      `${echoed(violation.file)}:${violation.line}`,
      echoed(violation.tag === null ? violation.image : `${violation.image}:${violation.tag}`),
      violation.rule,
      echoed(violation.message),
    ]);
    lines.push(renderTable(['FILE', 'IMAGE', 'RULE', 'MESSAGE'], rows));
  }
  if (report.errors.length > 0) {
    lines.push(...(lines.length > 0 ? [''] : []), `Errors (${report.errors.length}):`);
    for (const error of report.errors) {
      lines.push(`  ${echoed(error.file)}${error.line === null ? '' : `:${error.line}`}  ${echoed(error.error)}`);
    }
  }
  lines.push(...(lines.length > 0 ? [''] : []), summary(report));
  return lines.join('\n');
}

function summary(report: VerifyReport): string {
  const references = `${report.checked} image reference${report.checked === 1 ? '' : 's'} checked`;
  const registry = report.offline
    ? 'registry check skipped (--offline)'
    : `${report.digests} digest${report.digests === 1 ? '' : 's'} looked up in registries`;
  // Stages and scratch break no rule, but they are counted: nothing in a policy file passes unseen.
  const stages = report.notImages.length;
  const notImages = stages > 0 ? ` (${stages} build stage or scratch reference${stages === 1 ? '' : 's'} need no digest)` : '';
  const errors = report.errors.length > 0 ? `, ${report.errors.length} error${report.errors.length === 1 ? '' : 's'}` : '';
  if (report.violations.length === 0) return `No violations${errors}: ${references}${notImages}, ${registry}.`;
  const counts = POLICY_RULES.map((rule) => [rule, report.violations.filter((violation) => violation.rule === rule).length] as const)
    .filter(([, count]) => count > 0)
    .map(([rule, count]) => `${count} ${rule}`);
  const total = report.violations.length;
  return `${total} violation${total === 1 ? '' : 's'} (${counts.join(', ')})${errors}: ${references}${notImages}, ${registry}.`;
}
