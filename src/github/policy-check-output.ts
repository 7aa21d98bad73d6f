import type { VerifyError } from '../policy/digest-existence.js';
import { POLICY_RULES, type Violation } from '../policy/types.js';
import { codeCell, count, table } from '../pr/markdown.js';

/**
 * What the `pinbot / policy` check run says (issue 14), pure: a title, a Markdown summary with
 * a table of violations, and the annotations. A pull request fails only on violations in files
 * it changes; the rest are listed as pre-existing, so a policy can be adopted gradually.
 */

/** GitHub's limit for output.summary. */
const MAX_SUMMARY = 65_535;
/** GitHub's limit for an annotation title. */
const MAX_ANNOTATION_TITLE = 255;
/**
 * Annotations sent at most (in requests of 50): enough for any real change, bounded for a
 * repository with thousands of violations, whose rest the summary lists.
 */
export const MAX_ANNOTATIONS = 500;

export interface PolicyVerdict {
  /** Violations in the files the change touched (every file for a push): these fail the check. */
  readonly failing: readonly Violation[];
  /** Violations in files the pull request did not touch. */
  readonly preExisting: readonly Violation[];
  /** References that could not be verified (a registry that did not answer, an unreadable policy file). */
  readonly errors: readonly VerifyError[];
  /** Errors in touched files: these fail the check too (nothing unverified passes). */
  readonly failingErrors: number;
  readonly checked: number;
  readonly digests: number;
  readonly pullRequest: boolean;
}

export interface CheckAnnotation {
  readonly path: string;
  readonly start_line: number;
  readonly end_line: number;
  readonly annotation_level: 'failure' | 'warning' | 'notice';
  readonly title: string;
  readonly message: string;
}

export interface PolicyCheckOutput {
  readonly conclusion: 'success' | 'failure';
  readonly title: string;
  readonly summary: string;
  readonly annotations: CheckAnnotation[];
}

export function renderPolicyCheck(verdict: PolicyVerdict): PolicyCheckOutput {
  const failed = verdict.failing.length > 0 || verdict.failingErrors > 0;
  const where = verdict.pullRequest ? ' in files this pull request changes' : '';
  const title = failed
    ? verdict.failing.length > 0
      ? `${count(verdict.failing.length, 'policy violation')}${where}`
      : `${count(verdict.failingErrors, 'reference')} could not be verified`
    : verdict.preExisting.length > 0
      ? `Policy satisfied here (${count(verdict.preExisting.length, 'pre-existing violation')} elsewhere)`
      : 'Policy satisfied';

  const lines = [
    failed ? `**${title}**${verdict.failing.length > 0 ? ` (${byRule(verdict.failing)})` : ''}.` : `**${title}.**`,
    '',
    `${count(verdict.checked, 'image reference')} checked, ${count(verdict.digests, 'pinned digest')} looked up in registries.`,
  ];
  const sections: Array<[string, readonly Violation[]]> = [
    [verdict.pullRequest ? 'Violations in changed files' : 'Violations', verdict.failing],
    ['Pre-existing violations (in files this pull request does not change; they do not fail this check)', verdict.preExisting],
  ];
  for (const [heading, violations] of sections) {
    if (violations.length === 0) continue;
    lines.push('', `### ${heading}`, '', violationTable(violations));
  }
  if (verdict.errors.length > 0) {
    lines.push('', '### Could not be verified', '');
    for (const error of verdict.errors)
      lines.push(`- ${codeCell(`${error.file}${error.line === null ? '' : `:${error.line}`}`)} ${codeCell(error.error)}`);
  }
  const total = verdict.failing.length + verdict.preExisting.length;
  if (total > MAX_ANNOTATIONS)
    lines.push('', `Annotations mark the first ${MAX_ANNOTATIONS} of ${total} violations; the tables list them all.`);

  const annotations = [
    ...verdict.failing.map((violation) => annotation(violation, 'failure')),
    ...verdict.preExisting.map((violation) => annotation(violation, 'notice')),
  ].slice(0, MAX_ANNOTATIONS);
  return { conclusion: failed ? 'failure' : 'success', title, summary: clip(lines.join('\n')), annotations };
}

function byRule(violations: readonly Violation[]): string {
  return POLICY_RULES.map((rule) => [rule, violations.filter((violation) => violation.rule === rule).length] as const)
    .filter(([, n]) => n > 0)
    .map(([rule, n]) => `${n} ${rule}`)
    .join(', ');
}

function violationTable(violations: readonly Violation[]): string {
  return table(
    ['File', 'Image', 'Rule', 'Message'],
    violations.map((violation) => [
      codeCell(`${violation.file}:${violation.line}`),
      codeCell(violation.tag === null ? violation.image : `${violation.image}:${violation.tag}`),
      violation.rule,
      codeCell(violation.message),
    ]),
  );
}

function annotation(violation: Violation, level: CheckAnnotation['annotation_level']): CheckAnnotation {
  const image = violation.tag === null ? violation.image : `${violation.image}:${violation.tag}`;
  return {
    path: violation.file,
    start_line: violation.line,
    end_line: violation.line,
    annotation_level: level,
    title: `${violation.rule}: ${image}`.slice(0, MAX_ANNOTATION_TITLE),
    message: level === 'failure' ? violation.message : `${violation.message} (pre-existing: this pull request does not change this file)`,
  };
}

/** Cut at a line boundary so a table row is never half there. */
function clip(text: string): string {
  if (text.length <= MAX_SUMMARY) return text;
  const note = '\n\n… (cut to fit GitHub’s limit; run `pinbot verify` for the whole list)';
  const cut = text.lastIndexOf('\n', MAX_SUMMARY - note.length);
  return text.slice(0, cut) + note;
}
