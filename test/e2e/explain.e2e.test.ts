import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { installationCreated } from '../helpers/github/index.js';
import { startRegistry, type LocalRegistry } from '../helpers/registry/index.js';
import { scheduledWalk, startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { NEW_PACKAGES, NEW_REVISION, OLD_PACKAGES, OLD_REVISION, pushRelease } from '../explain/scenario.js';

/**
 * Issue 12 end to end: the App on the fake GitHub with a real registry explains what changed in
 * its PR body, labels a re-pointed version tag, and holds digests younger than minimumReleaseAge
 * without closing or shrinking the PR that proposes a settled one.
 */
let registry: LocalRegistry;
let app: AppUnderTest;
const DAY = 86_400_000;
const T = Date.parse('2025-01-01T00:00:00Z');
let now = T;
const at = (days: number) => new Date(T + days * DAY).toISOString();

const walk = () => scheduledWalk(app, { now: () => now });
const openPulls = (repo: string) => app.fake.listPulls('acme', repo, { state: 'open' });
const cool = (seed: string, days: number) =>
  pushRelease(registry, 'team/cool', 'stable', { seed, created: at(days), annotateEntries: true });

beforeAll(async () => {
  registry = await startRegistry({ auth: 'none' });
  app = await startApp({ now: () => new Date(now) });
});

afterAll(async () => {
  await app?.stop();
  await registry?.stop();
});

describe('the App explains its pull requests', () => {
  it('opens a PR with a warning, a What changed section and the pinbot:tag-moved label', async () => {
    const common = { arm64Seed: 'arm', annotateEntries: true };
    const v1 = await pushRelease(registry, 'team/app', '1.2.3', {
      ...common,
      seed: 'v1',
      created: at(-10),
      revision: OLD_REVISION,
      packages: OLD_PACKAGES,
    });
    await pushRelease(registry, 'team/app', '1.2.3', {
      ...common,
      seed: 'v2',
      created: at(-2),
      revision: NEW_REVISION,
      packages: NEW_PACKAGES,
    });
    app.fake.createRepo({ owner: 'acme', repo: 'api', files: { Dockerfile: `FROM ${registry.host}/team/app:1.2.3@${v1.index}\n` } });
    app.fake.addInstallation({ id: 1, account: 'acme', repos: ['api'] });
    await app.probot.receive(installationCreated(app.fake, 1) as never);
    await app.pinbot.queue.idle();

    const [pull] = openPulls('api');
    expect(pull!.body?.startsWith('> [!WARNING]\n')).toBe(true);
    expect(pull!.body).toContain('immutable-looking tag re-pointed: "1.2.3"');
    expect(pull!.body).toContain('### What changed');
    expect(pull!.body).toContain(`([compare](https://github.com/acme/app/compare/${OLD_REVISION}...${NEW_REVISION}))`);
    expect(pull!.body).toContain('| upgraded | `openssl` | `3.0.11-1~deb12u2` | `3.0.13-1~deb12u1` |');
    expect([...pull!.labels].sort()).toEqual(['dependencies', 'docker', 'pinbot:tag-moved']);
    expect(app.fake.labels('acme', 'api').find((label) => label.name === 'pinbot:tag-moved')).toMatchObject({ color: 'd93f0b' });
  });
});

describe('minimumReleaseAge in the App', () => {
  let v2: string;

  it('opens a PR only once the new digest is old enough', async () => {
    const v1 = await cool('c1', -30);
    v2 = (await cool('c2', 0)).index;
    app.fake.createRepo({
      owner: 'acme',
      repo: 'cool',
      files: { '.github/pinbot.yml': 'minimumReleaseAge: 3 days\n', Dockerfile: `FROM ${registry.host}/team/cool:stable@${v1.index}\n` },
    });
    app.fake.addInstallation({ id: 2, account: 'acme', repos: ['cool'] });
    now = T + DAY;
    await walk();
    expect(openPulls('cool')).toEqual([]);
    now = T + 3 * DAY;
    await walk();
    expect(app.fake.readText('acme', 'cool', 'pinbot/digests', 'Dockerfile')).toContain(v2);
    expect(openPulls('cool')[0]!.body).toContain(
      "- **Settle time:** proposed once old enough (since 2025-01-04 00:00 UTC, counted from the image's created time).",
    );
  });

  it('keeps proposing the settled digest while a newer one waits, and says so when a waiting one was superseded', async () => {
    const before = openPulls('cool')[0]!;
    const v3 = (await cool('c3', 4)).index;
    now = T + 5 * DAY;
    await walk();
    // v3 waits until day 7: the PR is neither closed nor changed.
    const held = openPulls('cool')[0]!;
    expect(held.number).toBe(before.number);
    expect(held.headSha).toBe(before.headSha);
    expect(app.fake.readText('acme', 'cool', 'pinbot/digests', 'Dockerfile')).toContain(v2);

    // Rebuilt again on day 6, before v3 settled: the wait restarts from v4 (ready on day 9).
    const v4 = (await cool('c4', 6)).index;
    now = T + 7 * DAY;
    await walk();
    expect(app.fake.readText('acme', 'cool', 'pinbot/digests', 'Dockerfile')).toContain(v2);
    now = T + 9 * DAY;
    await walk();
    const [after, ...others] = openPulls('cool');
    expect(others).toEqual([]);
    expect(after!.number).toBe(before.number);
    expect(app.fake.readText('acme', 'cool', 'pinbot/digests', 'Dockerfile')).toContain(v4);
    expect(after!.body).toContain(
      `\`${v3.slice(0, 19)}\` was replaced on the tag before settling, so the wait restarted from this digest.`,
    );
  });
});
