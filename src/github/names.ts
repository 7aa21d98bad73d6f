/**
 * GitHub's rules for account and repository names, so a name from a webhook payload, an
 * installation listing or a config `_extends` can be checked before it becomes part of a URL
 * (issue 8, finding 12: an owner `..` in a payload sent a request to
 * `/../../..%2fadmin/git/ref/heads/main`, outside `/repos/`). Pure.
 */

/** Logins are letters, digits and hyphens, at most 39 characters (github.com's sign-up rule). */
const OWNER = /^[A-Za-z0-9-]{1,39}$/;
/** Repository names are letters, digits, `.`, `_` and `-`, at most 100 characters. */
const REPO = /^[A-Za-z0-9._-]{1,100}$/;

/** Why `owner` can't be a GitHub account name, or undefined when it can. */
export function ownerNameProblem(owner: unknown): string | undefined {
  if (typeof owner !== 'string' || !OWNER.test(owner)) return 'is not a GitHub account name (letters, digits and -, at most 39)';
  return undefined;
}

/** Why `repo` can't be a GitHub repository name, or undefined when it can. `.` and `..` are path segments, never names. */
export function repoNameProblem(repo: unknown): string | undefined {
  if (typeof repo !== 'string' || !REPO.test(repo) || repo === '.' || repo === '..') {
    return 'is not a GitHub repository name (letters, digits, ., _ and -, at most 100; not . or ..)';
  }
  return undefined;
}

export function isOwnerName(owner: unknown): owner is string {
  return ownerNameProblem(owner) === undefined;
}

export function isRepoName(repo: unknown): repo is string {
  return repoNameProblem(repo) === undefined;
}

/** `owner/repo` split into valid names, or undefined. */
export function parseFullName(fullName: string): { readonly owner: string; readonly repo: string } | undefined {
  const parts = fullName.split('/');
  if (parts.length !== 2) return undefined;
  const [owner, repo] = parts;
  return isOwnerName(owner) && isRepoName(repo) ? { owner, repo } : undefined;
}

/**
 * A branch name git would accept for a ref we read or write (`git check-ref-format --branch`,
 * less the rarely used corners): no `..`, no control characters, space, `~^:?*[\`, no `@{`,
 * no empty, `.`-leading or `.lock`-ending component, not `@`, at most 255 bytes.
 */
export function isBranchName(branch: unknown): branch is string {
  if (typeof branch !== 'string' || branch === '' || branch === '@' || Buffer.byteLength(branch) > 255) return false;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u0020\u007f~^:?*[\\]|\.\.|@\{|\/\/|^\/|\/$|\.$/.test(branch)) return false;
  return branch.split('/').every((component) => !component.startsWith('.') && !component.endsWith('.lock'));
}

/** Why a repository to scan can't be asked about: its owner, name or default branch breaks GitHub's rules. */
export function repositoryNameProblem(target: {
  readonly owner: string;
  readonly repo: string;
  readonly defaultBranch?: string;
}): string | undefined {
  const owner = ownerNameProblem(target.owner);
  if (owner !== undefined) return `owner ${JSON.stringify(target.owner.slice(0, 60))} ${owner}`;
  const repo = repoNameProblem(target.repo);
  if (repo !== undefined) return `repository ${JSON.stringify(target.repo.slice(0, 100))} ${repo}`;
  if (target.defaultBranch !== undefined && !isBranchName(target.defaultBranch))
    return 'the default branch name is not a valid git branch name';
  return undefined;
}
