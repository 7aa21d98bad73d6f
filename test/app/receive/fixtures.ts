/**
 * The repository `acme/api` in its various states: a Dockerfile pinning `node:22-slim`, a compose
 * file pinning `postgres:16`, a CI workflow pinning `node:22-slim` again, and what the app's
 * markers record about them.
 */
import { renderPullRequest } from '../../../src/pr/content.js';
import type { PrMarker, ProposedUpdate } from '../../../src/pr/types.js';
import { sha } from '../../github/support.js';
import type { RepoState } from './github-mocks.js';

export const HEAD = sha('main at 3 o’clock');
export const TREE = sha('main tree at 3 o’clock');
export const MOVED_HEAD = sha('main after a merge');
export const MOVED_TREE = sha('main tree after a merge');
export const PR_HEAD = sha('pinbot commit 1');
export const HUMAN_HEAD = sha('a human fixup commit');
export const NEW_COMMIT = sha('pinbot commit 2');

/** Files in the tree that are no candidates: reading one would be an unmatched request. */
export const UNSCANNED = ['README.md', 'package.json', 'src/server.ts'];

export function dockerfile(nodeDigest: string): string {
  return [
    '# syntax=docker/dockerfile:1.7',
    `FROM node:22-slim@${nodeDigest} AS build`,
    'WORKDIR /app',
    'COPY package.json package-lock.json ./',
    'RUN npm ci',
    'COPY . .',
    'RUN npm run build',
    '',
    'FROM gcr.io/distroless/nodejs22-debian12:nonroot',
    'COPY --from=build /app/dist /app',
    'CMD ["/app/server.js"]',
    '',
  ].join('\n');
}

export function compose(postgresDigest: string): string {
  return [
    'services:',
    '  db:',
    `    image: postgres:16@${postgresDigest}`,
    '    environment:',
    '      POSTGRES_PASSWORD: example',
    '    volumes:',
    '      - db-data:/var/lib/postgresql/data',
    'volumes:',
    '  db-data: {}',
    '',
  ].join('\n');
}

export function workflow(nodeDigest: string): string {
  return [
    'name: CI',
    'on: [push, pull_request]',
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-latest',
    '    container:',
    `      image: node:22-slim@${nodeDigest}`,
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - run: npm ci && npm test',
    '',
  ].join('\n');
}

/** The default branch with its Dockerfile pinning node at `nodeDigest`. */
export function repoWithNode(nodeDigest: string, extra: Partial<RepoState> = {}): RepoState {
  return { headSha: HEAD, treeSha: TREE, scanned: { Dockerfile: dockerfile(nodeDigest) }, unscanned: UNSCANNED, ...extra };
}

/** The update the app proposes for the Dockerfile's node pin. */
export function nodeUpdate(from: string, to: string, overrides: Partial<ProposedUpdate> = {}): ProposedUpdate {
  return {
    file: 'Dockerfile',
    line: 2,
    image: 'docker.io/library/node',
    displayName: 'node',
    tag: '22-slim',
    from,
    to,
    platform: null,
    ...overrides,
  };
}

export function postgresUpdate(from: string, to: string): ProposedUpdate {
  return {
    file: 'compose.yaml',
    line: 3,
    image: 'docker.io/library/postgres',
    displayName: 'postgres',
    tag: '16',
    from,
    to,
    platform: null,
  };
}

export function marker(updates: readonly ProposedUpdate[], overrides: Partial<PrMarker> = {}): PrMarker {
  return {
    version: 1,
    branch: 'pinbot/digests',
    baseSha: HEAD,
    headSha: PR_HEAD,
    updates,
    omittedWorkflowFiles: [],
    humanCommitNotified: null,
    ...overrides,
  };
}

/** The body of app PR #12 (node v1 → v2 on pinbot/digests, built on HEAD) as the app rendered it. */
export function appPullBody(from: string, to: string): string {
  const update = nodeUpdate(from, to);
  return renderPullRequest(
    { branch: 'pinbot/digests', key: 'all', updates: [update] },
    { omittedWorkflowFiles: [], marker: marker([update]) },
  ).body;
}
