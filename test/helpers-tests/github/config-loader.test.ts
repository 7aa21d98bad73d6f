import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { startFakeGitHub, type FakeGitHub } from '../../helpers/github/index.js';
import { installationToken, octokitFor, type TestOctokitInstance } from './setup.js';

// Probot's config loader (octokit.config.get) asks for contents in the raw media type and falls back
// to the owner's `.github` repository when the repository has no file.
let fake: FakeGitHub;
let octokit: TestOctokitInstance;
const path = '.github/pinbot.yml';

beforeAll(async () => {
  fake = await startFakeGitHub();
  fake.createRepo({ owner: 'acme', repo: 'own-config', files: { [path]: 'group: image\nlabels: [deps]\n' } });
  fake.createRepo({ owner: 'acme', repo: 'inherits', files: { Dockerfile: 'FROM alpine\n' } });
  fake.createRepo({ owner: 'acme', repo: '.github', files: { [path]: 'labels: [org-default]\n_extends: shared-config\n' } });
  fake.createRepo({ owner: 'acme', repo: 'shared-config', files: { [path]: 'commitMessagePrefix: build(deps)\nlabels: [shared]\n' } });
  fake.createRepo({ owner: 'acme', repo: 'foreign', files: { [path]: '_extends: evilcorp/.github\n' } });
  fake.createRepo({ owner: 'evilcorp', repo: '.github', files: { [path]: 'openPullRequestsLimit: 99\n' } });
  fake.createRepo({ owner: 'solo', repo: 'bare', files: { 'README.md': '# bare\n' } });
  fake.addInstallation({ id: 1, account: 'acme' });
  octokit = octokitFor(fake, await installationToken(fake, 1));
});
afterAll(async () => {
  await fake.stop();
});

test("reads the repository's own file", async () => {
  const { config, files } = await octokit.config.get({ owner: 'acme', repo: 'own-config', path });
  expect(config).toEqual({ group: 'image', labels: ['deps'] });
  expect(files.map((f) => `${f.owner}/${f.repo}`)).toEqual(['acme/own-config']);
});

test("falls back to the owner's .github repository and follows _extends within the owner", async () => {
  const { config, files } = await octokit.config.get({ owner: 'acme', repo: 'inherits', path });
  expect(files.map((f) => [`${f.owner}/${f.repo}`, f.config !== null])).toEqual([
    ['acme/inherits', false],
    ['acme/.github', true],
    ['acme/shared-config', true],
  ]);
  expect(config).toEqual({ commitMessagePrefix: 'build(deps)', labels: ['org-default'] });
});

test('reports which owner an _extends came from, so callers can refuse other owners', async () => {
  const { files } = await octokit.config.get({ owner: 'acme', repo: 'foreign', path });
  expect(files.map((f) => f.owner)).toEqual(['acme', 'evilcorp']);
  // The installation does not cover evilcorp, so GitHub answers 404 and the loader sees no config there.
  expect(files[1]?.config).toBeNull();
});

test('no file anywhere means an empty config, not an error', async () => {
  const plain = octokitFor(fake);
  const { config, files } = await plain.config.get({ owner: 'solo', repo: 'bare', path });
  expect(config).toEqual({});
  expect(files.map((f) => `${f.owner}/${f.repo}`)).toEqual(['solo/bare', 'solo/.github']);
});

test('reads the file at a branch when one is given', async () => {
  fake.pushCommit({ owner: 'acme', repo: 'own-config', branch: 'edit-config', from: 'main', files: { [path]: 'group: repository\n' } });
  const { config } = await octokit.config.get({ owner: 'acme', repo: 'own-config', path, branch: 'edit-config' });
  expect(config).toEqual({ group: 'repository' });
});

test('a server error is thrown, not mistaken for "no config"', async () => {
  fake.failNext('GET', '/repos/{owner}/{repo}/contents/{path}', 502);
  await expect(octokit.config.get({ owner: 'acme', repo: 'own-config', path })).rejects.toMatchObject({ status: 502 });
});
