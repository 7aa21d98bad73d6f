import { attempt, isStatus } from './errors.js';
import type { GitHubClient, RepoRef } from './types.js';

/**
 * Labels, reviewers and assignees from the repository's config. These decorate a PR that already
 * exists, so a name GitHub will not accept (a reviewer who is not a collaborator, say) is
 * reported back for a warning instead of failing the run.
 */

/**
 * Labels that must say what they mean from the first PR on (a warning, issue 12's explanations):
 * created with colour and description when missing, at one more request, only on the rare PR
 * that carries one. The everyday labels are left for GitHub to create as they are added.
 */
const DESCRIBED_LABELS: Readonly<Record<string, { readonly color: string; readonly description: string }>> = {
  'pinbot:tag-moved': {
    color: 'd93f0b',
    description: 'Added by pinbot: a tag that reads like a fixed release points to a different image now',
  },
};

/**
 * Adds labels to a PR. GitHub creates a label the repository lacks as it adds it (grey, no
 * description), so there is no listing and no separate create: one content-creating request,
 * where creating each missing label first cost one more each, against GitHub's 80 a minute and
 * 500 an hour (issue 13). A maintainer can recolour the label; it is never recreated.
 *
 * Cost: 0 with no labels; else 1 request, + 1 per label of DESCRIBED_LABELS among them.
 */
export async function addLabels(octokit: GitHubClient, repo: RepoRef, number: number, labels: readonly string[]): Promise<void> {
  if (labels.length === 0) return;
  for (const name of labels) {
    const described = DESCRIBED_LABELS[name.toLowerCase()];
    if (described === undefined) continue;
    try {
      await attempt(() => octokit.rest.issues.createLabel({ owner: repo.owner, repo: repo.repo, name, ...described }), name);
    } catch (error) {
      // It exists already (as it will after the first time): that is what we wanted.
      if (!isStatus(error, 422, /already_exists/)) throw error;
    }
  }
  await attempt(() => octokit.rest.issues.addLabels({ owner: repo.owner, repo: repo.repo, issue_number: number, labels: [...labels] }));
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
