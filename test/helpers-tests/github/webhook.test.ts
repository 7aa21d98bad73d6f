import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Probot } from 'probot';
import {
  deliverWebhook,
  installationCreated,
  installationRepositoriesAdded,
  pullRequest,
  push,
  signWebhook,
  startFakeGitHub,
  ZERO_SHA,
  type FakeGitHub,
  type WebhookDelivery,
} from '../../helpers/github/index.js';
import { keyPair, TestOctokit, type Json } from './setup.js';

const SECRET = 'webhook-secret';
let fake: FakeGitHub;
let probot: Probot;
const received: Array<{ id: string; name: string; payload: Json }> = [];

beforeAll(async () => {
  fake = await startFakeGitHub();
  fake.createRepo({ owner: 'acme', repo: 'app', files: { Dockerfile: 'FROM node:22\n', 'old.txt': 'old\n' } });
  fake.createRepo({ owner: 'acme', repo: 'later', files: { Dockerfile: 'FROM alpine\n' } });
  fake.addInstallation({ id: 5, account: 'acme', repos: ['app'] });
  probot = new Probot({
    appId: fake.appId,
    privateKey: keyPair().privateKey,
    secret: SECRET,
    baseUrl: fake.apiUrl,
    Octokit: TestOctokit,
    logLevel: 'fatal',
  });
  probot.onAny(async (event) => {
    received.push({ id: event.id, name: event.name, payload: event.payload });
  });
});
afterAll(async () => {
  await fake.stop();
});

async function verifyAndReceive(delivery: WebhookDelivery): Promise<void> {
  const body = JSON.stringify(delivery.payload);
  await probot.webhooks.verifyAndReceive({
    id: delivery.id,
    name: delivery.name,
    payload: body,
    signature: signWebhook(SECRET, body),
  });
}

describe('webhook payloads', () => {
  test('push lists the commits since `before` with added/modified/removed paths', async () => {
    const before = fake.branchHead('acme', 'app', 'main') as string;
    fake.pushCommit({ owner: 'acme', repo: 'app', branch: 'main', files: { Dockerfile: 'FROM node:22@sha256:abc\n' }, message: 'pin' });
    const after = fake.pushCommit({
      owner: 'acme',
      repo: 'app',
      branch: 'main',
      files: { 'new.txt': 'n\n' },
      deletions: ['old.txt'],
      message: 'shuffle',
    }).sha;
    const delivery = push(fake, { owner: 'acme', repo: 'app', branch: 'main', before });
    await verifyAndReceive(delivery);
    const got = received.at(-1);
    expect(got).toMatchObject({ id: delivery.id, name: 'push' });
    expect(got?.payload).toMatchObject({
      ref: 'refs/heads/main',
      before,
      after,
      created: false,
      deleted: false,
      forced: false,
      installation: { id: 5 },
    });
    expect(got?.payload.repository).toMatchObject({
      full_name: 'acme/app',
      default_branch: 'main',
      owner: { login: 'acme', name: 'acme' },
    });
    expect(got?.payload.commits.map((c: Json) => [c.message, c.added, c.modified, c.removed])).toEqual([
      ['pin', [], ['Dockerfile'], []],
      ['shuffle', ['new.txt'], [], ['old.txt']],
    ]);
    expect(got?.payload.head_commit.id).toBe(after);
    expect(typeof got?.payload.repository.pushed_at).toBe('number');
  });

  test('a force push and a new branch are flagged', () => {
    const main = fake.branchHead('acme', 'app', 'main') as string;
    const created = fake.pushCommit({ owner: 'acme', repo: 'app', branch: 'pinbot/digests', files: { a: '1' }, author: 'app' });
    const fresh = push(fake, { owner: 'acme', repo: 'app', branch: 'pinbot/digests', before: created.before });
    expect(fresh.payload).toMatchObject({ created: true, forced: false, before: ZERO_SHA, sender: { login: fake.botLogin } });
    const rebuilt = fake.pushCommit({ owner: 'acme', repo: 'app', branch: 'tmp', from: main, files: { b: '2' } });
    fake.setBranch({ owner: 'acme', repo: 'app', branch: 'pinbot/digests', sha: rebuilt.sha });
    expect(push(fake, { owner: 'acme', repo: 'app', branch: 'pinbot/digests', before: created.sha }).payload.forced).toBe(true);
  });

  test('installation.created and installation_repositories.added name the covered repositories', async () => {
    const createdEvent = installationCreated(fake, 5);
    expect(createdEvent.payload).toMatchObject({
      action: 'created',
      installation: { id: 5, account: { login: 'acme' }, app_id: fake.appId },
    });
    expect((createdEvent.payload.repositories as Array<{ full_name: string }>).map((r) => r.full_name)).toEqual(['acme/app']);
    expect(() => installationRepositoriesAdded(fake, 5, ['later'])).toThrow(/does not cover/);
    fake.addRepositoriesToInstallation(5, ['later']);
    const added = installationRepositoriesAdded(fake, 5, ['later'], 'delivery-1');
    await verifyAndReceive(added);
    expect(received.at(-1)).toMatchObject({
      id: 'delivery-1',
      name: 'installation_repositories',
      payload: { action: 'added', repositories_added: [{ full_name: 'acme/later' }], repositories_removed: [] },
    });
  });

  test('pull_request.closed carries the merged flag and head/base as the REST API shows them', () => {
    fake.pushCommit({ owner: 'acme', repo: 'app', branch: 'feature', from: 'main', files: { f: 'f' } });
    const number = fake.createPull({ owner: 'acme', repo: 'app', head: 'feature', title: 'feat' });
    const opened = pullRequest(fake, { owner: 'acme', repo: 'app', number, action: 'opened' });
    expect(opened.payload).toMatchObject({
      action: 'opened',
      number,
      pull_request: { state: 'open', merged: false, head: { ref: 'feature' }, base: { ref: 'main' } },
    });
    fake.mergePull({ owner: 'acme', repo: 'app', number });
    const closed = pullRequest(fake, { owner: 'acme', repo: 'app', number, action: 'closed' });
    expect(closed.payload.pull_request).toMatchObject({ state: 'closed', merged: true });
    expect((closed.payload.pull_request as { merged_at: string | null }).merged_at).not.toBeNull();
  });

  test('builders refuse repositories no installation covers', () => {
    fake.createRepo({ owner: 'nobody', repo: 'x' });
    expect(() => push(fake, { owner: 'nobody', repo: 'x', branch: 'main', before: ZERO_SHA })).toThrow(/no installation covers nobody\/x/);
  });
});

describe('deliverWebhook', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const middleware = await probot.getNodeMiddleware();
    server = createServer((req, res) => {
      void middleware(req, res, () => res.writeHead(404).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test('POSTs a signed delivery that Probot accepts, and a wrong secret is rejected', async () => {
    const delivery = push(fake, { owner: 'acme', repo: 'app', branch: 'main', before: ZERO_SHA });
    const accepted = await deliverWebhook(url, SECRET, delivery);
    await accepted.text();
    expect(accepted.status).toBe(200);
    expect(received.at(-1)?.id).toBe(delivery.id);
    const rejected = await deliverWebhook(url, 'wrong', { ...delivery, id: 'other' });
    await rejected.text();
    expect(rejected.status).toBe(400);
    expect(received.at(-1)?.id).toBe(delivery.id);
  });
});
