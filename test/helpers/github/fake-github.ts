/**
 * A stateful in-process fake of GitHub for tests and benchmarks: REST under `/` and `/api/v3/`, the
 * `updateRefs` GraphQL mutation, and a test-side API that seeds and inspects state without HTTP.
 * See README.md for usage.
 */
import { FaultPlan } from './faults.js';
import { HoldPlan, type Hold } from './holds.js';
import { graphqlRoutes } from './graphql.js';
import { FakeGitHubView } from './fake-view.js';
import { requirePullState } from './inspect.js';
import { closePullRequest, mergePullRequest, openPull, type MergeMethod } from './pull-ops.js';
import { HttpFailure } from './http.js';
import { RequestLog } from './request-log.js';
import { compileRoutes } from './router.js';
import { appRoutes } from './routes-app.js';
import { checkRoutes } from './routes-checks.js';
import { contentRoutes } from './routes-contents.js';
import { gitRoutes } from './routes-git.js';
import { issueRoutes } from './routes-issues.js';
import { pullRoutes } from './routes-pulls.js';
import { refRoutes } from './routes-refs.js';
import { repoRoutes } from './routes-repos.js';
import * as seed from './seed.js';
import { startServer, type RunningServer } from './server.js';
import { FakeState, type Permissions } from './state.js';

export interface FakeGitHubOptions {
  readonly appId?: number;
  readonly appSlug?: string;
  readonly appName?: string;
  /** PEM public key of the app; when given, app JWTs must carry a valid RS256 signature. */
  readonly appPublicKeyPem?: string;
  /** Core rate limit per hour (default 5000). */
  readonly rateLimit?: number;
  readonly now?: () => Date;
}

// Order matters where templates overlap: `commits/{ref}/check-runs` before `commits/{ref}`.
const ROUTES = compileRoutes([
  ...appRoutes,
  ...graphqlRoutes,
  ...checkRoutes,
  ...contentRoutes,
  ...refRoutes,
  ...gitRoutes,
  ...pullRoutes,
  ...issueRoutes,
  ...repoRoutes,
]);

/** Runs a shared pull-request operation for the test side, turning GitHub-style refusals into plain errors. */
function asTestError<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof HttpFailure) throw new Error(`fake GitHub: ${what}: ${JSON.stringify(error.reply.body)}`, { cause: error });
    throw error;
  }
}

export class FakeGitHub extends FakeGitHubView {
  /** `127.0.0.1:PORT`, the value for GHE_HOST. */
  readonly host: string;
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** `http://127.0.0.1:PORT/api/v3`, Octokit's baseUrl for GHES. */
  readonly apiUrl: string;

  private constructor(
    state: FakeState,
    log: RequestLog,
    private readonly faults: FaultPlan,
    private readonly holds: HoldPlan,
    private readonly server: RunningServer,
  ) {
    super(state, log);
    this.host = `127.0.0.1:${server.port}`;
    this.url = `http://${this.host}`;
    this.apiUrl = `${this.url}/api/v3`;
  }

  static async start(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
    const state = new FakeState(options.now ?? (() => new Date()), {
      appId: options.appId ?? 4242,
      appSlug: options.appSlug ?? 'pinbot',
      appName: options.appName ?? 'pinbot',
      publicKeyPem: options.appPublicKeyPem,
      rateLimit: options.rateLimit ?? 5000,
    });
    const log = new RequestLog();
    const faults = new FaultPlan();
    const holds = new HoldPlan();
    const server = await startServer({ state, routes: ROUTES, log, faults, holds });
    return new FakeGitHub(state, log, faults, holds, server);
  }

  get port(): number {
    return this.server.port;
  }

  get appId(): number {
    return this.state.app.id;
  }

  /** The app's bot login, e.g. `pinbot[bot]`. */
  get botLogin(): string {
    return this.state.app.bot.login;
  }

  stop(): Promise<void> {
    this.holds.releaseAll();
    return this.server.close();
  }

  // Seeding -----------------------------------------------------------------------------------------

  createRepo(spec: seed.CreateRepoSpec): seed.RepoInfo {
    return seed.createRepo(this.state, spec);
  }

  pushCommit(spec: seed.PushCommitSpec): seed.PushResult {
    return seed.pushCommit(this.state, spec);
  }

  setBranch(spec: { owner: string; repo: string; branch: string; sha: string }): void {
    seed.setBranch(this.state, spec);
  }

  deleteBranch(spec: { owner: string; repo: string; branch: string }): void {
    seed.deleteBranch(this.state, spec);
  }

  setRepoFlags(
    owner: string,
    repo: string,
    flags: { archived?: boolean; disabled?: boolean; fork?: boolean; defaultBranch?: string },
  ): void {
    Object.assign(this.repo(owner, repo), Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined)));
  }

  /** Recursive tree listings longer than `limit` entries come back cut short with `truncated: true`. */
  setTreeEntryLimit(owner: string, repo: string, limit: number): void {
    this.repo(owner, repo).treeEntryLimit = limit;
  }

  addInstallation(spec: seed.AddInstallationSpec): void {
    seed.addInstallation(this.state, spec);
  }

  setInstallationPermissions(id: number, permissions: Permissions): void {
    this.state.requireInstallation(id).permissions = { ...permissions };
  }

  addRepositoriesToInstallation(id: number, repos: readonly string[]): void {
    const installation = this.state.requireInstallation(id);
    installation.repositorySelection = 'selected';
    for (const name of repos) installation.repos.add(name.toLowerCase());
  }

  suspendInstallation(id: number): void {
    this.state.requireInstallation(id).suspendedAt = this.state.timestamp();
  }

  /** A PR opened by a person (default) or by the app's bot, with GitHub's validations. */
  createPull(spec: {
    owner: string;
    repo: string;
    head: string;
    base?: string;
    title: string;
    body?: string;
    by?: 'human' | 'app';
  }): number {
    const repo = this.repo(spec.owner, spec.repo);
    const user = spec.by === 'app' ? this.state.app.bot : this.state.human;
    return asTestError('createPull', () =>
      openPull(this.state, repo, {
        head: spec.head,
        base: spec.base ?? repo.defaultBranch,
        title: spec.title,
        body: spec.body ?? null,
        draft: false,
        user,
      }),
    ).number;
  }

  /** Merges like a maintainer pressing the button; returns the new base head sha. */
  mergePull(spec: { owner: string; repo: string; number: number; method?: MergeMethod }): string {
    const repo = this.repo(spec.owner, spec.repo);
    const pull = requirePullState(repo, spec.number);
    return asTestError('mergePull', () => mergePullRequest(this.state, repo, pull, this.state.human, { method: spec.method ?? 'merge' }));
  }

  closePull(spec: { owner: string; repo: string; number: number; deleteBranch?: boolean }): void {
    const repo = this.repo(spec.owner, spec.repo);
    const pull = requirePullState(repo, spec.number);
    closePullRequest(this.state, pull);
    if (spec.deleteBranch) seed.deleteBranch(this.state, { owner: spec.owner, repo: spec.repo, branch: pull.headRef });
  }

  setRateLimit(spec: { remaining: number; limit?: number; resetAt?: Date }): void {
    const rate = this.state.rateLimit;
    rate.limit = spec.limit ?? rate.limit;
    rate.remaining = spec.remaining;
    if (spec.resetAt) rate.resetAt = Math.floor(spec.resetAt.getTime() / 1000);
  }

  /** false: GraphQL answers `updateRefs` like a GHES that predates it (an undefinedField error). */
  setUpdateRefsSupported(supported: boolean): void {
    this.state.supportsUpdateRefs = supported;
  }

  /** The next `times` requests matching method (`*` = any) and path (decoded path, route template or RegExp) fail with `status`. */
  failNext(method: string, path: string | RegExp, status: number, times = 1, message?: string): void {
    this.faults.add(method, path, status, times, message);
  }

  /**
   * The next request matching method (`*` = any) and path (decoded path, route template or RegExp)
   * waits, unanswered and not yet run, until `release()`; `reached` resolves when it arrives.
   */
  holdNext(method: string, path: string | RegExp): Hold {
    return this.holds.add(method, path);
  }
}

export function startFakeGitHub(options?: FakeGitHubOptions): Promise<FakeGitHub> {
  return FakeGitHub.start(options);
}
