/**
 * Webhook deliveries for repositories in the fake, shaped like GitHub's payloads, for
 * `probot.receive(delivery)` or for POSTing to a running app with `deliverWebhook`.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { FakeGitHub } from './fake-github.js';
import { commitsBetween, diffTrees, isAncestor } from './git-graph.js';
import { ZERO_SHA } from './git-objects.js';
import { pullDetails } from './pull-ops.js';
import { fileChangeShape } from './shapes-git.js';
import { pullShape } from './shapes-pulls.js';
import { installationShape, repoShape, userShape, type Urls } from './shapes-repo.js';
import type { Account, InstallationState, RepoState } from './state.js';

export type WebhookName = 'installation' | 'installation_repositories' | 'push' | 'pull_request';

export interface WebhookDelivery {
  /** The `X-GitHub-Delivery` id; pass the same id twice to simulate a redelivery. */
  readonly id: string;
  readonly name: WebhookName;
  readonly payload: Record<string, unknown>;
}

function urlsOf(fake: FakeGitHub): Urls {
  return { api: fake.apiUrl, web: fake.url };
}

function coveringInstallation(fake: FakeGitHub, repo: RepoState): InstallationState {
  const installation = fake.state.installationFor(repo);
  if (!installation)
    throw new Error(`fake GitHub: no installation covers ${repo.owner.login}/${repo.name}; add one before building its webhooks`);
  return installation;
}

function installationRef(installation: InstallationState): Record<string, unknown> {
  return { id: installation.id, node_id: `MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u${installation.id}` };
}

function miniRepo(repo: RepoState): Record<string, unknown> {
  return { id: repo.id, node_id: repo.nodeId, name: repo.name, full_name: `${repo.owner.login}/${repo.name}`, private: repo.private };
}

export function installationCreated(fake: FakeGitHub, installationId: number, deliveryId: string = randomUUID()): WebhookDelivery {
  const installation = fake.state.requireInstallation(installationId);
  const urls = urlsOf(fake);
  return {
    id: deliveryId,
    name: 'installation',
    payload: {
      action: 'created',
      installation: installationShape(urls, fake.state, installation),
      repositories: fake.state.installationRepos(installation).map(miniRepo),
      requester: null,
      sender: userShape(urls, fake.state.human),
    },
  };
}

/** `repos` are names in the installation's account; each must already be covered (see addRepositoriesToInstallation). */
export function installationRepositoriesAdded(
  fake: FakeGitHub,
  installationId: number,
  repos: readonly string[],
  deliveryId: string = randomUUID(),
): WebhookDelivery {
  const installation = fake.state.requireInstallation(installationId);
  const added = repos.map((name) => {
    const repo = fake.state.requireRepo(installation.account.login, name);
    if (fake.state.installationFor(repo)?.id !== installationId)
      throw new Error(`fake GitHub: installation ${installationId} does not cover ${installation.account.login}/${name}`);
    return miniRepo(repo);
  });
  const urls = urlsOf(fake);
  return {
    id: deliveryId,
    name: 'installation_repositories',
    payload: {
      action: 'added',
      installation: installationShape(urls, fake.state, installation),
      repository_selection: installation.repositorySelection,
      repositories_added: added,
      repositories_removed: [],
      requester: null,
      sender: userShape(urls, fake.state.human),
    },
  };
}

function pusherOf(fake: FakeGitHub, repo: RepoState, after: string): Account {
  const login = after === ZERO_SHA ? null : repo.git.commits.get(after)?.authorLogin;
  return login === fake.state.app.bot.login ? fake.state.app.bot : fake.state.human;
}

/** A push to `branch` that moved it from `before` (zero sha = created) to its current head (or `after`). */
export function push(
  fake: FakeGitHub,
  spec: { owner: string; repo: string; branch: string; before: string; after?: string; deliveryId?: string },
): WebhookDelivery {
  const repo = fake.state.requireRepo(spec.owner, spec.repo);
  const after = spec.after ?? fake.branchHead(spec.owner, spec.repo, spec.branch) ?? ZERO_SHA;
  const urls = urlsOf(fake);
  const web = `${fake.url}/${repo.owner.login}/${repo.name}`;
  const commits = after === ZERO_SHA ? [] : commitsBetween(repo.git, spec.before === ZERO_SHA ? [] : [spec.before], after).slice(-20);
  const commitPayload = (sha: string): Record<string, unknown> => {
    const commit = repo.git.requireCommit(sha);
    const parent = commit.parents[0];
    const changes = diffTrees(repo.git, parent === undefined ? undefined : repo.git.requireCommit(parent).tree, commit.tree);
    const paths = (status: string): string[] => changes.filter((change) => change.status === status).map((change) => change.path);
    const person = (p: typeof commit.author, login: string | null) => ({
      name: p.name,
      email: p.email,
      ...(login ? { username: login } : {}),
    });
    return {
      id: sha,
      tree_id: commit.tree,
      distinct: true,
      message: commit.message,
      timestamp: commit.committer.date,
      url: `${web}/commit/${sha}`,
      author: person(commit.author, commit.authorLogin),
      committer: person(commit.committer, commit.committerLogin),
      added: paths('added'),
      removed: paths('removed'),
      modified: paths('modified'),
    };
  };
  const pusher = pusherOf(fake, repo, after);
  const epoch = (iso: string): number => Math.floor(Date.parse(iso) / 1000);
  return {
    id: spec.deliveryId ?? randomUUID(),
    name: 'push',
    payload: {
      ref: `refs/heads/${spec.branch}`,
      before: spec.before,
      after,
      created: spec.before === ZERO_SHA,
      deleted: after === ZERO_SHA,
      forced: spec.before !== ZERO_SHA && after !== ZERO_SHA && !isAncestor(repo.git, spec.before, after),
      base_ref: null,
      compare: `${web}/compare/${spec.before.slice(0, 12)}...${after.slice(0, 12)}`,
      commits: commits.map((commit) => commitPayload(commit.sha)),
      head_commit: after === ZERO_SHA ? null : commitPayload(after),
      // Push payloads carry the repository with integer timestamps and an owner with name/email.
      repository: {
        ...repoShape(urls, repo),
        created_at: epoch(repo.createdAt),
        pushed_at: epoch(repo.pushedAt),
        owner: { ...userShape(urls, repo.owner), name: repo.owner.login, email: null },
      },
      pusher: { name: pusher.login, email: `${pusher.id}+${pusher.login}@users.noreply.github.com` },
      sender: userShape(urls, pusher),
      installation: installationRef(coveringInstallation(fake, repo)),
    },
  };
}

export type PullRequestAction = 'opened' | 'closed' | 'reopened' | 'synchronize' | 'edited';

/** `synchronize` should carry the previous head as `before` (the PR's current head is `after`). */
export function pullRequest(
  fake: FakeGitHub,
  spec: {
    owner: string;
    repo: string;
    number: number;
    action: PullRequestAction;
    before?: string;
    /** Who acted: the human, the App's own bot, or another bot by login (`dependabot[bot]`). */
    sender?: 'human' | 'app' | { readonly bot: string };
    deliveryId?: string;
  },
): WebhookDelivery {
  const repo = fake.state.requireRepo(spec.owner, spec.repo);
  const pull = repo.pulls.get(spec.number);
  if (!pull) throw new Error(`fake GitHub: no pull request #${spec.number} in ${spec.owner}/${spec.repo}`);
  const urls = urlsOf(fake);
  const stats = (changes: Parameters<Parameters<typeof pullDetails>[2]>[0]) => {
    const files = changes.map((change) => fileChangeShape(urls, repo, repo.git, change, pull.headSha));
    return {
      additions: files.reduce((sum, file) => sum + (file.additions as number), 0),
      deletions: files.reduce((sum, file) => sum + (file.deletions as number), 0),
    };
  };
  const payload: Record<string, unknown> = {
    action: spec.action,
    number: pull.number,
    pull_request: pullShape(fake.state, urls, repo, pull, pullDetails(repo, pull, stats)),
    repository: repoShape(urls, repo),
    sender: userShape(urls, senderOf(fake, spec.sender)),
    installation: installationRef(coveringInstallation(fake, repo)),
  };
  if (spec.action === 'synchronize') Object.assign(payload, { before: spec.before ?? pull.headSha, after: pull.headSha });
  return { id: spec.deliveryId ?? randomUUID(), name: 'pull_request', payload };
}

function senderOf(fake: FakeGitHub, sender: 'human' | 'app' | { readonly bot: string } | undefined) {
  if (sender === 'app') return fake.state.app.bot;
  if (sender === undefined || sender === 'human') return fake.state.human;
  return fake.state.account(sender.bot, 'Bot');
}

/** The `X-Hub-Signature-256` value GitHub sends for a body. */
export function signWebhook(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** POSTs a delivery the way GitHub does (event, delivery id and signature headers). */
export async function deliverWebhook(url: string, secret: string, delivery: WebhookDelivery): Promise<Response> {
  const body = JSON.stringify(delivery.payload);
  return fetch(url, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/fake',
      'x-github-event': delivery.name,
      'x-github-delivery': delivery.id,
      'x-github-hook-installation-target-type': 'integration',
      'x-hub-signature-256': signWebhook(secret, body),
    },
  });
}
