import { afterAll, beforeAll, expect, it, jest } from '@jest/globals';
import { until, type AppProcess } from '../helpers/app-process/index.js';
import { scanLines, startScaledWorld, type ScaledWorld } from '../helpers/app-process/scaled-world.js';
import { pullRequest } from '../helpers/github/index.js';

/**
 * Pull request work in the scaled App as two real processes (issue 13): the work waits for the
 * repository's lock in Redis, as a job, so the replica that received the webhook may die
 * (SIGKILL: no drain, no goodbye) and the other replica still does it.
 */
jest.setTimeout(240_000);

let world: ScaledWorld;
let a: AppProcess;
let b: AppProcess;

beforeAll(async () => {
  world = await startScaledWorld();
  [a, b] = await Promise.all([world.app('a'), world.app('b')]);
}, 180_000);

afterAll(async () => {
  await world?.stop();
});

it('a PR closed on a process that dies while a scan holds the repository: the other process deletes the branch', async () => {
  const repo = 'declined-then-killed';
  world.repository(repo);
  expect(await a.deliver(world.push(repo))).toBe(200);
  await until(() => world.pulls(repo).length === 1 && scanLines([a, b], 'scan finished', repo).length === 1, 'the PR');
  const [pull] = world.pulls(repo);
  const branch = pull!.headRef;
  expect(world.fake.branchHead('acme', repo, branch)).toBe(pull!.headSha);

  // A second scan of the repository stops at its first read: its process holds the repository's lock.
  world.fake.closePull({ owner: 'acme', repo, number: pull!.number });
  const hold = world.fake.holdNext('GET', new RegExp(`^/repos/acme/${repo}(/|$)`));
  expect(await a.deliver(world.push(repo))).toBe(200);
  await hold.reached;
  await until(() => scanLines([a, b], 'scan job started', repo).length === 2, 'the second scan job line');
  const [doomed, survivor] = scanLines([a, b], 'scan job started', repo)[1]!.app === 'a' ? [a, b] : [b, a];

  // The decline reaches the process holding the repository; its work waits for the lock.
  const closed = pullRequest(world.fake, { owner: 'acme', repo, number: pull!.number, action: 'closed' });
  expect(await doomed.deliver(closed)).toBe(200);
  expect(world.fake.branchHead('acme', repo, branch)).toBe(pull!.headSha);

  await doomed.kill();
  // The dead process's read, received whole before it died, runs now, as it would on GitHub.
  hold.release();
  await until(() => world.fake.branchHead('acme', repo, branch) === undefined, "the survivor to delete the declined PR's branch");

  // Once, by the survivor, holding the lock (the work starts only once the lock is held).
  const started = [a, b].flatMap((app) => app.logged('pull request job started', { repository: `acme/${repo}` }));
  expect(started).toEqual([expect.objectContaining({ pull: pull!.number, kind: 'closed' })]);
  expect(survivor.logged('pull request job started', { repository: `acme/${repo}` })).toHaveLength(1);
  expect(survivor.logged('pull request declined', { repository: `acme/${repo}`, pull: pull!.number })).toHaveLength(1);
  // The scan the dead process left is redone by the survivor: the decline stands, nothing reopened.
  await until(() => scanLines([survivor], 'scan finished', repo).length >= 1, 'the survivor to redo the scan');
  expect(world.pulls(repo).map((each) => each.state)).toEqual(['closed']);
  expect(world.fake.branches('acme', repo)).not.toContain(branch);
});
