/** Test-side state changes that bypass HTTP: repositories, human pushes, branch moves, installations. */
import { ZERO_SHA } from './git-objects.js';
import type { FlatEntry } from './git-store.js';
import { branchHead, branchRef, writeRef } from './refs.js';
import type { Account, FakeState, Permissions, RepoState } from './state.js';

/** File content, or a mode (executable, symlink) with content, or a submodule pointing at a commit sha. */
export type FileSpec =
  | string
  | Uint8Array
  | { readonly content: string | Uint8Array; readonly mode?: '100644' | '100755' | '120000' }
  | { readonly submodule: string };

export interface CreateRepoSpec {
  readonly owner: string;
  readonly repo: string;
  /** Committed as one initial commit by the human user (an empty record gives a commit with an empty tree). */
  readonly files?: Readonly<Record<string, FileSpec>>;
  readonly defaultBranch?: string;
  readonly archived?: boolean;
  readonly disabled?: boolean;
  readonly fork?: boolean;
  readonly private?: boolean;
  readonly ownerType?: 'User' | 'Organization';
  /** Who may be assigned or requested for review; omitted = anyone. */
  readonly collaborators?: readonly string[];
  readonly teams?: readonly string[];
}

export interface RepoInfo {
  readonly owner: string;
  readonly repo: string;
  readonly fullName: string;
  readonly id: number;
  readonly nodeId: string;
  readonly defaultBranch: string;
  readonly headSha: string;
}

export interface PushCommitSpec {
  readonly owner: string;
  readonly repo: string;
  readonly branch: string;
  readonly files?: Readonly<Record<string, FileSpec>>;
  readonly deletions?: readonly string[];
  /** 'human' (default): an unsigned commit by human-dev; 'app': a signed commit by the app's bot. */
  readonly author?: 'human' | 'app';
  readonly message?: string;
  /** Parent for a new branch (sha or branch name); defaults to the branch's head, else the default branch. */
  readonly from?: string;
}

export interface PushResult {
  readonly sha: string;
  /** The branch head before the push, or the zero sha for a new branch (as in push webhooks). */
  readonly before: string;
}

function toEntry(repo: RepoState, spec: FileSpec): FlatEntry {
  if (typeof spec === 'string' || spec instanceof Uint8Array)
    return { mode: '100644', type: 'blob', sha: repo.git.putBlob(typeof spec === 'string' ? Buffer.from(spec, 'utf8') : spec) };
  if ('submodule' in spec) return { mode: '160000', type: 'commit', sha: spec.submodule };
  const bytes = typeof spec.content === 'string' ? Buffer.from(spec.content, 'utf8') : spec.content;
  return { mode: spec.mode ?? '100644', type: 'blob', sha: repo.git.putBlob(bytes) };
}

function personOf(state: FakeState, account: Account): { name: string; email: string; date: string } {
  return {
    name: account.type === 'Bot' ? account.login : 'Human Dev',
    email: `${account.id}+${account.login}@users.noreply.github.com`,
    date: state.timestamp(),
  };
}

function commitFiles(
  state: FakeState,
  repo: RepoState,
  parent: string | undefined,
  spec: Pick<PushCommitSpec, 'files' | 'deletions' | 'author' | 'message'>,
): string {
  const files = parent === undefined ? new Map<string, FlatEntry>() : repo.git.flatten(repo.git.requireCommit(parent).tree);
  for (const path of spec.deletions ?? []) {
    if (!files.delete(path)) throw new Error(`fake GitHub: cannot delete ${path} in ${repo.owner.login}/${repo.name}: no such file`);
  }
  for (const [path, file] of Object.entries(spec.files ?? {})) files.set(path, toEntry(repo, file));
  const app = spec.author === 'app';
  const account = app ? state.app.bot : state.human;
  const person = personOf(state, account);
  const committer = app ? { name: 'GitHub', email: 'noreply@github.com', date: person.date } : person;
  return repo.git.putCommit({
    tree: repo.git.buildTree(files),
    parents: parent === undefined ? [] : [parent],
    message: spec.message ?? (app ? 'chore: app commit' : 'Update files'),
    author: person,
    committer,
    verified: app,
    authorLogin: account.login,
    committerLogin: app ? 'web-flow' : account.login,
  }).sha;
}

export function createRepo(state: FakeState, spec: CreateRepoSpec): RepoInfo {
  const key = `${spec.owner}/${spec.repo}`.toLowerCase();
  if (state.repos.has(key)) throw new Error(`fake GitHub: repository ${spec.owner}/${spec.repo} already exists`);
  const owner = state.account(spec.owner, spec.ownerType ?? 'Organization');
  const repo = state.newRepoState(owner, spec.repo, spec.defaultBranch ?? 'main');
  repo.archived = spec.archived ?? false;
  repo.disabled = spec.disabled ?? false;
  repo.fork = spec.fork ?? false;
  repo.private = spec.private ?? true;
  repo.collaborators = spec.collaborators && new Set(spec.collaborators.map((login) => login.toLowerCase()));
  repo.teams = spec.teams && new Set(spec.teams.map((slug) => slug.toLowerCase()));
  const sha = commitFiles(state, repo, undefined, { files: spec.files ?? {}, message: 'Initial commit' });
  state.repos.set(key, repo);
  writeRef(state, repo, branchRef(repo.defaultBranch), sha);
  return {
    owner: owner.login,
    repo: repo.name,
    fullName: `${owner.login}/${repo.name}`,
    id: repo.id,
    nodeId: repo.nodeId,
    defaultBranch: repo.defaultBranch,
    headSha: sha,
  };
}

/** A push straight to a branch (creating it when missing), as a developer would `git push`. */
export function pushCommit(state: FakeState, spec: PushCommitSpec): PushResult {
  const repo = state.requireRepo(spec.owner, spec.repo);
  const before = branchHead(repo, spec.branch);
  const fromSha =
    spec.from === undefined ? undefined : (branchHead(repo, spec.from) ?? (repo.git.commits.has(spec.from) ? spec.from : undefined));
  if (spec.from !== undefined && fromSha === undefined)
    throw new Error(`fake GitHub: push from ${spec.from}: no such branch or commit in ${spec.owner}/${spec.repo}`);
  const parent = fromSha ?? before ?? branchHead(repo, repo.defaultBranch);
  const sha = commitFiles(state, repo, parent, spec);
  writeRef(state, repo, branchRef(spec.branch), sha);
  return { sha, before: before ?? ZERO_SHA };
}

/** Points a branch at any commit (a force push); creates the branch when missing. */
export function setBranch(state: FakeState, spec: { owner: string; repo: string; branch: string; sha: string }): void {
  const repo = state.requireRepo(spec.owner, spec.repo);
  if (!repo.git.commits.has(spec.sha)) throw new Error(`fake GitHub: ${spec.sha} is not a commit in ${spec.owner}/${spec.repo}`);
  writeRef(state, repo, branchRef(spec.branch), spec.sha);
}

export function deleteBranch(state: FakeState, spec: { owner: string; repo: string; branch: string }): void {
  const repo = state.requireRepo(spec.owner, spec.repo);
  if (branchHead(repo, spec.branch) === undefined) throw new Error(`fake GitHub: no branch ${spec.branch} in ${spec.owner}/${spec.repo}`);
  writeRef(state, repo, branchRef(spec.branch), null);
}

export interface AddInstallationSpec {
  readonly id: number;
  readonly account: string;
  readonly accountType?: 'User' | 'Organization';
  /** 'all' (default) or the names of selected repositories in the account. */
  readonly repos?: 'all' | readonly string[];
  /** Defaults to app.yml's: metadata read, contents/pull_requests/checks write (no workflows). */
  readonly permissions?: Permissions;
  readonly events?: readonly string[];
}

export const DEFAULT_PERMISSIONS: Permissions = { metadata: 'read', contents: 'write', pull_requests: 'write', checks: 'write' };

export function addInstallation(state: FakeState, spec: AddInstallationSpec): void {
  if (state.installations.has(spec.id)) throw new Error(`fake GitHub: installation ${spec.id} already exists`);
  const account = state.account(spec.account, spec.accountType ?? 'Organization');
  const selected = spec.repos === undefined || spec.repos === 'all' ? undefined : spec.repos;
  state.installations.set(spec.id, {
    id: spec.id,
    account,
    createdAt: state.timestamp(),
    repositorySelection: selected ? 'selected' : 'all',
    repos: new Set((selected ?? []).map((name) => name.toLowerCase())),
    permissions: { ...(spec.permissions ?? DEFAULT_PERMISSIONS) },
    events: [...(spec.events ?? ['push', 'pull_request', 'installation_repositories'])],
    suspendedAt: null,
  });
}
