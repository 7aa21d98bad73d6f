import { z } from 'zod';
import type { PullRequestPayload } from './pull-request-events.js';

/**
 * One piece of pull request work, as the scaled App keeps it in its queue (issue 13): a replica
 * that received the webhook may die before the repository's lock is free, so the work waits in
 * Redis, not in that replica's memory, and any replica's worker runs it. Only what the handlers
 * read (`PullRequestPayload`) is kept, plus who the work runs as and what it does.
 */
export interface PullRequestWork {
  /** `closed`: tidy the App's branch. `checks`: the config check and the `pinbot / policy` check run. */
  readonly kind: 'closed' | 'checks';
  readonly installationId: number;
  /**
   * Decided when the webhook came (`changesPulls`): the repository's stored scan state is
   * forgotten then, and again once the lock is held, because a scan running meanwhile records
   * its state when it ends.
   */
  readonly forgetScanState: boolean;
  readonly payload: PullRequestPayload;
}

export type PullRequestKind = PullRequestWork['kind'];

/** The handlers' fields of a webhook payload, nothing else (the rest may be large, and is not needed). */
export function pullRequestWork(
  kind: PullRequestKind,
  installationId: number,
  forgetScanState: boolean,
  payload: PullRequestPayload,
): PullRequestWork {
  const { number, merged, body, head, base } = payload.pull_request;
  return {
    kind,
    installationId,
    forgetScanState,
    payload: {
      pull_request: {
        number,
        merged: merged ?? null,
        body,
        head: { ref: head.ref, sha: head.sha, repo: head.repo === null ? null : { full_name: head.repo.full_name } },
        base: {
          sha: base.sha,
          repo: {
            full_name: base.repo.full_name,
            name: base.repo.name,
            owner: base.repo.owner === null ? null : { login: base.repo.owner.login },
          },
        },
      },
    },
  };
}

/** The repository the work is for: the queue's and the lock's key (lowercase `owner/name`). */
export function pullRequestRepository(work: PullRequestWork): string {
  return work.payload.pull_request.base.repo.full_name.toLowerCase();
}

// GitHub's limits: a PR body holds at most 65,536 characters, names and refs far less.
// https://docs.github.com/en/webhooks/webhook-events-and-payloads#pull_request
const name = z.string().min(1).max(1024);
const sha = z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/);

/** A job's data is read back from Redis, which anyone with access to it could have written. */
export const pullRequestWorkSchema = z.object({
  kind: z.enum(['closed', 'checks']),
  installationId: z.number().int().positive(),
  forgetScanState: z.boolean(),
  payload: z.object({
    pull_request: z.object({
      number: z.number().int().positive(),
      merged: z.boolean().nullable(),
      body: z.string().max(262_144).nullable(),
      head: z.object({ ref: name, sha, repo: z.object({ full_name: name }).nullable() }),
      base: z.object({
        sha,
        repo: z.object({ full_name: name, name, owner: z.object({ login: name }).nullable() }),
      }),
    }),
  }),
});
