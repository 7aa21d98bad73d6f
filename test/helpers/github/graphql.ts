/**
 * `POST /graphql` (and GHES's `/api/graphql`): the `updateRefs` mutation only, atomic and with
 * `beforeOid` compare-and-swap. Anything else gets the errors array GitHub gives for unknown fields;
 * `supportsUpdateRefs = false` makes the fake behave like an older GHES that lacks the mutation.
 */
import { checkRepoAccess } from './auth.js';
import { isAncestor } from './git-graph.js';
import { ZERO_SHA } from './git-objects.js';
import { parseOperation, resolveValue, GqlSyntaxError, type GqlField } from './graphql-parse.js';
import { HttpFailure, json, type ApiRequest, type Reply } from './http.js';
import { writeRef } from './refs.js';
import { guardWorkflows } from './routes-refs.js';
import type { Route } from './router.js';
import type { RepoState } from './state.js';

interface GqlError {
  readonly message: string;
  readonly type?: string;
  readonly path?: readonly string[];
  readonly locations?: readonly { line: number; column: number }[];
  readonly extensions?: Record<string, unknown>;
}

function undefinedField(operationType: string, typeName: string, field: GqlField): GqlError {
  return {
    path: [operationType, field.alias],
    extensions: { code: 'undefinedField', typeName, fieldName: field.name },
    locations: [{ line: field.line, column: field.column }],
    message: `Field '${field.name}' doesn't exist on type '${typeName}'`,
  };
}

interface RefUpdate {
  readonly name: string;
  readonly afterOid: string;
  readonly beforeOid: string | undefined;
  readonly force: boolean;
}

function readUpdates(input: unknown): { repositoryId: string; clientMutationId: string | null; updates: RefUpdate[] } | string {
  if (typeof input !== 'object' || input === null)
    return "Argument 'input' on Field 'updateRefs' has an invalid value. Expected type 'UpdateRefsInput!'.";
  const record = input as Record<string, unknown>;
  if (typeof record.repositoryId !== 'string')
    return 'Variable $input of type UpdateRefsInput! was provided invalid value for repositoryId (Expected value to not be null)';
  if (!Array.isArray(record.refUpdates))
    return 'Variable $input of type UpdateRefsInput! was provided invalid value for refUpdates (Expected value to not be null)';
  const updates: RefUpdate[] = [];
  for (const [index, raw] of record.refUpdates.entries()) {
    const item = (raw ?? {}) as Record<string, unknown>;
    if (typeof item.name !== 'string' || typeof item.afterOid !== 'string')
      return `Variable $input of type UpdateRefsInput! was provided invalid value for refUpdates.${index} (name and afterOid are required)`;
    updates.push({
      name: item.name,
      afterOid: item.afterOid,
      beforeOid: typeof item.beforeOid === 'string' ? item.beforeOid : undefined,
      force: item.force === true,
    });
  }
  return {
    repositoryId: record.repositoryId,
    clientMutationId: typeof record.clientMutationId === 'string' ? record.clientMutationId : null,
    updates,
  };
}

/** Checks every update before applying any: all succeed or none do. Returns the failure message, if any. */
function rejectUpdate(req: ApiRequest, repo: RepoState, update: RefUpdate): string | undefined {
  if (!/^refs\/[^/]+\/.+/.test(update.name)) return `${update.name} is not a fully qualified ref name`;
  const current = repo.refs.get(update.name) ?? ZERO_SHA;
  if (update.beforeOid !== undefined && update.beforeOid !== current) {
    return `A ref update failed: ${update.name} was expected to point to ${update.beforeOid} but points to ${current}`;
  }
  if (update.afterOid === ZERO_SHA) return current === ZERO_SHA ? `${update.name} does not exist` : undefined;
  if (!repo.git.commits.has(update.afterOid)) return `Could not resolve ${update.afterOid} to a commit in ${repo.owner.login}/${repo.name}`;
  if (!update.force && current !== ZERO_SHA && !isAncestor(repo.git, current, update.afterOid))
    return `A ref update failed: ${update.name} update is not a fast forward`;
  try {
    guardWorkflows(req, repo, update.afterOid);
  } catch (error) {
    if (error instanceof HttpFailure) return (error.reply.body as { message: string }).message;
    throw error;
  }
  return undefined;
}

function updateRefs(req: ApiRequest, field: GqlField, variables: Record<string, unknown>): { data: unknown; errors: GqlError[] } {
  const failed = (message: string, type: string): { data: unknown; errors: GqlError[] } => ({
    data: null,
    errors: [{ type, path: [field.alias], locations: [{ line: field.line, column: field.column }], message }],
  });
  const input = field.args.input === undefined ? undefined : resolveValue(field.args.input, variables);
  const parsed = readUpdates(input);
  if (typeof parsed === 'string') return failed(parsed, 'INVALID_ARGUMENTS');
  const repo = [...req.state.repos.values()].find((candidate) => candidate.nodeId === parsed.repositoryId);
  if (!repo) return failed(`Could not resolve to a node with the global id of '${parsed.repositoryId}'`, 'NOT_FOUND');
  const refused = checkRepoAccess(req.state, req.principal, repo, ['contents', 'write']);
  if (refused)
    return failed(
      refused.status === 404
        ? `Could not resolve to a node with the global id of '${parsed.repositoryId}'`
        : 'Resource not accessible by integration',
      refused.status === 404 ? 'NOT_FOUND' : 'FORBIDDEN',
    );
  if (repo.archived) return failed('Repository was archived so is read-only.', 'UNPROCESSABLE');
  for (const update of parsed.updates) {
    const message = rejectUpdate(req, repo, update);
    if (message !== undefined) return failed(message, 'UNPROCESSABLE');
  }
  for (const update of parsed.updates) writeRef(req.state, repo, update.name, update.afterOid === ZERO_SHA ? null : update.afterOid);
  return { data: { clientMutationId: parsed.clientMutationId }, errors: [] };
}

function graphql(req: ApiRequest): Reply {
  const body = (req.body ?? {}) as { query?: unknown; variables?: unknown };
  if (typeof body.query !== 'string')
    return json(200, { errors: [{ message: 'A query attribute must be specified and must be a string.' }] });
  const variables = (typeof body.variables === 'object' && body.variables !== null ? body.variables : {}) as Record<string, unknown>;
  let operation;
  try {
    operation = parseOperation(body.query);
  } catch (error) {
    if (error instanceof GqlSyntaxError) return json(200, { errors: [{ message: error.message }] });
    throw error;
  }
  const typeName = operation.type === 'mutation' ? 'Mutation' : operation.type === 'query' ? 'Query' : 'Subscription';
  // Validation happens before execution, as on GitHub: one unknown field and nothing runs.
  const unknown = operation.fields.filter(
    (field) => !(operation.type === 'mutation' && field.name === 'updateRefs' && req.state.supportsUpdateRefs),
  );
  const badSelections = operation.fields.flatMap((field) =>
    unknown.includes(field)
      ? []
      : field.selections
          .filter((name) => name !== 'clientMutationId' && name !== '__typename')
          .map((name) => undefinedField(operation.type, 'UpdateRefsPayload', { ...field, name })),
  );
  const validation = [...unknown.map((field) => undefinedField(operation.type, typeName, field)), ...badSelections];
  if (validation.length > 0) return json(200, { errors: validation });
  const data: Record<string, unknown> = {};
  const errors: GqlError[] = [];
  for (const field of operation.fields) {
    const outcome = updateRefs(req, field, variables);
    data[field.alias] = outcome.data;
    errors.push(...outcome.errors);
  }
  return json(200, errors.length > 0 ? { data, errors } : { data });
}

export const graphqlRoutes: Route[] = [{ method: 'POST', pattern: '/graphql', handler: graphql }];
