import { toGitHubError } from './errors.js';
import type { GitHubClient, RepoRef, SwapOutcome, SwapRequest } from './types.js';

/**
 * The compare-and-swap behind compareAndSwapBranch and deleteBranch. GraphQL `updateRefs`
 * checks `beforeOid` and writes `afterOid` in one step on GitHub's side, so a push landing
 * between our read and our write is never overwritten.
 */

const UPDATE_REFS = `mutation PinbotUpdateRefs($input: UpdateRefsInput!) {
  updateRefs(input: $input) { clientMutationId }
}`;

/** graphql-ruby's validation codes for a field or input type the schema does not have. */
const SCHEMA_GAP_CODES = new Set(['undefinedField', 'undefinedType', 'variableRequiresValidType']);
const SCHEMA_GAP_MESSAGE = /doesn't exist|isn't a defined|is not defined|not exist on type/i;

/**
 * `readHead` re-reads the branch; `forceWrite` performs the REST write used when the server has
 * no `updateRefs` (older GHES), called only after `readHead` saw the expected sha.
 */
export async function swapRef(
  octokit: GitHubClient,
  repo: RepoRef,
  request: SwapRequest,
  readHead: () => Promise<string | undefined>,
  forceWrite: () => Promise<void>,
): Promise<SwapOutcome> {
  const name = `refs/heads/${request.branch}`;
  try {
    await octokit.graphql(UPDATE_REFS, {
      input: {
        repositoryId: request.repositoryNodeId,
        refUpdates: [{ name, beforeOid: request.expectedSha, afterOid: request.newSha, force: true }],
      },
    });
    return { kind: 'updated' };
  } catch (error) {
    const failure = toGitHubError(error, `updateRefs ${repo.owner}/${repo.repo} ${name}`);
    if (lacksUpdateRefs(error)) {
      const current = await readHead();
      if (current !== request.expectedSha) return { kind: 'moved', currentSha: current };
      await forceWrite();
      return { kind: 'updated' };
    }
    // An HTTP failure (5xx, 401, network) says nothing about the ref: the caller aborts and retries later.
    if (failure.status !== 200) throw failure;
    // GitHub refused the update. The usual reason is a ref that moved; anything else is an error.
    const current = await readHead();
    if (current !== request.expectedSha) return { kind: 'moved', currentSha: current };
    throw failure;
  }
}

/** True for the validation error a server without the `updateRefs` mutation answers with. */
export function lacksUpdateRefs(error: unknown): boolean {
  const errors = typeof error === 'object' && error !== null ? (error as { errors?: unknown }).errors : undefined;
  if (!Array.isArray(errors)) return false;
  return errors.some((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return false;
    const { message, extensions } = entry as { message?: unknown; extensions?: { code?: unknown } };
    if (typeof message !== 'string' || !/\bupdateRefs\b|\bUpdateRefsInput\b|\bRefUpdate\b/.test(message)) return false;
    const code = extensions?.code;
    return (typeof code === 'string' && SCHEMA_GAP_CODES.has(code)) || SCHEMA_GAP_MESSAGE.test(message);
  });
}
