import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createDigestAnswerCache } from '../../src/policy/digest-cache.js';
import { scheduledWalk, startApp, type AppUnderTest } from '../helpers/app-under-test.js';
import { deleteManifest, pushImage, startRegistry, type LocalRegistry } from '../helpers/registry/index.js';

/**
 * Issue 14 on issue 13's quiet cycles: a pinned digest that vanishes from its registry turns the
 * `pinbot / policy` verdict without any commit. A quiet scheduled cycle must notice it and post
 * the check run on the default branch's head again, and only then: otherwise it stays quiet, at
 * no counted GitHub request. Real registry (a manifest deleted, then pushed back), fake GitHub.
 */
let registry: LocalRegistry;
let app: AppUnderTest;
let skewMs = 0;
let job: string;
let head: string;
const CHECK = 'pinbot / policy';

beforeAll(async () => {
  registry = await startRegistry({ auth: 'none' });
  const base = (await pushImage(registry, 't/base', '1', { seed: 'base' })).digest;
  job = (await pushImage(registry, 't/job', 'build-7', { seed: 'job' })).digest;
  const clock = () => new Date(Date.now() + skewMs);
  // Answers that a digest exists are kept an hour by default; this test lets them lapse at once.
  app = await startApp({ now: clock, githubNow: clock, digestCache: createDigestAnswerCache({ ttlMs: 0 }) });
  app.fake.addInstallation({ id: 1, account: 'acme', repos: 'all' });
  head = app.fake.createRepo({
    owner: 'acme',
    repo: 'ops',
    files: {
      '.github/pinbot.yml': 'policy:\n  requireDigest: ["deploy/**", "Dockerfile"]\n',
      Dockerfile: `FROM ${registry.host}/t/base:1@${base}\n`,
      // A pin by digest alone, as deploy tools write them: no tag, so no PR ever touches it.
      'deploy/job.yaml': `apiVersion: batch/v1\nkind: Job\nmetadata: { name: migrate }\nspec:\n  template:\n    spec:\n      containers:\n        - name: migrate\n          image: ${registry.host}/t/job@${job}\n`,
    },
  }).headSha;
});

afterAll(async () => {
  await app?.stop();
  await registry?.stop();
});

/** One scheduled walk: the counted GitHub requests about repositories, and the writes among them. */
async function cycle(): Promise<{ counted: number; writes: string[] }> {
  app.fake.resetRequestLog();
  await scheduledWalk(app);
  const counted = app.fake.requestLog.filter((request) => request.path.startsWith('/repos/') && request.counted);
  return { counted: counted.length, writes: counted.filter((request) => request.method !== 'GET').map((request) => request.route) };
}

const runs = () => app.fake.checkRuns('acme', 'ops', { headSha: head, name: CHECK });

describe('the policy check on quiet cycles', () => {
  it('the first cycle posts the check run on the head: every pin exists', async () => {
    await cycle();
    expect(runs().map((run) => run.conclusion)).toEqual(['success']);
  });

  it('while nothing changes, cycles write nothing and, once pushed_at proves it, count no request', async () => {
    skewMs += 5 * 60_000;
    expect((await cycle()).writes).toEqual([]);
    expect(await cycle()).toEqual({ counted: 0, writes: [] });
    expect(runs()).toHaveLength(1);
  });

  it('a pinned digest deleted from its registry: the next cycle posts a failing check run', async () => {
    await deleteManifest(registry, 't/job', job);
    const noticed = await cycle();
    expect(noticed.writes).toContain('POST /repos/{owner}/{repo}/check-runs');
    const [, latest] = runs();
    expect(latest).toMatchObject({ conclusion: 'failure', output: { title: '1 policy violation' } });
    expect(latest!.annotations).toEqual([
      expect.objectContaining({ path: 'deploy/job.yaml', level: 'failure', title: expect.stringContaining('digest-missing') }),
    ]);
  });

  it('the verdict unchanged: quiet again, no second failing check run', async () => {
    skewMs += 5 * 60_000;
    await cycle();
    expect(await cycle()).toEqual({ counted: 0, writes: [] });
    expect(runs()).toHaveLength(2);
  });

  it('the digest restored (the same image pushed again): the check run passes again', async () => {
    expect((await pushImage(registry, 't/job', 'build-7', { seed: 'job' })).digest).toBe(job);
    const restored = await cycle();
    expect(restored.writes).toContain('POST /repos/{owner}/{repo}/check-runs');
    expect(runs().map((run) => run.conclusion)).toEqual(['success', 'failure', 'success']);
    skewMs += 5 * 60_000;
    await cycle();
    expect(await cycle()).toEqual({ counted: 0, writes: [] });
  });
});
