import { describe, expect, it } from '@jest/globals';
import { helperServerUrl, normalizeConfigKey, parseDockerConfig } from '../../../src/registry/client/docker-config.js';
import { parseHelperOutput } from '../../../src/registry/client/credential-helper.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const FILE = '/home/dev/.docker/config.json';

describe('normalizeConfigKey', () => {
  it.each([
    ['https://index.docker.io/v1/', 'docker.io'],
    ['index.docker.io', 'docker.io'],
    ['registry-1.docker.io', 'docker.io'],
    ['docker.io', 'docker.io'],
    ['https://ghcr.io', 'ghcr.io'],
    ['https://GHCR.io/v2/', 'ghcr.io'],
    ['http://localhost:5000', 'localhost:5000'],
    ['localhost:5000', 'localhost:5000'],
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com', '123456789012.dkr.ecr.eu-west-1.amazonaws.com'],
    ['[::1]:5000', '[::1]:5000'],
    ['', undefined],
    ['https://', undefined],
    ['not a host', undefined],
  ])('%j → %j', (key, expected) => {
    expect(normalizeConfigKey(key)).toBe(expected);
  });
});

describe('parseDockerConfig', () => {
  it('reads every credential shape Docker writes', () => {
    const text = JSON.stringify({
      auths: {
        'https://index.docker.io/v1/': { auth: b64('hubuser:hub:pass:with:colons') },
        'ghcr.io': { username: 'octocat', password: 'ghp_example' },
        'myregistry.azurecr.io': { username: '00000000-0000-0000-0000-000000000000', identitytoken: 'refresh-abc' },
        'quay.io': { auth: b64('robot+ci:quaytoken'), identitytoken: 'id-wins' },
        'https://registry.gitlab.com': {},
        'docker.io': { auth: b64('second:ignored') },
      },
      credHelpers: { 'public.ecr.aws': 'ecr-login', 'https://europe-docker.pkg.dev': 'gcloud' },
      credsStore: 'desktop',
    });
    const parsed = parseDockerConfig(text, FILE);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(Object.fromEntries(parsed.config.auths)).toEqual({
      'docker.io': { kind: 'basic', username: 'hubuser', password: 'hub:pass:with:colons' },
      'ghcr.io': { kind: 'basic', username: 'octocat', password: 'ghp_example' },
      'myregistry.azurecr.io': { kind: 'identity-token', token: 'refresh-abc', username: '00000000-0000-0000-0000-000000000000' },
      'quay.io': { kind: 'identity-token', token: 'id-wins', username: 'robot+ci' },
    });
    expect(Object.fromEntries(parsed.config.credHelpers)).toEqual({ 'public.ecr.aws': 'ecr-login', 'europe-docker.pkg.dev': 'gcloud' });
    expect(parsed.config.credsStore).toBe('desktop');
    expect(parsed.config.warnings).toEqual([]);
  });

  it('warns about unusable entries by file and key, without quoting secrets', () => {
    const text = JSON.stringify({
      auths: {
        'bad.example': { auth: '!!!not-base64!!!' },
        'nocolon.example': { auth: b64('justauser') },
        'half.example': { username: 'only-user' },
        'https:///v1/': { auth: b64('a:b') },
        'weird.example': 'a string',
      },
      credHelpers: { 'x.example': '../../bin/sh', 'y.example': 42 },
      credsStore: 'has space',
    });
    const parsed = parseDockerConfig(text, FILE);
    expect(parsed.ok && [...parsed.config.auths]).toEqual([]);
    expect(parsed.ok && parsed.config.credsStore).toBeUndefined();
    expect(parsed.ok && parsed.config.warnings).toEqual([
      `${FILE}: auths["bad.example"].auth is not base64 of "username:password"; ignored`,
      `${FILE}: auths["nocolon.example"].auth is not base64 of "username:password"; ignored`,
      `${FILE}: auths["half.example"] has a username or password but not both; ignored`,
      `${FILE}: auths key "https:///v1/" does not name a registry host; ignored`,
      `${FILE}: auths["weird.example"] must be an object; ignored`,
      `${FILE}: credHelpers["x.example"] is not a credential helper name; ignored`,
      `${FILE}: credHelpers["y.example"] is not a credential helper name; ignored`,
      `${FILE}: credsStore is not a credential helper name; ignored`,
    ]);
  });

  it('reports malformed JSON naming the file', () => {
    const parsed = parseDockerConfig('{"auths": {', FILE);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(new RegExp(`^${FILE} is not valid JSON \\(.+\\); continuing without stored credentials$`));
    expect(parseDockerConfig('[]', FILE)).toEqual({
      ok: false,
      message: `${FILE} must contain a JSON object; continuing without stored credentials`,
    });
  });

  it('accepts an empty object and missing sections', () => {
    expect(parseDockerConfig('{}', FILE)).toEqual({
      ok: true,
      config: { auths: new Map(), credHelpers: new Map(), credsStore: undefined, warnings: [] },
    });
  });
});

describe('credential helper protocol', () => {
  it('asks about Docker Hub by its legacy URL and others by host', () => {
    expect(helperServerUrl('docker.io')).toBe('https://index.docker.io/v1/');
    expect(helperServerUrl('ghcr.io')).toBe('ghcr.io');
  });

  it.each([
    [
      '{"ServerURL":"ghcr.io","Username":"octocat","Secret":"ghp_x"}',
      { kind: 'found', credentials: { kind: 'basic', username: 'octocat', password: 'ghp_x' } },
    ],
    [
      '{"ServerURL":"x","Username":"<token>","Secret":"refresh"}',
      { kind: 'found', credentials: { kind: 'identity-token', token: 'refresh', username: undefined } },
    ],
    ['{"ServerURL":"x","Username":"","Secret":""}', { kind: 'not-found' }],
    ['{"Secret":"s3cr3t-value"}', { kind: 'failed', message: 'docker-credential-t returned a secret without a username' }],
    ['Secret: s3cr3t-value', { kind: 'failed', message: 'docker-credential-t printed something that is not JSON' }],
    ['"s3cr3t-value"', { kind: 'failed', message: 'docker-credential-t printed something that is not a JSON object' }],
  ])('%s', (stdout, expected) => {
    expect(parseHelperOutput(stdout, 'docker-credential-t')).toEqual(expected);
  });
});
