import { describe, expect, it } from '@jest/globals';
import { parseConfigFile, type ConfigFileParser } from '../../src/config/config-file.js';
import { DEFAULT_CONFIG } from '../../src/config/schema.js';
import { loadRepoConfig } from '../../src/github/config.js';
import { mergeConfigs } from '../../src/github/config-merge.js';
import { GitHubError } from '../../src/github/errors.js';
import { github, REPO, testOctokit, useStrictNock } from './support.js';

useStrictNock();

/** In this thread: the pool's worker runs the same pure function (test/config/config-pool.test.ts). */
const parse: ConfigFileParser = async (text, source) => parseConfigFile(text, source);

const REPO_FILE = '/repos/acme/api/contents/.github%2Fpinbot.yml';
const ORG_FILE = '/repos/acme/.github/contents/.github%2Fpinbot.yml';
const RAW = { 'content-type': 'text/plain; charset=utf-8' };
const NOT_FOUND = { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/repos/contents#get-repository-content' };

describe('loadRepoConfig', () => {
  it("reads the repository's own file", async () => {
    github().get(REPO_FILE).reply(200, 'labels: [dependencies, containers]\nreviewers: [octocat]\ngroup: image\n', RAW);

    const result = await loadRepoConfig(testOctokit(), REPO, { parse });
    expect(result).toEqual({
      ok: true,
      config: { ...DEFAULT_CONFIG, labels: ['dependencies', 'containers'], reviewers: ['octocat'], group: 'image' },
      files: [{ owner: 'acme', repo: 'api', path: '.github/pinbot.yml' }],
    });
  });

  it('reads the file at the given branch', async () => {
    github().get(REPO_FILE).query({ ref: 'feature/config' }).reply(200, 'openPullRequestsLimit: 3\n', RAW);

    const result = await loadRepoConfig(testOctokit(), REPO, { branch: 'feature/config', parse });
    expect(result.ok && result.config.openPullRequestsLimit).toBe(3);
  });

  it("uses all defaults when neither the repository nor the owner's .github repository has a file", async () => {
    github().get(REPO_FILE).reply(404, NOT_FOUND).get(ORG_FILE).reply(404, NOT_FOUND);

    await expect(loadRepoConfig(testOctokit(), REPO, { parse })).resolves.toEqual({ ok: true, config: DEFAULT_CONFIG, files: [] });
  });

  it("falls back to the owner's .github repository", async () => {
    github().get(REPO_FILE).reply(404, NOT_FOUND).get(ORG_FILE).reply(200, 'labels: [deps]\ntimezone: Europe/Berlin\n', RAW);

    const result = await loadRepoConfig(testOctokit(), REPO, { parse });
    expect(result).toEqual({
      ok: true,
      config: { ...DEFAULT_CONFIG, labels: ['deps'], timezone: 'Europe/Berlin' },
      files: [{ owner: 'acme', repo: '.github', path: '.github/pinbot.yml' }],
    });
  });

  it('replaces lists rather than concatenating them when a repository extends the owner defaults', async () => {
    github()
      .get(REPO_FILE)
      .reply(200, '_extends: .github\nlabels: [docker-images]\nregistryMirrors:\n  ghcr.io: ghcr-cache.acme.internal\n', RAW)
      .get(ORG_FILE)
      .reply(200, 'labels: [dependencies, docker, org-wide]\nexclude: [vendor/**]\nregistryMirrors:\n  docker.io: mirror.gcr.io\n', RAW);

    const result = await loadRepoConfig(testOctokit(), REPO, { parse });
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.config.labels).toEqual(['docker-images']);
    expect(result.config.exclude).toEqual(['vendor/**']);
    // Mappings still merge key by key.
    expect(result.config.registryMirrors).toEqual({ 'docker.io': 'mirror.gcr.io', 'ghcr.io': 'ghcr-cache.acme.internal' });
    expect(result.files).toEqual([
      { owner: 'acme', repo: 'api', path: '.github/pinbot.yml' },
      { owner: 'acme', repo: '.github', path: '.github/pinbot.yml' },
    ]);
  });

  it('rejects _extends pointing to another owner', async () => {
    github().get(REPO_FILE).reply(200, '_extends: evil-corp/configs\nlabels: [deps]\n', RAW);
    // No mock for evil-corp's file: it is never even asked for.

    await expect(loadRepoConfig(testOctokit(), REPO, { parse })).resolves.toEqual({
      ok: false,
      errors: [
        '.github/pinbot.yml: _extends: evil-corp/configs:.github/pinbot.yml belongs to another owner; only repositories of acme can be extended',
      ],
    });
  });

  it('rejects a cross-owner _extends found in the owner defaults too', async () => {
    github().get(REPO_FILE).reply(404, NOT_FOUND).get(ORG_FILE).reply(200, '_extends: other/shared:pinbot.yaml\n', RAW);

    await expect(loadRepoConfig(testOctokit(), REPO, { parse })).resolves.toEqual({
      ok: false,
      errors: [
        'acme/.github:.github/pinbot.yml: _extends: other/shared:pinbot.yaml belongs to another owner; only repositories of acme can be extended',
      ],
    });
  });

  it("never asks for another owner's file, so no answer of its can steer the result", async () => {
    github().get(REPO_FILE).reply(200, '_extends: other/private-config\n', RAW);

    const result = await loadRepoConfig(testOctokit(), REPO, { parse });
    expect(result).toEqual({
      ok: false,
      errors: [expect.stringContaining('_extends: other/private-config:.github/pinbot.yml belongs to another owner')],
    });
  });

  it('names the file and key path of an invalid setting', async () => {
    github().get(REPO_FILE).reply(200, 'labels: docker\nopenPullRequestsLimit: -1\n', RAW);

    const result = await loadRepoConfig(testOctokit(), REPO, { parse });
    expect(result).toEqual({
      ok: false,
      errors: [
        '.github/pinbot.yml:1: labels: expected a list, got string "docker"',
        expect.stringMatching(/^\.github\/pinbot\.yml:2: openPullRequestsLimit: /),
      ],
    });
  });

  it("names the owner's file when the mistake is there", async () => {
    github().get(REPO_FILE).reply(404, NOT_FOUND).get(ORG_FILE).reply(200, 'lables: [deps]\n', RAW);

    await expect(loadRepoConfig(testOctokit(), REPO, { parse })).resolves.toEqual({
      ok: false,
      errors: ['acme/.github:.github/pinbot.yml:1: unknown key "lables" (did you mean "labels"?)'],
    });
  });

  it('reports invalid YAML with its line and column', async () => {
    github().get(REPO_FILE).reply(200, 'labels:\n  - deps\n reviewers: [a\n', RAW);

    await expect(loadRepoConfig(testOctokit(), REPO, { parse })).resolves.toEqual({
      ok: false,
      errors: [
        '.github/pinbot.yml:3:1: invalid YAML: All mapping items must start at the same column',
        '.github/pinbot.yml:4:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
      ],
    });
  });

  it('reports a file that holds a single value instead of settings', async () => {
    github().get(REPO_FILE).reply(200, 'just some text\n', RAW);

    await expect(loadRepoConfig(testOctokit(), REPO, { parse })).resolves.toEqual({
      ok: false,
      errors: ['.github/pinbot.yml: expected a mapping of settings, got a single value'],
    });
  });

  it('reports an _extends that is not a repository name', async () => {
    github().get(REPO_FILE).reply(200, '_extends: [a, b]\n', RAW);

    await expect(loadRepoConfig(testOctokit(), REPO, { parse })).resolves.toEqual({
      ok: false,
      errors: ['.github/pinbot.yml: _extends: invalid value ["a","b"]; expected "repo", "owner/repo" or "repo:path.yml"'],
    });
  });

  it('asks for the raw file, never base64 JSON for the event loop to parse', async () => {
    github().get(REPO_FILE).matchHeader('accept', 'application/vnd.github.raw').reply(200, 'labels: [deps]\n', RAW);

    const result = await loadRepoConfig(testOctokit(), REPO, { parse });
    expect(result.ok && result.config.labels).toEqual(['deps']);
  });

  it('refuses a file over 1 MiB without reading it all', async () => {
    const big = `labels:\n${'  - x\n'.repeat(200_000)}`;
    github().get(REPO_FILE).reply(200, big, RAW);

    await expect(loadRepoConfig(testOctokit(), REPO, { parse })).resolves.toEqual({
      ok: false,
      errors: ['.github/pinbot.yml: the file is larger than the 1,048,576 bytes a config file may have'],
    });
  });

  it('refuses a file that is not UTF-8, saying where', async () => {
    github()
      .get(REPO_FILE)
      .reply(200, Buffer.from([0x6c, 0x61, 0x62, 0x65, 0x6c, 0x73, 0x3a, 0x20, 0xff, 0x0a]), RAW);

    await expect(loadRepoConfig(testOctokit(), REPO, { parse })).resolves.toEqual({
      ok: false,
      errors: ['.github/pinbot.yml: not valid UTF-8 at byte 8 (line 1)'],
    });
  });

  it('says so when the path is a directory', async () => {
    github()
      .get(REPO_FILE)
      .reply(200, [{ type: 'file', name: 'x.yml' }]);

    await expect(loadRepoConfig(testOctokit(), REPO, { parse })).resolves.toEqual({
      ok: false,
      errors: ['.github/pinbot.yml: is a directory or a submodule, expected a YAML file'],
    });
  });

  it('stops at files that extend each other in a loop', async () => {
    github().get(REPO_FILE).reply(200, '_extends: .github\n', RAW).get(ORG_FILE).reply(200, '_extends: api\nlabels: [x]\n', RAW);

    await expect(loadRepoConfig(testOctokit(), REPO, { parse })).resolves.toEqual({
      ok: false,
      errors: [
        'acme/.github:.github/pinbot.yml: _extends: acme/api:.github/pinbot.yml was already read: the files extend each other in a loop',
      ],
    });
  });

  it('fails closed when GitHub cannot answer', async () => {
    github().get(REPO_FILE).reply(502, 'Bad Gateway', { 'content-type': 'text/html' });

    const failure = loadRepoConfig(testOctokit(), REPO, { parse });
    await expect(failure).rejects.toBeInstanceOf(GitHubError);
    await expect(failure).rejects.toThrow('GET /repos/acme/api/contents/.github/pinbot.yml: 502 Bad Gateway');
  });

  it("fails closed when the owner's defaults cannot be read", async () => {
    github().get(REPO_FILE).reply(404, NOT_FOUND).get(ORG_FILE).reply(500, { message: 'Server Error' });

    await expect(loadRepoConfig(testOctokit(), REPO, { parse })).rejects.toMatchObject({
      status: 500,
      message: 'GET /repos/acme/.github/contents/.github/pinbot.yml: 500 Server Error',
    });
  });
});

describe('mergeConfigs', () => {
  it('lets the more specific file replace lists and scalars and merge mappings', () => {
    expect(
      mergeConfigs([
        { labels: ['dependencies', 'docker'], forks: true, registryMirrors: { 'docker.io': 'mirror.gcr.io' } },
        { labels: ['deps'], registryMirrors: { 'ghcr.io': 'cache.internal' } },
      ]),
    ).toEqual({ labels: ['deps'], forks: true, registryMirrors: { 'docker.io': 'mirror.gcr.io', 'ghcr.io': 'cache.internal' } });
  });

  it('keeps a __proto__ key as an ordinary key for validation to reject', () => {
    const merged = mergeConfigs([JSON.parse('{"__proto__": {"polluted": true}}')]);
    expect(Object.keys(merged)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
  });

  it('skips entries that are not mappings', () => {
    expect(mergeConfigs([['a'], 'text', null, { forks: false }])).toEqual({ forks: false });
  });
});
