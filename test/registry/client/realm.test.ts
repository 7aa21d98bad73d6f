import { describe, expect, it } from '@jest/globals';
import { originOf, type Origin } from '../../../src/registry/client/origin.js';
import { checkRealm, checkTargetAddress, mayReceiveCredentials } from '../../../src/registry/client/realm.js';

const origin = (url: string): Origin => {
  const parsed = originOf(url);
  if (parsed === undefined) throw new Error(`not an http(s) URL: ${url}`);
  return parsed;
};
/** The origin of a registry named `host[:port]` reached over HTTPS or plain HTTP. */
const https = (host: string) => origin(`https://${host}`);
const http = (host: string) => origin(`http://${host}`);

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
    ['registry.example.com:443', 'registry.example.com'],
    ['auth.example.com:8443', 'registry.example.com:8443'],
  ])('%s may receive credentials for %s', (realm, registry) => {
    expect(mayReceiveCredentials(https(realm), https(registry))).toBe(true);
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
    // Issue 8, finding 6: another port of the same host is another service.
    ['registry.example.com:8443', 'registry.example.com', 'another port of the registry’s host'],
    ['registry.example.com', 'registry.example.com:5000', 'the default port of a registry on another port'],
    ['auth.example.com:8443', 'registry.example.com', 'the parent domain on another port'],
    ['127.0.0.1:5001', '127.0.0.1:5000', 'another loopback port'],
  ])('%s may not receive credentials for %s (%s)', (realm, registry) => {
    expect(mayReceiveCredentials(https(realm), https(registry))).toBe(false);
  });

  it('needs the same scheme: an HTTPS registry’s credentials never go to a plain-HTTP realm on its host', () => {
    expect(mayReceiveCredentials(http('registry.example.com:443'), https('registry.example.com'))).toBe(false);
    expect(mayReceiveCredentials(http('localhost:5000'), http('localhost:5000'))).toBe(true);
    expect(mayReceiveCredentials(https('localhost:5000'), http('localhost:5000'))).toBe(false);
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
    expect(checkRealm('http://127.0.0.1:5001/auth', http('127.0.0.1:5001'))).toMatchObject({ kind: 'allowed', sendCredentials: true });
    expect(checkRealm('http://localhost:5001/auth', http('127.0.0.1:5001'))).toMatchObject({ kind: 'allowed', sendCredentials: false });
  });

  it('allows a realm on another port of the registry’s host, but only anonymously (issue 8, finding 6)', () => {
    expect(checkRealm('http://127.0.0.1:5001/auth', http('127.0.0.1:5000'))).toMatchObject({ kind: 'allowed', sendCredentials: false });
    expect(checkRealm('https://registry.example.com:8443/token', https('registry.example.com'))).toMatchObject({
      kind: 'allowed',
      sendCredentials: false,
    });
    expect(checkRealm('https://REGISTRY.example.com:443/token', https('registry.example.com'))).toMatchObject({
      kind: 'allowed',
      sendCredentials: true,
    });
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
