import { describe, expect, it } from '@jest/globals';
import { compareAndSwapBranch, createBranch, deleteBranch, fastForwardBranch, getBranchHead, ZERO_SHA } from '../../src/github/refs.js';
import { github, githubError, REPO, sha, testOctokit, useStrictNock } from './support.js';

useStrictNock();

const BRANCH = 'pinbot/digests';
const REF_PATH = '/repos/acme/api/git/refs/heads%2Fpinbot%2Fdigests';
const GET_REF_PATH = '/repos/acme/api/git/ref/heads%2Fpinbot%2Fdigests';
const OURS = sha('app-commit');
const NEW = sha('rebuilt-commit');
const HUMAN = sha('human-commit');
const NODE_ID = 'R_kgDOGq0gLw';

function refReply(target: string) {
  return { ref: `refs/heads/${BRANCH}`, node_id: 'REF_kwDO', object: { type: 'commit', sha: target } };
}

/** graphql-ruby's answer on a server whose schema has no `updateRefs` (GHES before it shipped). */
const NO_UPDATE_REFS = {
  errors: [
    {
      path: ['mutation PinbotUpdateRefs', 'updateRefs'],
      extensions: { code: 'undefinedField', typeName: 'Mutation', fieldName: 'updateRefs' },
      locations: [{ line: 2, column: 3 }],
      message: "Field 'updateRefs' doesn't exist on type 'Mutation'",
    },
    {
      path: ['mutation PinbotUpdateRefs'],
      extensions: { code: 'variableRequiresValidType', typeName: 'UpdateRefsInput', variableName: 'input' },
      locations: [{ line: 1, column: 26 }],
      message: "UpdateRefsInput isn't a defined input type (on $input)",
    },
  ],
};

const REJECTED = {
  data: { updateRefs: null },
  errors: [
    {
      type: 'UNPROCESSABLE',
      path: ['updateRefs'],
      locations: [{ line: 2, column: 3 }],
      message: 'A ref update was rejected: refs/heads/pinbot/digests is not at the expected oid',
    },
  ],
};

describe('getBranchHead', () => {
  it('returns the commit the branch points to', async () => {
    github().get(GET_REF_PATH).reply(200, refReply(OURS));
    await expect(getBranchHead(testOctokit(), REPO, BRANCH)).resolves.toBe(OURS);
  });

  it('returns undefined for a branch that does not exist', async () => {
    github().get(GET_REF_PATH).reply(404, { message: 'Not Found' });
    await expect(getBranchHead(testOctokit(), REPO, BRANCH)).resolves.toBeUndefined();
  });

  it('throws on a server error rather than calling the branch missing', async () => {
    github().get(GET_REF_PATH).reply(500, { message: 'Server Error' });
    await expect(getBranchHead(testOctokit(), REPO, BRANCH)).rejects.toThrow(
      `GET /repos/acme/api/git/ref/heads/${BRANCH}: 500 Server Error`,
    );
  });
});

describe('createBranch', () => {
  it('creates refs/heads/<branch> at the sha', async () => {
    github()
      .post('/repos/acme/api/git/refs', { ref: `refs/heads/${BRANCH}`, sha: OURS })
      .reply(201, refReply(OURS));
    await expect(createBranch(testOctokit(), REPO, BRANCH, OURS)).resolves.toEqual({ kind: 'created' });
  });

  it('says so when the branch exists already', async () => {
    github().post('/repos/acme/api/git/refs').reply(422, githubError('Reference already exists'));
    await expect(createBranch(testOctokit(), REPO, BRANCH, OURS)).resolves.toEqual({ kind: 'exists' });
  });

  it('throws on any other refusal', async () => {
    github().post('/repos/acme/api/git/refs').reply(422, githubError('Object does not exist'));
    await expect(createBranch(testOctokit(), REPO, BRANCH, OURS)).rejects.toThrow(
      `POST /repos/acme/api/git/refs (refs/heads/${BRANCH}): 422 Object does not exist`,
    );
  });
});

describe('fastForwardBranch', () => {
  it('moves the branch with force: false', async () => {
    github().patch(REF_PATH, { sha: NEW, force: false }).reply(200, refReply(NEW));
    await expect(fastForwardBranch(testOctokit(), REPO, BRANCH, NEW)).resolves.toEqual({ kind: 'updated' });
  });

  it('reports an update that is not a fast-forward', async () => {
    github().patch(REF_PATH).reply(422, githubError('Update is not a fast forward'));
    await expect(fastForwardBranch(testOctokit(), REPO, BRANCH, NEW)).resolves.toEqual({ kind: 'not-fast-forward' });
  });

  it('reports a branch that is gone', async () => {
    github().patch(REF_PATH).reply(422, githubError('Reference does not exist'));
    await expect(fastForwardBranch(testOctokit(), REPO, BRANCH, NEW)).resolves.toEqual({ kind: 'missing' });
  });

  it('throws on a server error', async () => {
    github().patch(REF_PATH).reply(502, { message: 'Bad Gateway' });
    await expect(fastForwardBranch(testOctokit(), REPO, BRANCH, NEW)).rejects.toMatchObject({ status: 502 });
  });
});

describe('compareAndSwapBranch', () => {
  const swap = { branch: BRANCH, expectedSha: OURS, newSha: NEW, repositoryNodeId: NODE_ID };

  it('sends one updateRefs mutation with the expected and new oids', async () => {
    let sent: { query?: string; variables?: unknown } = {};
    github()
      .post('/graphql', (body) => {
        sent = body as typeof sent;
        return true;
      })
      .reply(200, { data: { updateRefs: { clientMutationId: null } } });

    await expect(compareAndSwapBranch(testOctokit(), REPO, swap)).resolves.toEqual({ kind: 'updated' });
    expect(sent.variables).toEqual({
      input: {
        repositoryId: NODE_ID,
        refUpdates: [{ name: 'refs/heads/pinbot/digests', beforeOid: OURS, afterOid: NEW, force: true }],
      },
    });
    expect(sent.query).toMatch(/mutation \w+\(\$input: UpdateRefsInput!\) \{\s*updateRefs\(input: \$input\)/);
  });

  it('reports a branch a human moved when GitHub rejects the swap', async () => {
    github().post('/graphql').reply(200, REJECTED).get(GET_REF_PATH).reply(200, refReply(HUMAN));
    await expect(compareAndSwapBranch(testOctokit(), REPO, swap)).resolves.toEqual({ kind: 'moved', currentSha: HUMAN });
  });

  it('reports a deleted branch as moved with no current sha', async () => {
    github().post('/graphql').reply(200, REJECTED).get(GET_REF_PATH).reply(404, { message: 'Not Found' });
    await expect(compareAndSwapBranch(testOctokit(), REPO, swap)).resolves.toEqual({ kind: 'moved', currentSha: undefined });
  });

  it('throws when GitHub rejects the swap although the branch did not move', async () => {
    github().post('/graphql').reply(200, REJECTED).get(GET_REF_PATH).reply(200, refReply(OURS));
    await expect(compareAndSwapBranch(testOctokit(), REPO, swap)).rejects.toThrow(
      'POST /graphql (updateRefs acme/api refs/heads/pinbot/digests): 200 A ref update was rejected',
    );
  });

  it('throws on an HTTP failure without touching the ref', async () => {
    github().post('/graphql').reply(502, { message: 'Bad Gateway' });
    await expect(compareAndSwapBranch(testOctokit(), REPO, swap)).rejects.toMatchObject({ name: 'GitHubError', status: 502 });
  });

  it('falls back to re-read and force PATCH on a server without updateRefs', async () => {
    github()
      .post('/graphql')
      .reply(200, NO_UPDATE_REFS)
      .get(GET_REF_PATH)
      .reply(200, refReply(OURS))
      .patch(REF_PATH, { sha: NEW, force: true })
      .reply(200, refReply(NEW));
    await expect(compareAndSwapBranch(testOctokit(), REPO, swap)).resolves.toEqual({ kind: 'updated' });
  });

  it('does not PATCH in the fallback when the branch moved', async () => {
    // No PATCH is mocked: strict nock fails the test if one is sent.
    github().post('/graphql').reply(200, NO_UPDATE_REFS).get(GET_REF_PATH).reply(200, refReply(HUMAN));
    await expect(compareAndSwapBranch(testOctokit(), REPO, swap)).resolves.toEqual({ kind: 'moved', currentSha: HUMAN });
  });
});

describe('deleteBranch', () => {
  it('re-reads the branch and deletes it while it is still ours', async () => {
    github().get(GET_REF_PATH).reply(200, refReply(OURS)).delete(REF_PATH).reply(204);
    await expect(deleteBranch(testOctokit(), REPO, BRANCH, OURS)).resolves.toEqual({ kind: 'deleted' });
  });

  it('leaves a branch a human pushed to', async () => {
    github().get(GET_REF_PATH).reply(200, refReply(HUMAN));
    await expect(deleteBranch(testOctokit(), REPO, BRANCH, OURS)).resolves.toEqual({ kind: 'moved', currentSha: HUMAN });
  });

  it('reports a branch that is already gone', async () => {
    github().get(GET_REF_PATH).reply(404, { message: 'Not Found' });
    await expect(deleteBranch(testOctokit(), REPO, BRANCH, OURS)).resolves.toEqual({ kind: 'missing' });
  });

  it('reports a branch deleted between the read and the DELETE', async () => {
    github().get(GET_REF_PATH).reply(200, refReply(OURS)).delete(REF_PATH).reply(422, githubError('Reference does not exist'));
    await expect(deleteBranch(testOctokit(), REPO, BRANCH, OURS)).resolves.toEqual({ kind: 'missing' });
  });

  it('deletes atomically through updateRefs when the repository node id is known', async () => {
    let variables: unknown;
    github()
      .post('/graphql', (body: { variables?: unknown }) => {
        variables = body.variables;
        return true;
      })
      .reply(200, { data: { updateRefs: { clientMutationId: null } } });

    await expect(deleteBranch(testOctokit(), REPO, BRANCH, OURS, { repositoryNodeId: NODE_ID })).resolves.toEqual({ kind: 'deleted' });
    expect(variables).toEqual({
      input: { repositoryId: NODE_ID, refUpdates: [{ name: `refs/heads/${BRANCH}`, beforeOid: OURS, afterOid: ZERO_SHA, force: true }] },
    });
  });

  it('keeps a moved branch when the atomic delete is rejected', async () => {
    github().post('/graphql').reply(200, REJECTED).get(GET_REF_PATH).reply(200, refReply(HUMAN));
    await expect(deleteBranch(testOctokit(), REPO, BRANCH, OURS, { repositoryNodeId: NODE_ID })).resolves.toEqual({
      kind: 'moved',
      currentSha: HUMAN,
    });
  });

  it('falls back to re-read and DELETE on a server without updateRefs', async () => {
    github().post('/graphql').reply(200, NO_UPDATE_REFS).get(GET_REF_PATH).reply(200, refReply(OURS)).delete(REF_PATH).reply(204);
    await expect(deleteBranch(testOctokit(), REPO, BRANCH, OURS, { repositoryNodeId: NODE_ID })).resolves.toEqual({ kind: 'deleted' });
  });

  it('throws when the DELETE fails for another reason', async () => {
    github()
      .get(GET_REF_PATH)
      .reply(200, refReply(OURS))
      .delete(REF_PATH)
      .reply(403, { message: 'Resource not accessible by integration' });
    await expect(deleteBranch(testOctokit(), REPO, BRANCH, OURS)).rejects.toThrow(
      `DELETE /repos/acme/api/git/refs/heads/${BRANCH}: 403 Resource not accessible by integration`,
    );
  });
});
