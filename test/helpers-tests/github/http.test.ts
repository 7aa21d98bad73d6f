import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { startFakeGitHub, type FakeGitHub } from '../../helpers/github/index.js';
import { call } from './setup.js';

let fake: FakeGitHub;
let clock = new Date('2025-03-03T10:00:00Z');

beforeAll(async () => {
  fake = await startFakeGitHub({ now: () => clock, rateLimit: 100 });
  fake.createRepo({
    owner: 'acme',
    repo: 'app',
    files: { Dockerfile: 'FROM node:22@sha256:aaaa\n', 'deploy/k8s.yaml': 'kind: Pod\n', 'big.bin': Buffer.alloc(1024 * 1024 + 1, 7) },
  });
});
afterAll(async () => {
  await fake.stop();
});
beforeEach(() => {
  fake.setRateLimit({ remaining: 100, limit: 100 });
  fake.resetRequestLog();
});

describe('plain HTTP', () => {
  test('serves the same API under / and /api/v3/, marking the GHES root', async () => {
    const plain = await call(fake, 'GET', '/repos/acme/app', { root: 'plain' });
    const ghes = await call(fake, 'GET', '/repos/acme/app');
    expect(plain.status).toBe(200);
    expect(ghes.json).toMatchObject({ full_name: 'acme/app', default_branch: 'main', archived: false, disabled: false, fork: false });
    expect(ghes.json.node_id).toBe(fake.repoInfo('acme', 'app').nodeId);
    expect(ghes.json.url).toBe(`${fake.apiUrl}/repos/acme/app`);
    expect(plain.json.url).toBe(`${fake.url}/repos/acme/app`);
    expect(ghes.headers.get('x-github-enterprise-version')).not.toBeNull();
    expect(plain.headers.get('x-github-enterprise-version')).toBeNull();
    expect(ghes.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  test('every response carries rate-limit headers that count down', async () => {
    const first = await call(fake, 'GET', '/repos/acme/app');
    const second = await call(fake, 'GET', '/repos/nobody/nothing');
    expect(first.headers.get('x-ratelimit-limit')).toBe('100');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('99');
    expect(second.headers.get('x-ratelimit-remaining')).toBe('98');
    expect(Number(first.headers.get('x-ratelimit-reset'))).toBeGreaterThan(clock.getTime() / 1000);
  });

  test('an exhausted limit answers 403 until the reset time passes', async () => {
    fake.setRateLimit({ remaining: 1, resetAt: new Date(clock.getTime() + 60_000) });
    expect((await call(fake, 'GET', '/repos/acme/app')).status).toBe(200);
    const refused = await call(fake, 'GET', '/repos/acme/app');
    expect(refused.status).toBe(403);
    expect(refused.json.message).toMatch(/rate limit exceeded/);
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    clock = new Date(clock.getTime() + 61_000);
    const after = await call(fake, 'GET', '/repos/acme/app');
    expect(after.status).toBe(200);
    expect(after.headers.get('x-ratelimit-remaining')).toBe('99');
  });

  test('a GET carries an ETag; If-None-Match with it answers 304 without a body, uncounted, until the resource changes', async () => {
    fake.createRepo({ owner: 'acme', repo: 'tagged', files: { Dockerfile: 'FROM node:22\n' } });
    const first = await call(fake, 'GET', '/repos/acme/tagged/git/ref/heads/main');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{40}"$/);
    const again = await call(fake, 'GET', '/repos/acme/tagged/git/ref/heads/main', { headers: { 'if-none-match': `W/${etag}` } });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    // GitHub does not count a 304 against the rate limit.
    expect(again.headers.get('x-ratelimit-remaining')).toBe('99');
    expect(fake.countedRequests).toHaveLength(1);
    // The same resource in another media type is another representation.
    const raw = await call(fake, 'GET', '/repos/acme/tagged/contents/Dockerfile', { headers: { accept: 'application/vnd.github.raw' } });
    const json = await call(fake, 'GET', '/repos/acme/tagged/contents/Dockerfile');
    expect(raw.headers.get('etag')).not.toBe(json.headers.get('etag'));

    fake.pushCommit({ owner: 'acme', repo: 'tagged', branch: 'main', files: { 'NOTES.md': 'moved\n' } });
    const moved = await call(fake, 'GET', '/repos/acme/tagged/git/ref/heads/main', { headers: { 'if-none-match': etag ?? '' } });
    expect(moved.status).toBe(200);
    expect(moved.headers.get('etag')).not.toBe(etag);
  });

  test('the repository listing carries pushed_at, moved by a push', async () => {
    const before = fake.repoInfo('acme', 'tagged');
    const listed = await call(fake, 'GET', '/repos/acme/tagged');
    clock = new Date(clock.getTime() + 5_000);
    fake.pushCommit({ owner: 'acme', repo: 'tagged', branch: 'main', files: { 'NOTES.md': 'again\n' } });
    const after = await call(fake, 'GET', '/repos/acme/tagged');
    expect(typeof listed.json.pushed_at).toBe('string');
    expect(Date.parse(String(after.json.pushed_at))).toBe(Date.parse(String(listed.json.pushed_at)) + 5_000);
    expect(before.nodeId).toBe(fake.repoInfo('acme', 'tagged').nodeId);
  });

  test("errors have GitHub's JSON shape", async () => {
    const missing = await call(fake, 'GET', '/repos/acme/nothing');
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ message: 'Not Found', status: '404' });
    expect(typeof missing.json.documentation_url).toBe('string');
    expect((await call(fake, 'GET', '/no/such/endpoint')).status).toBe(404);
    const badJson = await fetch(`${fake.apiUrl}/repos/acme/app/git/blobs`, {
      method: 'POST',
      body: '{nope',
      headers: { 'content-type': 'application/json' },
    });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ message: 'Problems parsing JSON' });
    const noContent = await call(fake, 'POST', '/repos/acme/app/git/blobs', { body: {} });
    expect(noContent.status).toBe(422);
    expect(noContent.json.message).toContain('"content" wasn\'t supplied');
  });
});

describe('contents', () => {
  test('a file comes back as wrapped base64 with its blob sha', async () => {
    const file = await call(fake, 'GET', '/repos/acme/app/contents/Dockerfile?ref=main');
    expect(file.json).toMatchObject({ type: 'file', encoding: 'base64', path: 'Dockerfile', name: 'Dockerfile', size: 25 });
    expect(Buffer.from(file.json.content, 'base64').toString()).toBe('FROM node:22@sha256:aaaa\n');
    expect(file.json.sha).toBe(
      (await call(fake, 'GET', '/repos/acme/app/git/trees/main')).json.tree.find((e: { path: string }) => e.path === 'Dockerfile').sha,
    );
  });

  test('raw media type gives the bytes; directories are JSON arrays; files over 1 MiB have no content', async () => {
    const raw = await call(fake, 'GET', '/repos/acme/app/contents/deploy%2Fk8s.yaml', {
      headers: { accept: 'application/vnd.github.v3.raw' },
    });
    expect(raw.text).toBe('kind: Pod\n');
    expect(raw.headers.get('content-type')).not.toMatch(/application\/json/);
    const dir = await call(fake, 'GET', '/repos/acme/app/contents/deploy', { headers: { accept: 'application/vnd.github.v3.raw' } });
    expect(dir.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(dir.json).toEqual([expect.objectContaining({ type: 'file', path: 'deploy/k8s.yaml' })]);
    const big = await call(fake, 'GET', '/repos/acme/app/contents/big.bin');
    expect(big.json).toMatchObject({ encoding: 'none', content: '', size: 1024 * 1024 + 1 });
  });

  test('a missing path or ref is a 404', async () => {
    expect((await call(fake, 'GET', '/repos/acme/app/contents/.github/pinbot.yml')).status).toBe(404);
    const badRef = await call(fake, 'GET', '/repos/acme/app/contents/Dockerfile?ref=nope');
    expect(badRef.status).toBe(404);
    expect(badRef.json.message).toBe('No commit found for the ref nope');
  });
});

describe('git trees', () => {
  test('recursive listings can be made to come back truncated', async () => {
    const full = await call(fake, 'GET', '/repos/acme/app/git/trees/main?recursive=1');
    expect(full.json.truncated).toBe(false);
    expect(full.json.tree.map((e: { path: string }) => e.path)).toEqual(['Dockerfile', 'big.bin', 'deploy', 'deploy/k8s.yaml']);
    fake.setTreeEntryLimit('acme', 'app', 2);
    const cut = await call(fake, 'GET', '/repos/acme/app/git/trees/main?recursive=1');
    expect(cut.json.truncated).toBe(true);
    expect(cut.json.tree).toHaveLength(2);
    fake.setTreeEntryLimit('acme', 'app', 100_000);
    const top = await call(fake, 'GET', `/repos/acme/app/git/trees/${full.json.sha}`);
    expect(top.json.tree.map((e: { path: string }) => e.path)).toEqual(['Dockerfile', 'big.bin', 'deploy']);
  });
});

describe('fault injection and the request log', () => {
  test('failNext answers the next N matching requests with the status, then recovers', async () => {
    fake.failNext('GET', '/repos/{owner}/{repo}/git/trees/{tree_sha}', 502, 2);
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await call(fake, 'GET', '/repos/acme/app/git/trees/main')).status);
    expect(statuses).toEqual([502, 502, 200]);
    fake.failNext('*', /^\/repos\/acme\/app$/, 500);
    fake.failNext('POST', '/repos/acme/app/git/blobs', 503);
    expect((await call(fake, 'GET', '/repos/acme/app')).status).toBe(500);
    expect((await call(fake, 'POST', '/repos/acme/app/git/blobs', { body: { content: 'x' } })).status).toBe(503);
    expect((await call(fake, 'POST', '/repos/acme/app/git/blobs', { body: { content: 'x' } })).status).toBe(201);
  });

  test('records each request with its route template, status and decoded path', async () => {
    await call(fake, 'GET', '/repos/acme/app/contents/deploy%2Fk8s.yaml?ref=main');
    await call(fake, 'GET', '/repos/acme/app/contents/Dockerfile');
    await call(fake, 'POST', '/repos/acme/app/git/blobs', { body: { content: 'hi' } });
    expect(fake.requestCounts()).toEqual({ 'GET /repos/{owner}/{repo}/contents/{path}': 2, 'POST /repos/{owner}/{repo}/git/blobs': 1 });
    expect(fake.requestLog[0]).toMatchObject({
      method: 'GET',
      path: '/repos/acme/app/contents/deploy/k8s.yaml',
      query: 'ref=main',
      status: 200,
      installationId: null,
    });
    expect(fake.requestLog[2]?.body).toEqual({ content: 'hi' });
    fake.resetRequestLog();
    expect(fake.requestLog).toHaveLength(0);
  });
});

describe('stopping', () => {
  test('a stopped fake closes its port, keep-alive connections included', async () => {
    const other = await startFakeGitHub();
    other.createRepo({ owner: 'o', repo: 'r' });
    expect((await call(other, 'GET', '/repos/o/r')).status).toBe(200);
    await other.stop();
    await expect(fetch(`${other.apiUrl}/repos/o/r`)).rejects.toThrow();
  });
});
