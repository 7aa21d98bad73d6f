/**
 * Who the App is on GitHub, to tell its own pushes from everyone else's: its bot login
 * `<slug>[bot]`, from `GET /app` (asked once with the App's JWT, then remembered; a failed
 * ask is asked again next time).
 */
export type OwnLogin = () => Promise<string | undefined>;

export function createOwnLogin(askSlug: () => Promise<string | undefined>): OwnLogin {
  let known: Promise<string | undefined> | undefined;
  return async () => {
    known ??= askSlug().then((slug) => (slug === undefined || slug === '' ? undefined : `${slug}[bot]`));
    try {
      const login = await known;
      if (login === undefined) known = undefined;
      return login;
    } catch {
      known = undefined;
      return undefined;
    }
  };
}

/** The parts of a `pull_request` webhook that say what changed and who did it. */
export interface PullEventSummary {
  readonly action: string;
  readonly sender?: { readonly login?: string; readonly type?: string } | null;
}

/**
 * Whether a pull request event changes what a scan would decide, so the repository's stored
 * scan state must go (issue 13): closing and reopening always; a push to the branch unless the
 * App made it. Only the App's own login counts as the App: Dependabot, Renovate or a workflow
 * (`github-actions[bot]`) pushing to an App branch are people as far as the lifecycle goes
 * (the branch becomes theirs), so their pushes forget the state like a human's. A bot sender
 * whose login can't be compared (GET /app failed) counts as someone else: forgetting the state
 * costs one full scan, keeping it wrongly would hide the change until the state expires.
 */
export async function changesPulls(event: PullEventSummary, ownLogin: OwnLogin): Promise<boolean> {
  if (event.action === 'closed' || event.action === 'reopened') return true;
  if (event.action !== 'synchronize') return false;
  // Only a bot can be the App: a user's push is someone else's without asking GitHub who the App is.
  if (event.sender?.type !== 'Bot' || event.sender.login === undefined) return true;
  const own = await ownLogin();
  return own === undefined || own.toLowerCase() !== event.sender.login.toLowerCase();
}
