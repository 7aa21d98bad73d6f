import { attempt } from './errors.js';
import type { GitHubClient, RepoRef } from './types.js';

/**
 * The `pinbot` check run that tells a repository whether its config is usable. With errors, the
 * app writes nothing in that repository until the file is fixed, so the check says so.
 */

export const CHECK_NAME = 'pinbot';

/** GitHub's limit for output.summary and output.text. */
const MAX_OUTPUT = 65_535;

export interface ConfigCheck {
  readonly headSha: string;
  /** Path-qualified config errors; null when the config is valid. */
  readonly errors: readonly string[] | null;
  /** Extra lines for the summary, e.g. workflow files left out for lack of permission. */
  readonly notes?: readonly string[];
}

/**
 * Creates a completed check run on `headSha`: `failure` listing the errors, else `success`.
 * Returns the check run id. Cost: 1 request.
 */
export async function reportConfigCheck(octokit: GitHubClient, repo: RepoRef, check: ConfigCheck): Promise<{ readonly id: number }> {
  const notes = check.notes ?? [];
  const failed = check.errors !== null && check.errors.length > 0;
  const errors = check.errors ?? [];
  const problems = `${errors.length} ${errors.length === 1 ? 'problem' : 'problems'}`;
  const title = failed ? `Invalid pinbot configuration (${problems})` : 'pinbot configuration is valid';
  const summaryLines = failed
    ? ['pinbot will not open or update pull requests in this repository until the configuration is fixed.']
    : ['pinbot read its configuration without problems.'];
  if (notes.length > 0) summaryLines.push('', ...notes.map((note) => `- ${note}`));
  const text = failed ? errors.map((error) => `- ${error}`).join('\n') : undefined;

  const { data } = await attempt(
    () =>
      octokit.rest.checks.create({
        owner: repo.owner,
        repo: repo.repo,
        name: CHECK_NAME,
        head_sha: check.headSha,
        status: 'completed',
        conclusion: failed ? 'failure' : 'success',
        output: {
          title,
          summary: clip(summaryLines.join('\n')),
          ...(text === undefined ? {} : { text: clip(text) }),
        },
      }),
    `${CHECK_NAME} on ${check.headSha}`,
  );
  return { id: data.id };
}

function clip(text: string): string {
  if (text.length <= MAX_OUTPUT) return text;
  const note = '\n… (cut to fit GitHub’s limit)';
  return text.slice(0, MAX_OUTPUT - note.length) + note;
}
