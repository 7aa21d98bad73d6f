import { attempt } from './errors.js';
import { renderPolicyCheck, type PolicyVerdict } from './policy-check-output.js';
import type { GitHubClient, RepoRef } from './types.js';

/** The check run's name: branch protection requires it by this name. */
export const POLICY_CHECK_NAME = 'pinbot / policy';

/** GitHub takes at most 50 annotations per request; further ones go in updates, which append. */
const ANNOTATIONS_PER_REQUEST = 50;

/**
 * Posts the `pinbot / policy` check run on `headSha`: created completed with its conclusion and
 * the first 50 annotations, then one update per further 50 (GitHub appends them). The
 * conclusion is right from the first request, so a failed update costs annotations, never the
 * verdict. Cost: 1 request + 1 per further 50 annotations (at most 10 in all).
 */
export async function reportPolicyCheck(
  octokit: GitHubClient,
  repo: RepoRef,
  headSha: string,
  verdict: PolicyVerdict,
): Promise<{ readonly id: number; readonly conclusion: 'success' | 'failure' }> {
  const output = renderPolicyCheck(verdict);
  const batches: (typeof output.annotations)[] = [];
  for (let at = 0; at < output.annotations.length; at += ANNOTATIONS_PER_REQUEST) {
    batches.push(output.annotations.slice(at, at + ANNOTATIONS_PER_REQUEST));
  }
  const text = { title: output.title, summary: output.summary };
  const { data } = await attempt(
    () =>
      octokit.rest.checks.create({
        owner: repo.owner,
        repo: repo.repo,
        name: POLICY_CHECK_NAME,
        head_sha: headSha,
        status: 'completed',
        conclusion: output.conclusion,
        output: { ...text, annotations: batches[0] ?? [] },
      }),
    `${POLICY_CHECK_NAME} on ${headSha}`,
  );
  for (const batch of batches.slice(1)) {
    await attempt(
      () =>
        octokit.rest.checks.update({ owner: repo.owner, repo: repo.repo, check_run_id: data.id, output: { ...text, annotations: batch } }),
      `${POLICY_CHECK_NAME}: more annotations`,
    );
  }
  return { id: data.id, conclusion: output.conclusion };
}
