import { updatePull } from '../github/pulls.js';
import type { GitHubClient, RepoRef } from '../github/types.js';
import { renderMarker } from '../pr/marker.js';
import type { PrMarker } from '../pr/types.js';
import type { OpenAppPull } from './decide.js';
import type { AppLogger } from '../telemetry/logger.js';

/**
 * Writing an open app PR's title and body. A closed PR's marker is the record of what a reviewer
 * declined, so it must keep saying what the reviewer saw: when GitHub answers that the PR was
 * closed (or merged) while this run worked on it, its previous text is put back.
 */

export interface PullTextDeps {
  readonly octokit: GitHubClient;
  readonly log: AppLogger;
}

/** True when the PR took the new text and is still open. Cost: 1 request; 2 when it had been closed. */
export async function editOpenPull(
  deps: PullTextDeps,
  repo: RepoRef,
  pull: OpenAppPull,
  content: { readonly title: string; readonly body: string; readonly base?: string },
): Promise<boolean> {
  const { state } = await updatePull(deps.octokit, repo, pull.number, content);
  if (state === 'open') return true;
  if (pull.body !== undefined) await updatePull(deps.octokit, repo, pull.number, { title: pull.title ?? content.title, body: pull.body });
  deps.log.warn({ pull: pull.number }, 'pull request closed while pinbot was updating it; its text restored');
  return false;
}

/** Replaces the PR's marker in place (appends it when the body lost it); the rest of the body stays. */
export function rewriteMarker(deps: PullTextDeps, repo: RepoRef, pull: OpenAppPull, marker: PrMarker): Promise<boolean> {
  const body = pull.body ?? '';
  const oldMarker = renderMarker(pull.marker);
  const nextBody = body.includes(oldMarker) ? body.replace(oldMarker, renderMarker(marker)) : `${body}\n\n${renderMarker(marker)}`;
  return editOpenPull(deps, repo, pull, { title: pull.title ?? '', body: nextBody });
}
