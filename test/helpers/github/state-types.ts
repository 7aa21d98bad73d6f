/** Shapes of what the fake GitHub stores per account, repository, pull request, installation and token. */
import type { GitStore } from './git-store.js';

export type PermissionLevel = 'read' | 'write';
export type Permissions = Readonly<Record<string, PermissionLevel>>;

export interface Account {
  readonly login: string;
  readonly id: number;
  readonly nodeId: string;
  readonly type: 'User' | 'Organization' | 'Bot';
}

export interface PullState {
  readonly number: number;
  readonly id: number;
  readonly nodeId: string;
  readonly user: Account;
  readonly createdAt: string;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  readonly headRef: string;
  /** Follows the head branch while the PR is open; frozen once it is closed. */
  headSha: string;
  baseRef: string;
  draft: boolean;
  updatedAt: string;
  closedAt: string | null;
  mergedAt: string | null;
  mergedBy: Account | null;
  mergeCommitSha: string | null;
  labels: string[];
  assignees: string[];
  requestedReviewers: string[];
  requestedTeams: string[];
}

export interface CommentState {
  readonly id: number;
  readonly nodeId: string;
  readonly issueNumber: number;
  readonly user: Account;
  readonly createdAt: string;
  body: string;
  updatedAt: string;
}

export interface LabelState {
  readonly id: number;
  readonly nodeId: string;
  name: string;
  color: string;
  description: string | null;
}

export interface CheckRunOutput {
  title: string | null;
  summary: string | null;
  text: string | null;
}

/** One line-level note on a check run (REST `output.annotations[]`). */
export interface CheckAnnotationState {
  readonly path: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly startColumn: number | null;
  readonly endColumn: number | null;
  readonly level: string;
  readonly message: string;
  readonly title: string | null;
  readonly rawDetails: string | null;
}

export interface CheckRunState {
  readonly id: number;
  readonly nodeId: string;
  readonly headSha: string;
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  startedAt: string;
  completedAt: string | null;
  output: CheckRunOutput;
  /** Every annotation sent, in order: each create or update appends its (at most 50). */
  readonly annotations: CheckAnnotationState[];
  detailsUrl: string | null;
  externalId: string | null;
}

export interface RepoState {
  readonly id: number;
  readonly nodeId: string;
  readonly owner: Account;
  readonly name: string;
  readonly createdAt: string;
  defaultBranch: string;
  archived: boolean;
  disabled: boolean;
  fork: boolean;
  private: boolean;
  pushedAt: string;
  readonly git: GitStore;
  /** Full ref name (`refs/heads/main`) → commit sha. */
  readonly refs: Map<string, string>;
  readonly pulls: Map<number, PullState>;
  readonly comments: CommentState[];
  /** Keyed by lower-cased name: GitHub label names are case-insensitive. */
  readonly labels: Map<string, LabelState>;
  readonly checkRuns: CheckRunState[];
  nextNumber: number;
  /** Users who may be assigned or asked for review; undefined = anyone. */
  collaborators: ReadonlySet<string> | undefined;
  teams: ReadonlySet<string> | undefined;
  /** Entry count above which a recursive tree listing is cut short with `truncated: true` (GitHub: 100,000). */
  treeEntryLimit: number;
}

export interface InstallationState {
  readonly id: number;
  readonly account: Account;
  readonly createdAt: string;
  repositorySelection: 'all' | 'selected';
  /** Lower-cased repository names (within the account) when the selection is 'selected'. */
  readonly repos: Set<string>;
  permissions: Permissions;
  events: string[];
  suspendedAt: string | null;
}

export interface TokenGrant {
  readonly token: string;
  readonly installationId: number;
  readonly expiresAt: Date;
  readonly permissions: Permissions;
  /** Lower-cased full names the token may reach, or 'installation' for whatever the installation covers. */
  readonly repos: ReadonlySet<string> | 'installation';
}

export interface AppInfo {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  readonly owner: Account;
  readonly bot: Account;
  /** When set, app JWTs must verify against it (RS256). */
  readonly publicKeyPem: string | undefined;
}

export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Epoch seconds when `remaining` refills. */
  resetAt: number;
}
