import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { scheduledWalk, startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { pullRequest, type LoggedRequest } from '../helpers/github/index.js';
import { pushImage, startRegistry, type LocalRegistry } from '../helpers/registry/index.js';

/**
 * Issue 13: a scheduled cycle over repositories where nothing changed costs (almost) no counted
 * GitHub request. Both clocks (the App's and the fake GitHub's) run `skewMs` ahead of real
 * time, so a test can let minutes pass: `pushed_at` (whole seconds, GitHub's clock) proves a
 * repository untouched only once the last push is well before the last read.
 */
let registry: LocalRegistry;
let app: AppUnderTest;
let skewMs = 0;
const tags: Record<string, string> = {};

const walk = () => scheduledWalk(app);

/**
 * Repositories a cycle read, but the owner's `.github`: a full scan of a repository without its
 * own config falls back to that one (Probot's loader), part of the full read.
 */
const readRepositories = (requests: readonly LoggedRequest[]): Set<string> =>
  new Set(requests.map((request) => request.path.split('/')[3] ?? '').filter((name) => name !== '.github'));

/** What one walk cost: requests about repositories, and which of them GitHub would count. */
async function cycle(): Promise<{ counted: LoggedRequest[]; free: LoggedRequest[] }> {
  app.fake.resetRequestLog();
  await walk();
  const repositoryRequests = app.fake.requestLog.filter((request) => request.path.startsWith('/repos/'));
  return { counted: repositoryRequests.filter((r) => r.counted), free: repositoryRequests.filter((r) => !r.counted) };
}

beforeAll(async () => {
  registry = await startRegistry({ auth: 'none' });
  tags.old = (await pushImage(registry, 'team/app', '1', { seed: 'old' })).digest;
  tags.new = (await pushImage(registry, 'team/app', '1', { seed: 'new' })).digest;
  tags.base = (await pushImage(registry, 'team/base', '2', { seed: 'b' })).digest;
  const clock = () => new Date(Date.now() + skewMs);
  app = await startApp({ now: clock, githubNow: clock });
  app.fake.createRepo({ owner: 'acme', repo: 'stale', files: { Dockerfile: `FROM ${registry.host}/team/app:1@${tags.old}\n` } });
  app.fake.createRepo({ owner: 'acme', repo: 'current', files: { Dockerfile: `FROM ${registry.host}/team/base:2@${tags.base}\n` } });
  app.fake.createRepo({ owner: 'acme', repo: 'docs', files: { 'README.md': '# docs\n' } });
  app.fake.addInstallation({ id: 1, account: 'acme', repos: 'all' });
});

afterAll(async () => {
  await app?.stop();
  await registry?.stop();
});

describe('quiet repositories on the scheduled walk', () => {
  it('the first cycle reads every repository and opens the one PR that is due', async () => {
    const first = await cycle();
    expect(first.counted.length).toBeGreaterThan(9);
    expect(app.fake.listPulls('acme', 'stale', { state: 'open' })).toHaveLength(1);
    // At most 5 content-creating requests per PR opened (issue 13): labels are created as they are added.
    expect(first.counted.filter((request) => request.method !== 'GET').map((request) => request.route)).toEqual([
      'POST /repos/{owner}/{repo}/git/trees',
      'POST /repos/{owner}/{repo}/git/commits',
      'POST /repos/{owner}/{repo}/git/refs',
      'POST /repos/{owner}/{repo}/pulls',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/labels',
    ]);
    expect(app.fake.labels('acme', 'stale').map((label) => label.name)).toEqual(['dependencies', 'docker']);
  });

  it('a cycle soon after: the branch is asked conditionally, GitHub answers 304, nothing is counted', async () => {
    const quiet = await cycle();
    expect(quiet.counted).toEqual([]);
    expect(quiet.free.map((request) => `${request.status} ${request.route}`)).toEqual(
      Array(3).fill('304 GET /repos/{owner}/{repo}/git/ref/{ref}'),
    );
  });

  it('once pushed_at is well before the last read, no request at all is made for a repository', async () => {
    // The state records when each read began; minutes later, equal pushed_at values prove no push.
    skewMs += 5 * 60_000;
    await cycle(); // refreshes each state's read time (304s again)
    const silent = await cycle();
    expect(silent).toEqual({ counted: [], free: [] });
  });

  it('a push to one repository costs a full read of that one only', async () => {
    skewMs += 5_000;
    app.fake.pushCommit({ owner: 'acme', repo: 'docs', branch: 'main', files: { 'docs/guide.md': '# guide\n' } });
    const after = await cycle();
    expect(readRepositories(after.counted)).toEqual(new Set(['docs']));
  });

  it('a tag that moves is found without a push: the registry is still asked every cycle', async () => {
    await cycle(); // docs settles again
    tags.newer = (await pushImage(registry, 'team/base', '2', { seed: 'b2' })).digest;
    const moved = await cycle();
    expect(readRepositories(moved.counted)).toEqual(new Set(['current']));
    expect(app.fake.listPulls('acme', 'current', { state: 'open' })).toHaveLength(1);
  });

  it('a pull request closed by hand makes the next cycle read that repository again', async () => {
    await cycle();
    const [pull] = app.fake.listPulls('acme', 'stale', { state: 'open' });
    app.fake.closePull({ owner: 'acme', repo: 'stale', number: pull!.number });
    await app.probot.receive(pullRequest(app.fake, { owner: 'acme', repo: 'stale', number: pull!.number, action: 'closed' }) as never);
    await app.pinbot.queue.idle();
    const after = await cycle();
    expect(readRepositories(after.counted)).toEqual(new Set(['stale']));
  });

  it("the App's own push to its branch keeps the state; another bot's push (Dependabot) forgets it like a person's", async () => {
    await cycle(); // stale settles again after its PR was closed
    expect(readRepositories((await cycle()).counted)).toEqual(new Set());
    const [pull] = app.fake.listPulls('acme', 'current', { state: 'open' });
    const synchronize = (sender: 'app' | { bot: string }) =>
      pullRequest(app.fake, { owner: 'acme', repo: 'current', number: pull!.number, action: 'synchronize', sender });
    await app.probot.receive(synchronize('app') as never);
    await app.pinbot.queue.idle();
    expect(readRepositories((await cycle()).counted)).toEqual(new Set());
    // Another bot is not the App, though both are `Bot`s: the branch is now someone else's work.
    const before = app.fake.pushCommit({
      owner: 'acme',
      repo: 'current',
      branch: pull!.headRef,
      files: { 'notes.md': 'bumped by a bot\n' },
    }).before;
    await app.probot.receive(
      pullRequest(app.fake, {
        owner: 'acme',
        repo: 'current',
        number: pull!.number,
        action: 'synchronize',
        before,
        sender: { bot: 'dependabot[bot]' },
      }) as never,
    );
    await app.pinbot.queue.idle();
    expect(readRepositories((await cycle()).counted)).toEqual(new Set(['current']));
  });
});
