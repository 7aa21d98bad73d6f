/**
 * The name tables of distribution/reference (reference_test.go, normalize_test.go,
 * regexp_test.go), ported case for case as data. Upstream's plain `Parse` keeps any first
 * component as the domain; pinbot follows `ParseNormalizedNamed`, so expectations below are the
 * normalised ones (registry `docker.io`, `library/` for single components). Where pinbot's result
 * differs from upstream's on purpose, the case carries a `note` saying why.
 */
import type { ReferenceErrorCode } from '../../src/reference/types.js';

export const SHA256_F = `sha256:${'f'.repeat(64)}`;
export const SHA512_F = `sha512:${'f'.repeat(128)}`;
const SHA256_DBCC = 'sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c';

export interface ValidCase {
  readonly input: string;
  readonly registry: string;
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
  readonly note?: string;
}

export interface InvalidCase {
  readonly input: string;
  readonly error: ReferenceErrorCode;
  readonly note?: string;
}

export type ParseCase = ValidCase | InvalidCase;

/** reference_test.go TestReferenceParse. */
export const REFERENCE_PARSE_CASES: readonly ParseCase[] = [
  { input: 'test_com', registry: 'docker.io', repository: 'library/test_com' },
  { input: 'test.com:tag', registry: 'docker.io', repository: 'library/test.com', tag: 'tag' },
  { input: 'test.com:5000', registry: 'docker.io', repository: 'library/test.com', tag: '5000' },
  { input: 'test.com/repo:tag', registry: 'test.com', repository: 'repo', tag: 'tag' },
  { input: 'test:5000/repo', registry: 'test:5000', repository: 'repo' },
  { input: 'test:5000/repo:tag', registry: 'test:5000', repository: 'repo', tag: 'tag' },
  { input: `test:5000/repo@${SHA256_F}`, registry: 'test:5000', repository: 'repo', digest: SHA256_F },
  { input: `test:5000/repo:tag@${SHA256_F}`, registry: 'test:5000', repository: 'repo', tag: 'tag', digest: SHA256_F },
  { input: 'test:5000/repo', registry: 'test:5000', repository: 'repo' },
  { input: '', error: 'empty' },
  { input: ':justtag', error: 'invalid-format' },
  { input: `@${SHA256_F}`, error: 'invalid-format' },
  { input: `repo@sha256:${'f'.repeat(34)}`, error: 'invalid-digest' },
  {
    input: `validname@invaliddigest:${'f'.repeat(64)}`,
    registry: 'docker.io',
    repository: 'library/validname',
    digest: `invaliddigest:${'f'.repeat(64)}`,
    note: 'upstream rejects algorithms it has no hash for; pinbot parses them and lets the caller report them as unsupported',
  },
  { input: 'Uppercase:tag', error: 'uppercase-repository' },
  {
    input: 'Uppercase/lowercase:tag',
    registry: 'Uppercase',
    repository: 'lowercase',
    tag: 'tag',
    note: 'commented out upstream (FIXME): an uppercase first component is taken as a registry host',
  },
  { input: 'test:5000/Uppercase/lowercase:tag', error: 'uppercase-repository' },
  { input: 'lowercase:Uppercase', registry: 'docker.io', repository: 'library/lowercase', tag: 'Uppercase' },
  { input: `${'a/'.repeat(128)}a:tag`, error: 'name-too-long' },
  {
    input: `${'a/'.repeat(127)}a:tag-puts-this-over-max`,
    registry: 'docker.io',
    repository: `${'a/'.repeat(127)}a`,
    tag: 'tag-puts-this-over-max',
  },
  { input: 'aa/asdf$$^/aa', error: 'invalid-format' },
  { input: 'sub-dom1.foo.com/bar/baz/quux', registry: 'sub-dom1.foo.com', repository: 'bar/baz/quux' },
  {
    input: 'sub-dom1.foo.com/bar/baz/quux:some-long-tag',
    registry: 'sub-dom1.foo.com',
    repository: 'bar/baz/quux',
    tag: 'some-long-tag',
  },
  {
    input: 'b.gcr.io/test.example.com/my-app:test.example.com',
    registry: 'b.gcr.io',
    repository: 'test.example.com/my-app',
    tag: 'test.example.com',
  },
  { input: 'xn--n3h.com/myimage:xn--n3h.com', registry: 'xn--n3h.com', repository: 'myimage', tag: 'xn--n3h.com' },
  {
    input: `xn--7o8h.com/myimage:xn--7o8h.com@${SHA512_F}`,
    registry: 'xn--7o8h.com',
    repository: 'myimage',
    tag: 'xn--7o8h.com',
    digest: SHA512_F,
  },
  { input: 'foo_bar.com:8080', registry: 'docker.io', repository: 'library/foo_bar.com', tag: '8080' },
  { input: 'foo/foo_bar.com:8080', registry: 'docker.io', repository: 'foo/foo_bar.com', tag: '8080' },
  { input: '192.168.1.1', registry: 'docker.io', repository: 'library/192.168.1.1' },
  { input: '192.168.1.1:tag', registry: 'docker.io', repository: 'library/192.168.1.1', tag: 'tag' },
  { input: '192.168.1.1:5000', registry: 'docker.io', repository: 'library/192.168.1.1', tag: '5000' },
  { input: '192.168.1.1/repo', registry: '192.168.1.1', repository: 'repo' },
  { input: '192.168.1.1:5000/repo', registry: '192.168.1.1:5000', repository: 'repo' },
  { input: '192.168.1.1:5000/repo:5050', registry: '192.168.1.1:5000', repository: 'repo', tag: '5050' },
  { input: '[2001:db8::1]', error: 'invalid-format' },
  { input: '[2001:db8::1]:5000', error: 'invalid-format' },
  { input: '[2001:db8::1]:tag', error: 'invalid-format' },
  { input: '[2001:db8::1]/repo', registry: '[2001:db8::1]', repository: 'repo' },
  { input: '[2001:db8:1:2:3:4:5:6]/repo:tag', registry: '[2001:db8:1:2:3:4:5:6]', repository: 'repo', tag: 'tag' },
  { input: '[2001:db8::1]:5000/repo', registry: '[2001:db8::1]:5000', repository: 'repo' },
  { input: '[2001:db8::1]:5000/repo:tag', registry: '[2001:db8::1]:5000', repository: 'repo', tag: 'tag' },
  { input: `[2001:db8::1]:5000/repo@${SHA256_F}`, registry: '[2001:db8::1]:5000', repository: 'repo', digest: SHA256_F },
  {
    input: `[2001:db8::1]:5000/repo:tag@${SHA256_F}`,
    registry: '[2001:db8::1]:5000',
    repository: 'repo',
    tag: 'tag',
    digest: SHA256_F,
  },
  { input: '[2001:db8::]:5000/repo', registry: '[2001:db8::]:5000', repository: 'repo' },
  { input: '[::1]:5000/repo', registry: '[::1]:5000', repository: 'repo' },
  { input: '[fe80::1%eth0]:5000/repo', error: 'invalid-format' },
  { input: '[fe80::1%@invalidzone]:5000/repo', error: 'invalid-format' },
];

/** reference_test.go TestWithNameFailure (names that are not valid on their own). */
export const WITH_NAME_FAILURES: readonly InvalidCase[] = [
  { input: '', error: 'empty' },
  { input: ':justtag', error: 'invalid-format' },
  { input: `@${SHA256_F}`, error: 'invalid-format' },
  { input: `${'a/'.repeat(128)}a:tag`, error: 'name-too-long' },
  { input: 'aa/asdf$$^/aa', error: 'invalid-format' },
];

/** reference_test.go TestDomainAndPath, TestSerialization, TestWithTag, TestWithDigest, TestParseNamed. */
export const NAME_CASES: readonly ParseCase[] = [
  { input: 'test.com/foo', registry: 'test.com', repository: 'foo' },
  { input: 'test_com/foo', registry: 'docker.io', repository: 'test_com/foo' },
  { input: 'test:8080/foo', registry: 'test:8080', repository: 'foo' },
  { input: 'test.com:8080/foo', registry: 'test.com:8080', repository: 'foo' },
  { input: 'test-com:8080/foo', registry: 'test-com:8080', repository: 'foo' },
  { input: 'xn--n3h.com:18080/foo', registry: 'xn--n3h.com:18080', repository: 'foo' },
  { input: 'example.com:8000/named', registry: 'example.com:8000', repository: 'named' },
  { input: 'example.com:8000/named:tagged', registry: 'example.com:8000', repository: 'named', tag: 'tagged' },
  {
    input: 'other.com/named@sha256:1234567890098765432112345667890098765432112345667890098765432112',
    registry: 'other.com',
    repository: 'named',
    digest: 'sha256:1234567890098765432112345667890098765432112345667890098765432112',
  },
  { input: 'test.com/foo:tag', registry: 'test.com', repository: 'foo', tag: 'tag' },
  { input: 'foo:tag2', registry: 'docker.io', repository: 'library/foo', tag: 'tag2' },
  { input: 'test.com:8000/foo:tag4', registry: 'test.com:8000', repository: 'foo', tag: 'tag4' },
  { input: 'test.com:8000/foo:TAG5', registry: 'test.com:8000', repository: 'foo', tag: 'TAG5' },
  ...[
    'test.com:8000/foo:TAG5@sha256:1234567890098765432112345667890098765',
    'test.com/foo@sha256:1234567890098765432112345667890098765',
    'foo@sha256:1234567890098765432112345667890098765',
    'test.com:8000/foo@sha256:1234567890098765432112345667890098765',
    'test.com:8000/foo:latest@sha256:1234567890098765432112345667890098765',
  ].map((input): InvalidCase => ({
    input,
    error: 'invalid-digest',
    note: 'upstream composes these with WithDigest, which only checks the grammar; a 37-hex sha256 is not a real digest',
  })),
  { input: 'test.com', registry: 'docker.io', repository: 'library/test.com' },
  { input: 'foo', registry: 'docker.io', repository: 'library/foo' },
  { input: 'library/foo', registry: 'docker.io', repository: 'library/foo' },
  { input: 'docker.io/library/foo', registry: 'docker.io', repository: 'library/foo' },
  { input: 'docker.io/foo', registry: 'docker.io', repository: 'library/foo' },
];

/** normalize_test.go TestValidateReferenceName and TestValidateRemoteName. */
export const VALID_NAMES: readonly string[] = [
  'docker/docker',
  'library/debian',
  'debian',
  'docker.io/docker/docker',
  'docker.io/library/debian',
  'docker.io/debian',
  'index.docker.io/docker/docker',
  'index.docker.io/library/debian',
  'index.docker.io/debian',
  '127.0.0.1:5000/docker/docker',
  '127.0.0.1:5000/library/debian',
  '127.0.0.1:5000/debian',
  '192.168.0.1',
  '192.168.0.1:80',
  '192.168.0.1:8/debian',
  '192.168.0.2:25000/debian',
  'thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev',
  '[fc00::1]:5000/docker',
  '[fc00::1]:5000/docker/docker',
  '[fc00:1:2:3:4:5:6:7]:5000/library/debian',
  'docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a',
  'Docker/docker',
  'DOCKER/docker',
  'docker-rules/docker',
  'docker---rules/docker',
  'doc/docker',
  'd/docker',
  'jess/t',
  'dock__er/docker',
];

export const INVALID_NAMES: readonly InvalidCase[] = [
  { input: 'https://github.com/docker/docker', error: 'invalid-format' },
  { input: 'docker/Docker', error: 'uppercase-repository' },
  { input: '-docker', error: 'invalid-format' },
  { input: '-docker/docker', error: 'invalid-format' },
  { input: '-docker.io/docker/docker', error: 'invalid-format' },
  { input: 'docker///docker', error: 'invalid-format' },
  { input: 'docker.io/docker/Docker', error: 'uppercase-repository' },
  { input: 'docker.io/docker///docker', error: 'invalid-format' },
  { input: '[fc00::1]', error: 'invalid-format' },
  { input: '[fc00::1]:5000', error: 'invalid-format' },
  { input: 'fc00::1:5000/debian', error: 'invalid-format' },
  { input: '[fe80::1%eth0]:5000/debian', error: 'invalid-format' },
  { input: '[2001:db8:3:4::192.0.2.33]:5000/debian', error: 'invalid-format' },
  { input: '1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a', error: 'invalid-format' },
  { input: 'docker-/docker', error: 'invalid-format' },
  { input: '-docker-/docker', error: 'invalid-format' },
  { input: '____/____', error: 'invalid-format' },
  { input: '_docker/_docker', error: 'invalid-format' },
  { input: 'dock..er/docker', error: 'invalid-format' },
  { input: 'dock_.er/docker', error: 'invalid-format' },
  { input: 'dock-.er/docker', error: 'invalid-format' },
  { input: 'docker/', error: 'invalid-format' },
  {
    input:
      'this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255/docker',
    error: 'name-too-long',
  },
  { input: '-foo', error: 'invalid-format' },
  { input: 'busybox:-foo', error: 'invalid-tag' },
  { input: 'busybox@foo', error: 'invalid-digest' },
];

/** normalize_test.go TestParseRepositoryInfo: every spelling of one repository, and its parts. */
export interface RepositoryInfoCase {
  readonly spellings: readonly string[];
  readonly registry: string;
  readonly repository: string;
}

export const REPOSITORY_INFO_CASES: readonly RepositoryInfoCase[] = [
  { spellings: ['fooo/bar', 'docker.io/fooo/bar', 'index.docker.io/fooo/bar'], registry: 'docker.io', repository: 'fooo/bar' },
  { spellings: ['ubuntu', 'docker.io/library/ubuntu', 'library/ubuntu'], registry: 'docker.io', repository: 'library/ubuntu' },
  { spellings: ['nonlibrary/ubuntu', 'docker.io/nonlibrary/ubuntu'], registry: 'docker.io', repository: 'nonlibrary/ubuntu' },
  { spellings: ['other/library', 'docker.io/other/library'], registry: 'docker.io', repository: 'other/library' },
  { spellings: ['127.0.0.1:8000/private/moonbase'], registry: '127.0.0.1:8000', repository: 'private/moonbase' },
  { spellings: ['127.0.0.1:8000/privatebase'], registry: '127.0.0.1:8000', repository: 'privatebase' },
  { spellings: ['example.com/private/moonbase'], registry: 'example.com', repository: 'private/moonbase' },
  { spellings: ['example.com/privatebase'], registry: 'example.com', repository: 'privatebase' },
  { spellings: ['example.com:8000/private/moonbase'], registry: 'example.com:8000', repository: 'private/moonbase' },
  { spellings: ['example.com:8000/privatebasee'], registry: 'example.com:8000', repository: 'privatebasee' },
  {
    spellings: ['ubuntu-12.04-base', 'docker.io/library/ubuntu-12.04-base', 'index.docker.io/library/ubuntu-12.04-base'],
    registry: 'docker.io',
    repository: 'library/ubuntu-12.04-base',
  },
  { spellings: ['foo', 'docker.io/library/foo', 'docker.io/foo'], registry: 'docker.io', repository: 'library/foo' },
  { spellings: ['library/foo/bar', 'docker.io/library/foo/bar'], registry: 'docker.io', repository: 'library/foo/bar' },
  { spellings: ['store/foo/bar', 'docker.io/store/foo/bar'], registry: 'docker.io', repository: 'store/foo/bar' },
  { spellings: ['Foo/bar'], registry: 'Foo', repository: 'bar' },
  { spellings: ['FOO/bar'], registry: 'FOO', repository: 'bar' },
];

/** normalize_test.go TestParseReferenceWithTagAndDigest, TestParseAnyReference, TestNormalizedSplitHostname. */
export const NORMALIZED_CASES: readonly ParseCase[] = [
  {
    input: 'busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa',
    registry: 'docker.io',
    repository: 'library/busybox',
    tag: 'latest',
    digest: 'sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa',
  },
  { input: 'redis', registry: 'docker.io', repository: 'library/redis' },
  { input: 'redis:latest', registry: 'docker.io', repository: 'library/redis', tag: 'latest' },
  { input: 'docker.io/library/redis:latest', registry: 'docker.io', repository: 'library/redis', tag: 'latest' },
  { input: `redis@${SHA256_DBCC}`, registry: 'docker.io', repository: 'library/redis', digest: SHA256_DBCC },
  { input: `docker.io/library/redis@${SHA256_DBCC}`, registry: 'docker.io', repository: 'library/redis', digest: SHA256_DBCC },
  { input: 'dmcgowan/myapp', registry: 'docker.io', repository: 'dmcgowan/myapp' },
  { input: 'dmcgowan/myapp:latest', registry: 'docker.io', repository: 'dmcgowan/myapp', tag: 'latest' },
  { input: 'docker.io/mcgowan/myapp:latest', registry: 'docker.io', repository: 'mcgowan/myapp', tag: 'latest' },
  { input: `dmcgowan/myapp@${SHA256_DBCC}`, registry: 'docker.io', repository: 'dmcgowan/myapp', digest: SHA256_DBCC },
  {
    input: `docker.io/dmcgowan/myapp@${SHA256_DBCC}`,
    registry: 'docker.io',
    repository: 'dmcgowan/myapp',
    digest: SHA256_DBCC,
  },
  {
    input: SHA256_DBCC.slice('sha256:'.length),
    error: 'invalid-format',
    note: 'ParseAnyReference reads a bare 64-hex ID as a digest; as a name (ParseNormalizedNamed) it is rejected',
  },
  {
    input: SHA256_DBCC,
    registry: 'docker.io',
    repository: 'library/sha256',
    tag: SHA256_DBCC.slice('sha256:'.length),
    note: 'ParseAnyReference reads this as a bare digest; as a name it is the repository "sha256" with a tag',
  },
  {
    input: 'dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9',
    registry: 'docker.io',
    repository: 'library/dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9',
  },
  { input: 'dbcc1', registry: 'docker.io', repository: 'library/dbcc1' },
  { input: 'test.com/foo', registry: 'test.com', repository: 'foo' },
  { input: 'test_com/foo', registry: 'docker.io', repository: 'test_com/foo' },
  { input: 'docker/migrator', registry: 'docker.io', repository: 'docker/migrator' },
  { input: 'test.com:8080/foo', registry: 'test.com:8080', repository: 'foo' },
  { input: 'test-com:8080/foo', registry: 'test-com:8080', repository: 'foo' },
  { input: 'foo', registry: 'docker.io', repository: 'library/foo' },
  { input: 'xn--n3h.com/foo', registry: 'xn--n3h.com', repository: 'foo' },
  { input: 'xn--n3h.com:18080/foo', registry: 'xn--n3h.com:18080', repository: 'foo' },
  { input: 'docker.io/foo', registry: 'docker.io', repository: 'library/foo' },
  { input: 'docker.io/library/foo', registry: 'docker.io', repository: 'library/foo' },
  { input: 'docker.io/library/foo/bar', registry: 'docker.io', repository: 'library/foo/bar' },
];
