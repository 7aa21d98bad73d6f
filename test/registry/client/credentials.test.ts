import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCredentialHelperRunner } from '../../../src/registry/client/credential-helper.js';
import { createCredentialStore, dockerConfigPath } from '../../../src/registry/client/credentials.js';

/**
 * A fake `docker-credential-test`: answers by the server URL it reads on stdin, and logs every
 * call so tests can see how often (and whether) helpers were run.
 */
const HELPER = `#!/bin/sh
read -r server
printf '%s\\n' "$server" >> "$HELPER_LOG"
case "$server" in
  ghcr.io) printf '{"ServerURL":"ghcr.io","Username":"octocat","Secret":"ghp_fromhelper"}' ;;
  https://index.docker.io/v1/) printf '{"ServerURL":"https://index.docker.io/v1/","Username":"<token>","Secret":"hub-refresh-token"}' ;;
  notfound.example) printf 'credentials not found in native keychain\\n'; exit 1 ;;
  broken.example) printf 'error getting credentials - err: exit status 1, out: keychain is locked\\n'; exit 3 ;;
  slow.example) exec /bin/sleep 5 ;;
  huge.example) exec /usr/bin/yes ;;
  garbage.example) printf 'Secret=supersecretvalue' ;;
  leaky.example) printf '{"Username":"u","Secret":"supersecretvalue"}'; exit 2 ;;
  *) printf 'credentials not found in native keychain\\n'; exit 1 ;;
esac
`;

let dir: string;
let log: string;
let warnings: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pinbot-creds-'));
  mkdirSync(join(dir, 'bin'));
  mkdirSync(join(dir, 'docker'));
  writeFileSync(join(dir, 'bin', 'docker-credential-test'), HELPER);
  chmodSync(join(dir, 'bin', 'docker-credential-test'), 0o755);
  log = join(dir, 'helper.log');
  warnings = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const b64 = (text: string) => Buffer.from(text).toString('base64');
const helperCalls = () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []);

function store(config: unknown, options: { timeoutMs?: number } = {}) {
  writeFileSync(join(dir, 'docker', 'config.json'), typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  const env = { DOCKER_CONFIG: join(dir, 'docker'), PATH: join(dir, 'bin'), HELPER_LOG: log };
  return createCredentialStore({
    env,
    warn: (message) => warnings.push(message),
    runHelper: createCredentialHelperRunner({ env, timeoutMs: options.timeoutMs ?? 5000, maxOutputBytes: 4096 }),
  });
}

describe('dockerConfigPath', () => {
  it('prefers DOCKER_CONFIG, then the given home, then HOME', () => {
    expect(dockerConfigPath({ DOCKER_CONFIG: '/cfg', HOME: '/h' }, '/other')).toBe('/cfg/config.json');
    expect(dockerConfigPath({ HOME: '/h' }, '/other')).toBe('/other/.docker/config.json');
    expect(dockerConfigPath({ HOME: '/h' })).toBe('/h/.docker/config.json');
    expect(dockerConfigPath({})).toBeUndefined();
  });
});

describe('credentials from config.json', () => {
  it('finds auths entries under any spelling of the registry', async () => {
    const credentials = store({
      auths: {
        'https://index.docker.io/v1/': { auth: b64('hubuser:hubpass') },
        'https://ghcr.io': { username: 'octocat', password: 'ghp_x' },
      },
    });
    expect(await credentials.get('docker.io')).toEqual({ kind: 'basic', username: 'hubuser', password: 'hubpass' });
    expect(await credentials.get('registry-1.docker.io')).toEqual({ kind: 'basic', username: 'hubuser', password: 'hubpass' });
    expect(await credentials.get('GHCR.IO')).toEqual({ kind: 'basic', username: 'octocat', password: 'ghp_x' });
    expect(await credentials.get('quay.io')).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it('reads ~/.docker/config.json from the given home when DOCKER_CONFIG is unset', async () => {
    mkdirSync(join(dir, 'home', '.docker'), { recursive: true });
    writeFileSync(join(dir, 'home', '.docker', 'config.json'), JSON.stringify({ auths: { 'ghcr.io': { auth: b64('me:pw') } } }));
    const credentials = createCredentialStore({ env: { HOME: '/nonexistent' }, homeDir: join(dir, 'home'), warn: (m) => warnings.push(m) });
    expect(await credentials.get('ghcr.io')).toEqual({ kind: 'basic', username: 'me', password: 'pw' });
  });

  it('is anonymous without a config file, and says nothing', async () => {
    const credentials = createCredentialStore({ env: { DOCKER_CONFIG: join(dir, 'missing') }, warn: (m) => warnings.push(m) });
    expect(await credentials.get('ghcr.io')).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it('reports a malformed config.json once, naming the file, and carries on anonymously', async () => {
    const credentials = store('{ "auths": { "ghcr.io": { "auth": "abc" } ');
    expect(await credentials.get('ghcr.io')).toBeUndefined();
    expect(await credentials.get('docker.io')).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${join(dir, 'docker', 'config.json')} is not valid JSON`);
  });

  it('reads nothing until credentials are asked for, and each registry once', async () => {
    let reads = 0;
    const credentials = createCredentialStore({
      env: { DOCKER_CONFIG: '/cfg' },
      warn: (m) => warnings.push(m),
      readFile: async () => {
        reads++;
        return JSON.stringify({ auths: { 'ghcr.io': { auth: b64('a:b') } } });
      },
    });
    expect(reads).toBe(0);
    await Promise.all([credentials.get('ghcr.io'), credentials.get('ghcr.io'), credentials.get('quay.io')]);
    expect(reads).toBe(1);
  });
});

describe('credential helpers', () => {
  it('runs the registry’s own helper with the server URL on stdin, lazily and once per registry', async () => {
    const credentials = store({ credHelpers: { 'ghcr.io': 'test' } });
    expect(helperCalls()).toEqual([]);
    expect(await credentials.get('ghcr.io')).toEqual({ kind: 'basic', username: 'octocat', password: 'ghp_fromhelper' });
    expect(await credentials.get('ghcr.io')).toEqual({ kind: 'basic', username: 'octocat', password: 'ghp_fromhelper' });
    expect(await credentials.get('quay.io')).toBeUndefined(); // no helper for it, no credsStore
    expect(helperCalls()).toEqual(['ghcr.io']);
  });

  it('uses credsStore for every registry, asking about Docker Hub by its legacy URL', async () => {
    const credentials = store({ credsStore: 'test', auths: { 'https://index.docker.io/v1/': {} } });
    expect(await credentials.get('docker.io')).toEqual({ kind: 'identity-token', token: 'hub-refresh-token', username: undefined });
    expect(helperCalls()).toEqual(['https://index.docker.io/v1/']);
  });

  it('falls back to the auths entry, silently, when the helper holds nothing', async () => {
    const credentials = store({ credsStore: 'test', auths: { 'notfound.example': { auth: b64('file:entry') } } });
    expect(await credentials.get('notfound.example')).toEqual({ kind: 'basic', username: 'file', password: 'entry' });
    expect(warnings).toEqual([]);
  });

  it.each([
    [
      'broken.example',
      'docker-credential-test failed (exit code 3): error getting credentials - err: exit status 1, out: keychain is locked',
    ],
    ['slow.example', 'docker-credential-test did not answer within 300 ms'],
    ['huge.example', 'docker-credential-test printed more than 4096 bytes'],
    ['garbage.example', 'docker-credential-test printed something that is not JSON'],
    ['leaky.example', 'docker-credential-test failed (exit code 2)'],
  ])('warns when the helper fails for %s, and carries on anonymously', async (registry, message) => {
    const credentials = store({ credHelpers: { [registry]: 'test' } }, { timeoutMs: 300 });
    expect(await credentials.get(registry)).toBeUndefined();
    expect(warnings).toEqual([`credential helper for ${registry}: ${message}; trying config.json entries, else anonymous`]);
    expect(warnings.join('\n')).not.toContain('supersecretvalue');
  });

  it('warns when the helper is not on PATH', async () => {
    const credentials = store({ credsStore: 'absent' });
    expect(await credentials.get('ghcr.io')).toBeUndefined();
    expect(warnings).toEqual([
      'credential helper for ghcr.io: docker-credential-absent was not found on PATH; trying config.json entries, else anonymous',
    ]);
  });
});
