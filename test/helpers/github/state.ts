/** Everything the fake GitHub remembers: accounts, repositories (git objects, refs, PRs, comments, labels, check runs), installations, tokens. */
import { GitStore } from './git-store.js';
import type { Account, AppInfo, InstallationState, RateLimitState, RepoState, TokenGrant } from './state-types.js';

export type * from './state-types.js';

export function nodeId(prefix: string, id: number): string {
  return `${prefix}_kwDO${Buffer.from(String(id)).toString('base64url')}`;
}

export function fullNameKey(owner: string, repo: string): string {
  return `${owner}/${repo}`.toLowerCase();
}

export class FakeState {
  readonly accounts = new Map<string, Account>();
  readonly repos = new Map<string, RepoState>();
  readonly installations = new Map<number, InstallationState>();
  readonly tokens = new Map<string, TokenGrant>();
  readonly app: AppInfo;
  /** The account behind `author: 'human'` commits, test-side PRs and merges. */
  readonly human: Account;
  readonly rateLimit: RateLimitState;
  supportsUpdateRefs = true;
  private lastId = 1000;

  constructor(
    readonly now: () => Date,
    options: { appId: number; appSlug: string; appName: string; publicKeyPem: string | undefined; rateLimit: number },
  ) {
    const bot = this.account(`${options.appSlug}[bot]`, 'Bot');
    this.app = {
      id: options.appId,
      slug: options.appSlug,
      name: options.appName,
      owner: this.account('pinbot-dev', 'Organization'),
      bot,
      publicKeyPem: options.publicKeyPem,
    };
    this.human = this.account('human-dev', 'User');
    this.account('web-flow', 'User'); // GitHub's committer identity on commits it signs
    this.rateLimit = { limit: options.rateLimit, remaining: options.rateLimit, resetAt: this.epochSeconds() + 3600 };
  }

  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  /** Second-precision ISO time, as GitHub prints it. */
  timestamp(): string {
    return this.now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  }

  epochSeconds(): number {
    return Math.floor(this.now().getTime() / 1000);
  }

  /** The account with this login, created on first mention (type defaults to Organization). */
  account(login: string, type: Account['type'] = 'Organization'): Account {
    const key = login.toLowerCase();
    const existing = this.accounts.get(key);
    if (existing) return existing;
    const id = this.nextId();
    const prefix = type === 'User' ? 'U' : type === 'Bot' ? 'BOT' : 'O';
    const account: Account = { login, id, nodeId: nodeId(prefix, id), type };
    this.accounts.set(key, account);
    return account;
  }

  repo(owner: string, name: string): RepoState | undefined {
    return this.repos.get(fullNameKey(owner, name));
  }

  /** Test-side lookups fail loudly: a typo in a test should not read as "no data". */
  requireRepo(owner: string, name: string): RepoState {
    const repo = this.repo(owner, name);
    if (!repo) throw new Error(`fake GitHub: no repository ${owner}/${name} (create it with createRepo first)`);
    return repo;
  }

  requireInstallation(id: number): InstallationState {
    const installation = this.installations.get(id);
    if (!installation) throw new Error(`fake GitHub: no installation ${id} (add it with addInstallation first)`);
    return installation;
  }

  /** Installations whose account owns the repo and whose selection includes it. */
  installationFor(repo: RepoState): InstallationState | undefined {
    for (const installation of this.installations.values()) {
      if (installation.account.id !== repo.owner.id) continue;
      if (installation.repositorySelection === 'all' || installation.repos.has(repo.name.toLowerCase())) return installation;
    }
    return undefined;
  }

  installationRepos(installation: InstallationState): RepoState[] {
    return [...this.repos.values()].filter((repo) => this.installationFor(repo)?.id === installation.id);
  }

  newRepoState(owner: Account, name: string, defaultBranch: string): RepoState {
    const id = this.nextId();
    const at = this.timestamp();
    return {
      id,
      nodeId: nodeId('R', id),
      owner,
      name,
      createdAt: at,
      pushedAt: at,
      defaultBranch,
      archived: false,
      disabled: false,
      fork: false,
      private: true,
      git: new GitStore(),
      refs: new Map(),
      pulls: new Map(),
      comments: [],
      labels: new Map(),
      checkRuns: [],
      nextNumber: 1,
      collaborators: undefined,
      teams: undefined,
      treeEntryLimit: 100_000,
    };
  }
}
