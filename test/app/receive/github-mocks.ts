/**
 * GitHub as a scan sees it, mocked with nock: the default branch, its tree and blobs, the config
 * file, the app's pull requests; and a recorder for every write, so a test can assert exactly
 * which writes happened, in which order, with which bodies. Every mock answers once.
 */
import { gitBlobSha } from '../../../src/github/commits.js';
import { renderPullRequest } from '../../../src/pr/content.js';
import type { PrMarker } from '../../../src/pr/types.js';
import { sha } from '../../github/support.js';
import { APP_BOT, DEFAULT_BRANCH, OWNER, REPO_NAME, repository } from './payloads.js';
import { asInstallation } from './support.js';

export const BASE = `/repos/${OWNER}/${REPO_NAME}`;
export const CONFIG_PATH = `${BASE}/contents/.github%2Fpinbot.yml`;
const ORG_CONFIG_PATH = `/repos/${OWNER}/.github/contents/.github%2Fpinbot.yml`;
const NOT_FOUND = {
  message: 'Not Found',
  documentation_url: 'https://docs.github.com/rest/repos/contents#get-repository-content',
  status: '404',
};

export interface RepoState {
  /** The default branch's head commit and its root tree. */
  readonly headSha: string;
  readonly treeSha: string;
  /** Files a scan reads (Dockerfiles, YAML): their blobs are mocked. */
  readonly scanned: Readonly<Record<string, string>>;
  /** Files in the tree a scan must never read: no blob mock exists for them. */
  readonly unscanned?: readonly string[];
  /** `.github/pinbot.yml`; absent means neither the repository nor the org's `.github` has one. */
  readonly config?: string;
}

function blobEntry(path: string, content: string): Record<string, unknown> {
  const bytes = Buffer.from(content, 'utf8');
  const blobSha = gitBlobSha(bytes);
  return {
    path,
    mode: '100644',
    type: 'blob',
    sha: blobSha,
    size: bytes.byteLength,
    url: `https://api.github.com${BASE}/git/blobs/${blobSha}`,
  };
}

function scannedFiles(state: RepoState): Array<[string, string]> {
  return [
    ...Object.entries(state.scanned),
    ...(state.config === undefined ? [] : [['.github/pinbot.yml', state.config] as [string, string]]),
  ];
}

/** `GET /repos/{o}/{r}`: what an installation trigger has to ask (webhook payloads carry it). */
export function mockRepositoryMetadata(): void {
  asInstallation().get(BASE).reply(200, repository());
}

/** The config as Probot's loader asks for it: raw contents, falling back to the org's `.github` repository. */
export function mockConfig(config: string | undefined, ref?: string): void {
  const query = ref === undefined ? {} : { ref };
  if (config === undefined) {
    asInstallation().get(CONFIG_PATH).query(query).reply(404, NOT_FOUND);
    asInstallation().get(ORG_CONFIG_PATH).reply(404, NOT_FOUND);
  } else {
    asInstallation().get(CONFIG_PATH).query(query).reply(200, config, { 'content-type': 'application/vnd.github.raw+json; charset=utf-8' });
  }
}

/**
 * A pull request's base without any pinbot config (neither spelling, here or in the org's
 * `.github`): the policy check reads it and stops, with no check run.
 */
export function mockNoConfigAtBase(ref: string): void {
  mockConfig(undefined, ref);
  asInstallation().get(`${BASE}/contents/.github%2Fpinbot.yaml`).query({ ref }).reply(404, NOT_FOUND);
  asInstallation().get(`/repos/${OWNER}/.github/contents/.github%2Fpinbot.yaml`).reply(404, NOT_FOUND);
}

/**
 * Everything a scan reads before it looks at pull requests: ref, commit, config, tree, candidate
 * blobs. `cached`: the same app scanned this commit before, so only the ref and config are read
 * again (commits, trees and blobs are immutable and cached by sha).
 */
export function mockRepositoryRead(state: RepoState, options: { cached?: boolean } = {}): void {
  const scope = asInstallation();
  scope.get(`${BASE}/git/ref/heads%2F${DEFAULT_BRANCH}`).reply(200, {
    ref: `refs/heads/${DEFAULT_BRANCH}`,
    node_id: 'REF_kwDOGq0gL7JyZWZzL2hlYWRzL21haW4',
    object: { type: 'commit', sha: state.headSha },
  });
  if (options.cached) {
    mockConfig(state.config);
    return;
  }
  scope.get(`${BASE}/git/commits/${state.headSha}`).reply(200, {
    sha: state.headSha,
    tree: { sha: state.treeSha, url: `https://api.github.com${BASE}/git/trees/${state.treeSha}` },
    message: 'Serve the health check from /healthz',
    parents: [{ sha: sha(`parent of ${state.headSha}`) }],
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null },
  });
  mockConfig(state.config);
  const files = scannedFiles(state);
  const unscanned = (state.unscanned ?? []).map((path) => blobEntry(path, `contents of ${path}\n`));
  const directories = [...new Set([...files.map(([path]) => path), ...unscanned.map((entry) => entry.path as string)].flatMap(parents))];
  const tree = [
    ...directories.map((path) => ({
      path,
      mode: '040000',
      type: 'tree',
      sha: sha(`tree ${path}`),
      url: `https://api.github.com${BASE}/git/trees/${sha(`tree ${path}`)}`,
    })),
    ...files.map(([path, content]) => blobEntry(path, content)),
    ...unscanned,
  ].sort((a, b) => ((a.path as string) < (b.path as string) ? -1 : 1));
  scope
    .get(`${BASE}/git/trees/${state.treeSha}`)
    .query({ recursive: '1' })
    .reply(200, { sha: state.treeSha, url: `https://api.github.com${BASE}/git/trees/${state.treeSha}`, tree, truncated: false });
  const seen = new Set<string>();
  for (const [, content] of files) {
    const bytes = Buffer.from(content, 'utf8');
    const blobSha = gitBlobSha(bytes);
    if (seen.has(blobSha)) continue;
    seen.add(blobSha);
    // Raw, as the App asks for it (Accept: application/vnd.github.raw).
    scope
      .get(`${BASE}/git/blobs/${blobSha}`)
      .matchHeader('accept', 'application/vnd.github.raw')
      .reply(200, bytes, { 'content-type': 'application/vnd.github.raw' });
  }
}

function parents(path: string): string[] {
  const parts = path.split('/').slice(0, -1);
  return parts.map((_, index) => parts.slice(0, index + 1).join('/'));
}

export interface PullFixture {
  readonly number: number;
  readonly branch: string;
  /** Where the branch points now (the marker's headSha unless someone pushed). */
  readonly headSha: string;
  readonly marker: PrMarker;
  readonly state?: 'open' | 'closed';
  readonly merged?: boolean;
}

/** A PR as the pulls list returns it, its body rendered the way the app renders it. */
export function listedPull(fixture: PullFixture): Record<string, unknown> {
  const group = { branch: fixture.branch, key: 'all', updates: fixture.marker.updates };
  const content = renderPullRequest(group, { omittedWorkflowFiles: fixture.marker.omittedWorkflowFiles, marker: fixture.marker });
  const closed = fixture.state === 'closed';
  return {
    url: `https://api.github.com${BASE}/pulls/${fixture.number}`,
    id: 1_900_000_000 + fixture.number,
    node_id: `PR_kwDOGq0gL8${fixture.number}`,
    number: fixture.number,
    state: closed ? 'closed' : 'open',
    title: content.title,
    body: content.body,
    user: APP_BOT,
    labels: [{ name: 'dependencies' }, { name: 'docker' }],
    created_at: '2025-06-01T06:00:00Z',
    closed_at: closed ? '2025-06-01T18:00:00Z' : null,
    merged_at: fixture.merged ? '2025-06-01T18:00:00Z' : null,
    head: { label: `${OWNER}:${fixture.branch}`, ref: fixture.branch, sha: fixture.headSha, repo: repository() },
    base: { label: `${OWNER}:${DEFAULT_BRANCH}`, ref: DEFAULT_BRANCH, sha: fixture.marker.baseSha, repo: repository() },
  };
}

export function mockOpenPulls(pulls: readonly (PullFixture | Record<string, unknown>)[]): void {
  asInstallation()
    .get(`${BASE}/pulls`)
    .query({ state: 'open', per_page: '100' })
    .reply(
      200,
      pulls.map((pull) => ('marker' in pull ? listedPull(pull as PullFixture) : pull)),
    );
}

/** Closed PRs of a branch: fixtures (body rendered) or PRs exactly as a test saw them written. */
export function mockClosedPulls(branch: string, pulls: readonly (PullFixture | Record<string, unknown>)[]): void {
  asInstallation()
    .get(`${BASE}/pulls`)
    .query({ state: 'closed', head: `${OWNER}:${branch}`, per_page: '100' })
    .reply(
      200,
      pulls.map((pull) => ('marker' in pull ? listedPull({ ...(pull as PullFixture), state: 'closed' }) : pull)),
    );
}

/** `GET git/ref/heads/<branch>`: where a branch points (404 when gone). */
export function mockBranchHead(branch: string, headSha: string | undefined): void {
  const path = `${BASE}/git/ref/${encodeURIComponent(`heads/${branch}`)}`;
  if (headSha === undefined) asInstallation().get(path).reply(404, { message: 'Not Found', status: '404' });
  else
    asInstallation()
      .get(path)
      .reply(200, { ref: `refs/heads/${branch}`, object: { type: 'commit', sha: headSha } });
}

/**
 * `GET git/commits/<sha>` as GitHub answers for the app's own commits (no author sent: the bot as
 * author, GitHub as committer, signed) and for a developer's pushed commit (unsigned).
 */
export function mockCommitAuthorship(commitSha: string, by: 'app' | 'human'): void {
  const when = '2025-06-02T09:30:00Z';
  const person =
    by === 'app'
      ? {
          author: { name: 'pinbot[bot]', email: '41898282+pinbot[bot]@users.noreply.github.com', date: when },
          committer: { name: 'GitHub', email: 'noreply@github.com', date: when },
        }
      : {
          author: { name: 'Dana Developer', email: 'dana@acme.example', date: when },
          committer: { name: 'Dana Developer', email: 'dana@acme.example', date: when },
        };
  const verification =
    by === 'app'
      ? { verified: true, reason: 'valid', signature: '-----BEGIN PGP SIGNATURE-----\n…\n-----END PGP SIGNATURE-----', payload: 'tree …' }
      : { verified: false, reason: 'unsigned', signature: null, payload: null };
  asInstallation()
    .get(`${BASE}/git/commits/${commitSha}`)
    .reply(200, {
      sha: commitSha,
      ...person,
      message: 'chore(deps): update node:22-slim digest',
      tree: { sha: sha(`tree of ${commitSha}`) },
      parents: [],
      verification,
    });
}
