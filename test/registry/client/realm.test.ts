import { describe, expect, it } from '@jest/globals';
import { checkRealm, checkTargetAddress, mayReceiveCredentials } from '../../../src/registry/client/realm.js';

const https = (hostname: string) => ({ hostname, scheme: 'https' as const });
const http = (hostname: string) => ({ hostname, scheme: 'http' as const });

describe('mayReceiveCredentials', () => {
  it.each([
    ['ghcr.io', 'ghcr.io'],
    ['auth.docker.io', 'registry-1.docker.io'],
    ['docker.io', 'registry-1.docker.io'],
    ['gitlab.com', 'registry.gitlab.com'],
    ['auth.gitlab.com', 'registry.gitlab.com'],
    ['AUTH.Docker.IO.', 'registry-1.docker.io'],
    ['registry.example.co.uk', 'registry.example.co.uk'],
    ['auth.example.co.uk', 'registry.example.co.uk'],
    ['127.0.0.1', '127.0.0.1'],
    ['[::1]', '[::1]'],
    ['myreg.azurecr.io', 'myreg.azurecr.io'],
    ['us-docker.pkg.dev', 'us-docker.pkg.dev'],
  ])('%s may receive credentials for %s', (realm, registry) => {
    expect(mayReceiveCredentials(realm, registry)).toBe(true);
  });

  it.each([
    ['evil.io', 'ghcr.io', 'a bare two-label registry has no trusted parent'],
    ['token.ghcr.io.evil.com', 'ghcr.io', 'a lookalike suffix'],
    ['notdocker.io', 'registry-1.docker.io', 'a different name with the same ending'],
    ['evil.co.uk', 'example.co.uk', 'the parent would be the public suffix co.uk'],
    ['attacker.com.au', 'shop.com.au', 'the parent would be the public suffix com.au'],
    ['docker.io', 'auth.docker.io.evil.com', 'the realm is only a label of the registry'],
    ['127.0.0.2', '127.0.0.1', 'IP addresses only match themselves'],
    ['0.0.1', '10.0.0.1', 'IP addresses have no parent domain'],
    ['evil.azurecr.io', 'myreg.azurecr.io', 'another tenant of a hosted registry'],
    ['azurecr.io', 'myreg.azurecr.io', 'the hosting domain is not the tenant'],
    ['evil-docker.pkg.dev', 'us-docker.pkg.dev', 'another Artifact Registry host'],
    ['999.dkr.ecr.us-east-1.amazonaws.com', '123.dkr.ecr.us-east-1.amazonaws.com', 'another AWS account'],
    ['other.jfrog.io', 'acme.jfrog.io', 'another JFrog tenant'],
  ])('%s may not receive credentials for %s (%s)', (realm, registry) => {
    expect(mayReceiveCredentials(realm, registry)).toBe(false);
  });
});

describe('checkRealm', () => {
  it('allows Docker Hub’s token service with credentials', () => {
    const decision = checkRealm('https://auth.docker.io/token', https('registry-1.docker.io'));
    expect(decision).toMatchObject({ kind: 'allowed', sendCredentials: true });
  });

  it('allows a foreign HTTPS realm, but only anonymously', () => {
    expect(checkRealm('https://auth.evil.test/token', https('ghcr.io'))).toMatchObject({ kind: 'allowed', sendCredentials: false });
  });

  it.each([
    ['http://auth.docker.io/token', https('registry-1.docker.io'), 'is not HTTPS'],
    ['https://169.254.169.254/latest/meta-data', https('registry.example.com'), 'cloud metadata address'],
    ['https://metadata.google.internal/token', https('registry.example.com'), 'cloud metadata address'],
    ['https://[fd00:ec2::254]/token', https('registry.example.com'), 'cloud metadata address'],
    ['https://10.0.0.7/token', https('registry.example.com'), 'private-network address'],
    ['https://127.0.0.1:8080/token', https('registry.example.com'), 'loopback address'],
    ['https://localhost/token', https('registry.example.com'), 'loopback address'],
    ['https://[fe80::1]/token', https('registry.example.com'), 'link-local address'],
    ['https://user:pw@auth.example.com/token', https('registry.example.com'), 'embeds credentials'],
    ['ftp://auth.example.com/token', https('registry.example.com'), 'is not HTTPS'],
    ['not a url', https('registry.example.com'), 'is not a URL'],
    ['https://169.254.169.254/token', http('127.0.0.1'), 'cloud metadata address'],
  ])('refuses %s for %o', (realm, origin, reason) => {
    const decision = checkRealm(realm, origin);
    expect(decision.kind).toBe('refused');
    expect(decision.kind === 'refused' && decision.reason).toContain(reason);
  });

  it('allows plain HTTP and a loopback realm for a plain-HTTP loopback registry', () => {
    expect(checkRealm('http://127.0.0.1:5001/auth', http('127.0.0.1'))).toMatchObject({ kind: 'allowed', sendCredentials: true });
    expect(checkRealm('http://localhost:5001/auth', http('127.0.0.1'))).toMatchObject({ kind: 'allowed', sendCredentials: false });
  });

  it('allows a private realm for a registry on a private network', () => {
    expect(checkRealm('https://10.0.0.8/token', https('10.0.0.7'))).toMatchObject({ kind: 'allowed', sendCredentials: false });
  });

  it('names the refused host in the reason', () => {
    const decision = checkRealm('http://169.254.169.254/latest/meta-data/iam', https('registry.example.com'));
    expect(decision.kind === 'refused' && decision.reason).toContain('http://169.254.169.254');
  });
});

describe('checkTargetAddress', () => {
  it('allows public targets from anywhere and refuses metadata from anywhere else', () => {
    expect(checkTargetAddress('production.cloudflare.docker.com', https('registry-1.docker.io'))).toEqual({ ok: true });
    expect(checkTargetAddress('169.254.169.254', http('localhost')).ok).toBe(false);
    expect(checkTargetAddress('169.254.169.254', http('169.254.169.254')).ok).toBe(true);
  });
});
