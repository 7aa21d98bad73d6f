import { attempt, isStatus } from './errors.js';
import type { GitHubClient, RepoRef } from './types.js';

/**
 * Labels, reviewers and assignees from the repository's config. These decorate a PR that already
 * exists, so a name GitHub will not accept (a reviewer who is not a collaborator, say) is
 * reported back for a warning instead of failing the run.
 */

/** Colours for the default labels; any other label gets GitHub's neutral grey. */
const LABEL_COLOURS: Readonly<Record<string, string>> = { dependencies: '0366d6', docker: '21ceff', 'pinbot:tag-moved': 'd93f0b' };
const LABEL_DESCRIPTIONS: Readonly<Record<string, string>> = {
  'pinbot:tag-moved': 'Added by pinbot: a tag that reads like a fixed release points to a different image now',
};
const DEFAULT_COLOUR = 'ededed';

export interface LabelsOutcome {
  /** Labels that did not exist in the repository and were created. */
  readonly created: readonly string[];
}

/**
 * Adds labels to a PR, first creating the ones the repository lacks (GitHub would otherwise
 * create them without colour or description). Label names match case-insensitively, as on GitHub.
 *
 * Cost: 0 with no labels; else one request per 100 repository labels, + 1 per missing label, + 1.
 */
export async function addLabels(octokit: GitHubClient, repo: RepoRef, number: number, labels: readonly string[]): Promise<LabelsOutcome> {
  if (labels.length === 0) return { created: [] };
  const existing = await attempt(() =>
    octokit.paginate(octokit.rest.issues.listLabelsForRepo, { owner: repo.owner, repo: repo.repo, per_page: 100 }),
  );
  const known = new Set(existing.map((label) => label.name.toLowerCase()));
  const created: string[] = [];
  for (const name of labels) {
    if (known.has(name.toLowerCase())) continue;
    try {
      await attempt(
        () =>
          octokit.rest.issues.createLabel({
            owner: repo.owner,
            repo: repo.repo,
            name,
            color: LABEL_COLOURS[name.toLowerCase()] ?? DEFAULT_COLOUR,
            description: LABEL_DESCRIPTIONS[name.toLowerCase()] ?? 'Added by pinbot to pull requests that update pinned image digests',
          }),
        name,
      );
      created.push(name);
    } catch (error) {
      // Someone (or a concurrent run) created it after the list was read: that is what we wanted.
      if (!isStatus(error, 422, /already_exists/)) throw error;
    }
    known.add(name.toLowerCase());
  }
  await attempt(() => octokit.rest.issues.addLabels({ owner: repo.owner, repo: repo.repo, issue_number: number, labels: [...labels] }));
  return { created };
}

export interface ReviewersOutcome {
  /** Users and teams (`team:<slug>`) now requested. */
  readonly requested: readonly string[];
  /** Names GitHub refused, each with its reason, for a warning. */
  readonly rejected: readonly { readonly name: string; readonly reason: string }[];
}

/**
 * Requests reviews from users and teams (team slugs; an `owner/` prefix is dropped). GitHub
 * refuses the whole request with 422 when one name is not a collaborator, so after a 422 each
 * name is requested on its own to find which ones were the problem.
 *
 * Cost: 0 with no names; 1 request; after a 422 with several names, + 1 per name.
 */
export async function requestReviewers(
  octokit: GitHubClient,
  repo: RepoRef,
  number: number,
  who: { readonly reviewers: readonly string[]; readonly teamReviewers: readonly string[] },
): Promise<ReviewersOutcome> {
  const users = [...who.reviewers];
  const teams = who.teamReviewers.map((team) => teamSlug(team, repo.owner));
  const names = [...users, ...teams.map((team) => `team:${team}`)];
  if (names.length === 0) return { requested: [], rejected: [] };

  const request = (reviewers: string[], team_reviewers: string[]) =>
    attempt(() =>
      octokit.rest.pulls.requestReviewers({ owner: repo.owner, repo: repo.repo, pull_number: number, reviewers, team_reviewers }),
    );

  try {
    await request(users, teams);
    return { requested: names, rejected: [] };
  } catch (error) {
    if (!isStatus(error, 422)) throw error;
    if (names.length === 1) return { requested: [], rejected: [{ name: names[0] as string, reason: error.detail }] };
  }

  const requested: string[] = [];
  const rejected: { name: string; reason: string }[] = [];
  for (const [name, call] of [
    ...users.map((user) => [user, () => request([user], [])] as const),
    ...teams.map((team) => [`team:${team}`, () => request([], [team])] as const),
  ]) {
    try {
      await call();
      requested.push(name);
    } catch (error) {
      if (!isStatus(error, 422)) throw error;
      rejected.push({ name, reason: error.detail });
    }
  }
  return { requested, rejected };
}

function teamSlug(team: string, owner: string): string {
  const prefix = `${owner.toLowerCase()}/`;
  return team.toLowerCase().startsWith(prefix) ? team.slice(prefix.length) : team;
}

export interface AssigneesOutcome {
  readonly assigned: readonly string[];
  /** Logins GitHub silently left out (not assignable in this repository). */
  readonly ignored: readonly string[];
}

/** Cost: 0 with no assignees, else 1 request. */
export async function addAssignees(
  octokit: GitHubClient,
  repo: RepoRef,
  number: number,
  assignees: readonly string[],
): Promise<AssigneesOutcome> {
  if (assignees.length === 0) return { assigned: [], ignored: [] };
  const { data } = await attempt(() =>
    octokit.rest.issues.addAssignees({ owner: repo.owner, repo: repo.repo, issue_number: number, assignees: [...assignees] }),
  );
  const now = new Set((data.assignees ?? []).map((user) => user.login.toLowerCase()));
  return {
    assigned: assignees.filter((login) => now.has(login.toLowerCase())),
    ignored: assignees.filter((login) => !now.has(login.toLowerCase())),
  };
}
