import { describe, expect, it } from '@jest/globals';
import { formatReference } from '../../src/reference/format.js';
import { canonicalize, splitDomain } from '../../src/reference/normalize.js';
import { MAX_PATH_LENGTH, MAX_REFERENCE_LENGTH, parseImageReference } from '../../src/reference/parse.js';
import type { ImageReference, ReferenceParseError } from '../../src/reference/types.js';

const HEX64 = '6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b';
const SHA256 = `sha256:${HEX64}`;
const SHA512 = `sha512:${'0123456789abcdef'.repeat(8)}`;

function parsed(text: string): ImageReference {
  const result = parseImageReference(text);
  if (!result.ok) {
    throw new Error(`expected ${JSON.stringify(text)} to parse, got: ${result.error.message}`);
  }
  return result.reference;
}

function failed(text: string): ReferenceParseError {
  const result = parseImageReference(text);
  if (result.ok) {
    throw new Error(`expected ${JSON.stringify(text)} to be rejected, got ${result.reference.name}`);
  }
  return result.error;
}

describe('Docker Hub normalisation', () => {
  it.each([
    ['node', 'docker.io', 'library/node'],
    ['docker.io/node', 'docker.io', 'library/node'],
    ['index.docker.io/node', 'docker.io', 'library/node'],
    ['registry-1.docker.io/node', 'docker.io', 'library/node'],
    ['registry-1.docker.io/bitnami/redis', 'docker.io', 'bitnami/redis'],
    ['index.docker.io/library/node', 'docker.io', 'library/node'],
    ['bitnami/redis', 'docker.io', 'bitnami/redis'],
    ['localhost/app', 'localhost', 'app'],
    ['ghcr.io/node', 'ghcr.io', 'node'],
  ])('%s → %s/%s', (input, registry, repository) => {
    const reference = parsed(input);
    expect([reference.registry, reference.repository, reference.name]).toEqual([registry, repository, `${registry}/${repository}`]);
  });

  it('keeps the user spelling in original and originalName while the name is canonical', () => {
    const reference = parsed(`index.docker.io/node:22-slim@${SHA256}`);
    expect(reference).toEqual({
      original: `index.docker.io/node:22-slim@${SHA256}`,
      originalName: 'index.docker.io/node',
      registry: 'docker.io',
      repository: 'library/node',
      name: 'docker.io/library/node',
      tag: '22-slim',
      digest: SHA256,
      digestAlgorithm: 'sha256',
    });
  });

  it('keeps an uppercase registry host as written, like upstream', () => {
    expect(parsed('Registry.Example.com/team/app').registry).toBe('Registry.Example.com');
  });

  it('only treats a first component with ".", ":", uppercase or "localhost" as a host', () => {
    expect(splitDomain('myorg/app')).toEqual({ domain: undefined, path: 'myorg/app' });
    expect(splitDomain('my.org/app')).toEqual({ domain: 'my.org', path: 'app' });
    expect(splitDomain('myorg:5000/app')).toEqual({ domain: 'myorg:5000', path: 'app' });
    expect(splitDomain('MyOrg/app')).toEqual({ domain: 'MyOrg', path: 'app' });
    expect(splitDomain('localhost/app')).toEqual({ domain: 'localhost', path: 'app' });
    expect(splitDomain('localhost')).toEqual({ domain: undefined, path: 'localhost' });
    expect(canonicalize({ domain: 'localhost', path: 'app' })).toEqual({ registry: 'localhost', repository: 'app' });
  });
});

describe('ports and IPv6 hosts', () => {
  it.each([
    ['localhost:5000/app:1', 'localhost:5000', 'app', '1'],
    ['127.0.0.1:5000/team/app:1', '127.0.0.1:5000', 'team/app', '1'],
    ['registry.example.com:443/app:1', 'registry.example.com:443', 'app', '1'],
    ['[::1]:5000/app:1', '[::1]:5000', 'app', '1'],
    ['[::1]/app:1', '[::1]', 'app', '1'],
    ['[2001:db8::1]:5000/team/app:v2', '[2001:db8::1]:5000', 'team/app', 'v2'],
  ])('%s', (input, registry, repository, tag) => {
    const reference = parsed(input);
    expect([reference.registry, reference.repository, reference.tag]).toEqual([registry, repository, tag]);
  });

  it('reads a port-like suffix without a path as a tag on a Hub image, like upstream', () => {
    expect(parsed('localhost:5000')).toMatchObject({ registry: 'docker.io', repository: 'library/localhost', tag: '5000' });
  });

  it('rejects non-numeric ports, zone identifiers and bare IPv6 hosts', () => {
    expect(failed('localhost:http/app').message).toContain('registry host "localhost:http"');
    expect(failed('[fe80::1%eth0]:5000/app').message).toContain('zone identifier');
    expect(failed('[::1]:5000').message).toContain('must be followed by "/" and a repository path');
    // Without a colon, `[5]` is not host-like, so (as upstream) it is read as an invalid Hub path.
    expect(failed('[5]/app').message).toContain('path component "[5]" is not valid');
  });
});

describe('digests', () => {
  it('accepts sha512 and reports its algorithm so callers can call it unsupported', () => {
    expect(parsed(`node:22@${SHA512}`)).toMatchObject({ digest: SHA512, digestAlgorithm: 'sha512', tag: '22' });
  });

  it('accepts other grammar-valid algorithms as written', () => {
    const digest = `sha256+b64u:${'ab'.repeat(20)}`;
    expect(parsed(`app@${digest}`)).toMatchObject({ digest, digestAlgorithm: 'sha256+b64u' });
  });

  it.each([
    [`node@sha256:${HEX64.slice(0, 40)}`, 'but it has 40'],
    [`node@sha256:${HEX64}0`, 'but it has 65'],
    [`node@sha256:${HEX64.toUpperCase()}`, 'uppercase letters'],
    [`node@sha256:${HEX64.slice(0, 63)}g`, 'not hex'],
  ])('rejects the malformed sha256 digest in %s', (input, reason) => {
    const error = failed(input);
    expect(error.code).toBe('invalid-digest');
    expect(error.message).toContain('a sha256 digest must be exactly 64 lowercase hex characters');
    expect(error.message).toContain(reason);
  });

  it('rejects short digests of other algorithms and malformed algorithms', () => {
    expect(failed('node@sha512:abcdef').code).toBe('invalid-digest');
    expect(failed(`node@2sha:${HEX64}`).message).toContain('digest algorithm "2sha"');
    expect(failed('node@').message).toContain('the digest after "@" is empty');
  });

  it('rejects an "@" anywhere but before the final digest', () => {
    for (const input of [`user@ghcr.io/app@${SHA256}`, 'user@ghcr.io/app', `app@x@${SHA256}`]) {
      expect(failed(input).message).toContain('"@" may appear only once, to introduce the digest at the end');
    }
  });
});

describe('case and length limits', () => {
  it('rejects uppercase in a Hub path but reads an uppercase first component as a host', () => {
    expect(failed('Foo').code).toBe('uppercase-repository');
    expect(failed('foo/Bar').message).toContain('repository path "foo/Bar" must be lowercase');
    expect(parsed('Foo/bar')).toMatchObject({ registry: 'Foo', repository: 'bar' });
    expect(parsed('Foo.com/bar')).toMatchObject({ registry: 'Foo.com', repository: 'bar' });
  });

  it('allows a path of exactly 255 characters and rejects 256', () => {
    const path255 = `team/${'a'.repeat(MAX_PATH_LENGTH - 5)}`;
    expect(parsed(`ghcr.io/${path255}`).repository).toHaveLength(255);
    const error = failed(`ghcr.io/${path255}b`);
    expect(error.code).toBe('name-too-long');
    expect(error.message).toContain('at most 255 characters');
  });

  it('counts the library/ prefix of Hub images, as upstream does', () => {
    expect(parsed('a'.repeat(247)).repository).toHaveLength(255);
    expect(failed('a'.repeat(248)).code).toBe('name-too-long');
  });

  it('accepts tags up to 128 characters', () => {
    expect(parsed(`node:${'v'.repeat(128)}`).tag).toHaveLength(128);
    expect(failed(`node:${'v'.repeat(129)}`).message).toContain('the tag is 129 characters long; tags are at most 128');
  });

  it('rejects input over the length bound before matching anything', () => {
    const error = failed(`ghcr.io/${'a/'.repeat(MAX_REFERENCE_LENGTH)}`);
    expect(error.code).toBe('invalid-format');
    expect(error.message).toContain(`longer than ${MAX_REFERENCE_LENGTH} characters`);
  });
});

describe('error messages', () => {
  it.each([
    ['', 'empty', '"" is not a valid image reference: it is empty'],
    [':22', 'invalid-format', '":22" is not a valid image reference: it has no repository name'],
    ['node:22 ', 'invalid-format', '"node:22 " is not a valid image reference: it contains whitespace'],
    ['node\t', 'invalid-format', '"node\\t" is not a valid image reference'],
    ['node:.x', 'invalid-tag', 'tag ".x" must not start with "." or "-"'],
    ['node:1.0+b', 'invalid-tag', 'tag "1.0+b" may contain only letters, digits'],
    ['node:', 'invalid-tag', 'the tag after ":" is empty'],
    ['my__/app', 'invalid-format', 'path component "my__" is not valid'],
    ['ghcr.io//app', 'invalid-format', 'has an empty component'],
    ['ghcr.io/', 'invalid-format', 'nothing follows registry "ghcr.io"'],
    ['foo_bar.com/app', 'invalid-format', 'registry host "foo_bar.com" is not a valid host'],
    [HEX64, 'invalid-format', 'is an image ID, not a repository name'],
  ])('%j → %s', (input, code, text) => {
    const error = failed(input);
    expect(error.code).toBe(code);
    expect(error.message).toContain(text);
  });

  it('shortens very long inputs in the message and states their length', () => {
    const input = `ghcr.io/${'x'.repeat(5000)}`;
    const { message } = failed(input);
    expect(message.startsWith(`"ghcr.io/${'x'.repeat(52)}…" (5008 characters) is not a valid image reference`)).toBe(true);
    expect(message.length).toBeLessThan(200);
  });
});

describe('formatReference', () => {
  it('writes the original spelling by default and the canonical name on request', () => {
    const reference = parsed(`index.docker.io/node:22@${SHA256}`);
    expect(formatReference(reference)).toBe(`index.docker.io/node:22@${SHA256}`);
    expect(formatReference(reference, 'canonical')).toBe(`docker.io/library/node:22@${SHA256}`);
  });

  it('writes a new digest in the user spelling, leaving out absent parts', () => {
    const reference = parsed('node');
    expect(formatReference({ ...reference, digest: SHA256 })).toBe(`node@${SHA256}`);
    expect(formatReference(reference, 'canonical')).toBe('docker.io/library/node');
  });
});
