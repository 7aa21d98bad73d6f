/**
 * The shape of each webhook pinbot acts on, limited to the fields it reads, so a correctly
 * signed but malformed payload (`{}`, `[1,2]`, an owner `..`) is answered 400 with one line
 * instead of reaching a handler (issue 8, finding 12: a 500 with a `TypeError`, and a request
 * outside `/repos/`). Names are checked against GitHub's rules here, before they reach any URL.
 * Payload reference: https://docs.github.com/en/webhooks/webhook-events-and-payloads
 */
import { z } from 'zod';
import { isBranchName, isOwnerName, isRepoName, parseFullName } from '../../github/names.js';

const ownerLogin = z.string().refine(isOwnerName, 'is not a GitHub account name');
const repoName = z.string().refine(isRepoName, 'is not a GitHub repository name');
const fullName = z.string().refine((name) => parseFullName(name) !== undefined, 'is not owner/repo with GitHub names');
const branchName = z.string().refine(isBranchName, 'is not a git branch name');
const commitSha = z.string().regex(/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/, 'is not a commit sha');
const nodeId = z.string().regex(/^[A-Za-z0-9_=-]{1,100}$/, 'is not a GraphQL node id');
const id = z.number().int().positive();
const installation = z.object({ id });
const namedRepository = z.object({ full_name: fullName });

/** https://docs.github.com/en/webhooks/webhook-events-and-payloads#push */
const push = z.object({
  ref: z.string().max(1024),
  deleted: z.boolean().optional(),
  installation,
  repository: z.object({
    name: repoName,
    full_name: fullName,
    owner: z.object({ login: ownerLogin }).nullish(),
    default_branch: branchName,
    node_id: nodeId,
    archived: z.boolean(),
    disabled: z.boolean().optional(),
    fork: z.boolean(),
  }),
});

/** https://docs.github.com/en/webhooks/webhook-events-and-payloads#installation */
const installationEvent = z.object({ installation, repositories: z.array(namedRepository).optional() });

/** https://docs.github.com/en/webhooks/webhook-events-and-payloads#installation_repositories */
const installationRepositories = z.object({ installation, repositories_added: z.array(namedRepository) });

/** https://docs.github.com/en/webhooks/webhook-events-and-payloads#pull_request */
const pullRequest = z.object({
  installation,
  repository: namedRepository,
  pull_request: z.object({
    number: id,
    merged: z.boolean().nullish(),
    body: z.string().nullable(),
    head: z.object({ ref: branchName, sha: commitSha, repo: namedRepository.nullable() }),
    base: z.object({
      repo: z.object({ full_name: fullName, name: repoName, owner: z.object({ login: ownerLogin }).nullable() }),
    }),
  }),
});

/** Keyed by event, or `event.action` where only some actions are handled (as in `app.on`). */
const HANDLED: Readonly<Record<string, z.ZodType>> = {
  push,
  'installation.created': installationEvent,
  'installation.new_permissions_accepted': installationEvent,
  'installation_repositories.added': installationRepositories,
  'pull_request.opened': pullRequest,
  'pull_request.synchronize': pullRequest,
  'pull_request.reopened': pullRequest,
  'pull_request.closed': pullRequest,
};

export type PayloadCheck = { readonly ok: true; readonly action: string | undefined } | { readonly ok: false; readonly reason: string };

/**
 * Whether a verified payload may be handed to the handlers. Every payload must be a JSON object
 * (GitHub sends nothing else); one that a handler acts on must also have the fields it reads.
 */
export function checkPayload(event: string, payload: unknown): PayloadCheck {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return { ok: false, reason: `${event} payload is not a JSON object` };
  }
  const rawAction = (payload as { action?: unknown }).action;
  if (rawAction !== undefined && (typeof rawAction !== 'string' || !/^[a-z_]{1,64}$/.test(rawAction))) {
    return { ok: false, reason: `${event} payload: action is not an event action name` };
  }
  const action = rawAction;
  const key = action === undefined ? event : `${event}.${action}`;
  const schema = HANDLED[key] ?? HANDLED[event];
  if (schema === undefined) return { ok: true, action };
  const parsed = schema.safeParse(payload);
  if (parsed.success) return { ok: true, action };
  const [issue] = parsed.error.issues;
  const path = issue === undefined || issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.');
  return { ok: false, reason: `${key} payload: ${path}: ${issue?.message ?? 'invalid'}` };
}
