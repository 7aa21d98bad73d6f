import { describe, expect, test } from '@jest/globals';
import bcrypt from 'bcryptjs';
import { parse } from 'yaml';
import { htpasswdFile } from '../helpers/registry/htpasswd.js';
import { registryConfigYaml } from '../helpers/registry/registry-config.js';

const base = { port: 5123, storageDirectory: '/tmp/x/storage', httpSecret: 'secret' };

describe('registryConfigYaml', () => {
  test('loopback address, filesystem storage with deletes, quiet logs, no auth', () => {
    expect(parse(registryConfigYaml({ ...base, auth: { kind: 'none' } }))).toEqual({
      version: 0.1,
      log: { level: 'error', accesslog: { disabled: true } },
      storage: { filesystem: { rootdirectory: '/tmp/x/storage' }, delete: { enabled: true } },
      http: { addr: '127.0.0.1:5123', secret: 'secret' },
    });
  });

  test('htpasswd auth', () => {
    const config = parse(registryConfigYaml({ ...base, auth: { kind: 'htpasswd', htpasswdPath: '/tmp/x/htpasswd' } })) as { auth: unknown };
    expect(config.auth).toEqual({ htpasswd: { realm: 'pinbot-test-registry', path: '/tmp/x/htpasswd' } });
  });

  test('token auth', () => {
    const auth = { kind: 'token' as const, realm: 'http://127.0.0.1:9/token', service: 'svc', issuer: 'iss', rootCertBundle: '/tmp/c.pem' };
    const config = parse(registryConfigYaml({ ...base, auth })) as { auth: unknown };
    expect(config.auth).toEqual({
      token: { realm: 'http://127.0.0.1:9/token', service: 'svc', issuer: 'iss', rootcertbundle: '/tmp/c.pem' },
    });
  });
});

describe('htpasswdFile', () => {
  test('one bcrypt line per user, verifying the password', () => {
    const lines = htpasswdFile([
      { username: 'alice', password: 'a' },
      { username: 'bob', password: 'b:c' },
    ]).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    const [user, hash] = (lines[1] ?? '').split(/:(.*)/s);
    expect(user).toBe('bob');
    expect(hash).toMatch(/^\$2[aby]\$04\$/);
    expect(bcrypt.compareSync('b:c', hash ?? '')).toBe(true);
    expect(bcrypt.compareSync('b', hash ?? '')).toBe(false);
  });

  test.each(['', 'a:b', 'a\nb'])('refuses username %j', (username) => {
    expect(() => htpasswdFile([{ username, password: 'x' }])).toThrow('must be non-empty');
  });
});
