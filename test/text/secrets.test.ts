import { describe, expect, it } from '@jest/globals';
import { looksSecret, redactSecrets, REDACTED, valueExcerpt } from '../../src/text/secrets.js';

// Shaped like real credentials, made up for the test.
const SECRETS = [
  'ghp_R8xKq2LmZ7vT0pWn4YhB6cJd9sFa3Ge1Uo5N',
  'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJK',
  'glpat-xK3mP9qR2sT5vW8yZ1aB',
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwaW5ib3QifQ.c2lnbmF0dXJl',
  '-----BEGIN OPENSSH PRIVATE KEY-----',
  'dckr_pat_2b3e36beeb386dfdaacb9b46004ccb7c',
  'npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8',
  '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b',
  'Zm9vYmFyMTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1u',
  'password=hunter2 token=Xk7pQ2rT9wL4mN8vB3cZ6yH1',
];

const ORDINARY = [
  'deploy/apps/web2/frontend-v2/Dockerfile',
  'registry-mirror-2024-production',
  'services/payments-api/Dockerfile',
  'test/fixtures/generated2024/**',
  '.github/workflows/build-and-push.yml',
  'before 6am on monday',
  'Europe/Berlin',
  'mirror.gcr.io',
  'localhost:5000',
  'node:22-slim',
  'ubuntu-22.04-arm64-v8-minimal',
  'platform-team-kubernetes-2',
  'updateOnIndexOnlyChange',
  'chore(deps)',
];

describe('looksSecret', () => {
  it.each(SECRETS)('flags %s', (secret) => {
    expect(looksSecret(secret)).toBe(true);
    expect(looksSecret(`  prefix ${secret} suffix`)).toBe(true);
  });

  it.each(ORDINARY)('leaves %s alone', (value) => {
    expect(looksSecret(value)).toBe(false);
  });
});

describe('valueExcerpt', () => {
  it('shows at most 40 characters, escaped', () => {
    expect(valueExcerpt('a'.repeat(100))).toBe(`${'a'.repeat(39)}…`);
    expect(valueExcerpt('ok\u001b[2J')).toBe('ok\\u001b[2J');
  });

  it('redacts a value that holds a secret anywhere in its first few hundred characters', () => {
    expect(valueExcerpt(`${'x '.repeat(100)}ghp_R8xKq2LmZ7vT0pWn4YhB6cJd9sFa3Ge1Uo5N`)).toBe(REDACTED);
  });
});

describe('redactSecrets', () => {
  it('replaces the words that look secret and everything after PEM armour', () => {
    expect(redactSecrets('unexpected word "ghp_R8xKq2LmZ7vT0pWn4YhB6cJd9sFa3Ge1Uo5N" here')).toBe(`unexpected word ${REDACTED} here`);
    expect(redactSecrets('bad: -----BEGIN RSA PRIVATE KEY----- MIIEowIBAAKCAQEA')).toBe(`bad: ${REDACTED}`);
    expect(redactSecrets('Unresolved tag: !foo\u0007')).toBe('Unresolved tag: !foo\\u0007');
  });

  it('caps a long message', () => {
    expect(redactSecrets('word '.repeat(1000)).length).toBeLessThanOrEqual(300);
  });
});
