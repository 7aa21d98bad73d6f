import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { PinbotConfigSchema } from '../../src/config/schema.js';
import { readFacts } from '../../src/explain/oci-facts.js';
import { diffPackages } from '../../src/explain/package-diff.js';
import { credibleCreated, parseDuration } from '../../src/schedule/release-age.js';
import { parseSpdxStatement, purlIdentity, type SbomPackage } from '../../src/explain/sbom.js';
import { createMemorySightings, settle } from '../../src/explain/sightings.js';
import { repositoryOf, sourceChange } from '../../src/explain/source-link.js';
import { DEFAULT_IMMUTABLE_TAGS, immutableTagMatcher, tagPatternProblem } from '../../src/reference/tag-shape.js';

describe('immutable-looking tags', () => {
  const looksImmutable = immutableTagMatcher(DEFAULT_IMMUTABLE_TAGS);
  it.each(['1.2.3', 'v1.2.3-alpine', '22.11.0-bookworm-slim', '3f2a9c1', 'sha-3f2a9c1d', 'bookworm-20240110', '2024.01.10', 'build-1234'])(
    '%s looks immutable',
    (tag) => expect(looksImmutable(tag)).toBe(true),
  );
  it.each(['latest', '22', '22-slim', '1.2', 'stable', 'bookworm', '3.19', 'ltsc2022', 'noble'])('%s moves by design', (tag) =>
    expect(looksImmutable(tag)).toBe(false),
  );

  it('rejects what RE2 cannot run in linear time, naming the problem', () => {
    expect(tagPatternProblem('^(a+)\\1$')).toMatch(/^not an RE2 regular expression \(.*invalid escape/);
    expect(tagPatternProblem('(?=x)')).toMatch(/^not an RE2 regular expression/);
    expect(tagPatternProblem('x'.repeat(257))).toBe('a pattern may be at most 256 characters long');
    expect(PinbotConfigSchema.safeParse({ immutableTags: ['(?<=v)1'] }).success).toBe(false);
  });

  it('matches a classic catastrophic-backtracking pattern on a hostile tag in linear time', () => {
    // A backtracking engine takes exponential time here; RE2 answers at once. The tag grammar caps tags at 128 characters.
    const matcher = immutableTagMatcher(['^(a|a)*$', '^(a+)+b$']);
    expect(matcher(`${'a'.repeat(127)}c`)).toBe(false);
  });
});

describe('package changes', () => {
  const pkg = (key: string, version: string, name = key): SbomPackage => ({ key, name, version });

  it('matches by identity and sorts upgrades, additions and removals by name', () => {
    const changes = diffPackages(
      [pkg('pkg:deb/debian/openssl', '3.0.11'), pkg('pkg:deb/debian/wget', '1.21'), pkg('zlib|LIBRARY', '1.3', 'zlib')],
      [pkg('pkg:deb/debian/openssl', '3.0.13'), pkg('pkg:deb/debian/curl', '8.5'), pkg('zlib|LIBRARY', '1.3', 'zlib')],
    );
    expect(changes).toEqual({
      upgraded: [{ name: 'pkg:deb/debian/openssl', from: '3.0.11', to: '3.0.13' }],
      added: [{ name: 'pkg:deb/debian/curl', version: '8.5' }],
      removed: [{ name: 'pkg:deb/debian/wget', version: '1.21' }],
    });
  });

  it('pairs vendored copies of one package by version', () => {
    const changes = diffPackages([pkg('pkg:npm/ms', '2.0.0'), pkg('pkg:npm/ms', '2.1.3')], [pkg('pkg:npm/ms', '2.1.3')]);
    expect(changes).toEqual({ upgraded: [], added: [], removed: [{ name: 'pkg:npm/ms', version: '2.0.0' }] });
  });

  it('accounts for every package: new = old − removed − upgraded.from + upgraded.to + added', () => {
    const lists = fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd'), fc.constantFrom('1', '2', '3')), { maxLength: 12 });
    fc.assert(
      fc.property(lists, lists, (before, after) => {
        const old = before.map(([key, version]) => pkg(key, version));
        const next = after.map(([key, version]) => pkg(key, version));
        const changes = diffPackages(old, next);
        const bag = new Map<string, number>();
        const add = (key: string, by: number) => bag.set(key, (bag.get(key) ?? 0) + by);
        old.forEach((p) => add(`${p.key}@${p.version}`, 1));
        changes.removed.forEach((p) => add(`${p.name}@${p.version}`, -1));
        changes.upgraded.forEach((p) => (add(`${p.name}@${p.from}`, -1), add(`${p.name}@${p.to}`, 1)));
        changes.added.forEach((p) => add(`${p.name}@${p.version}`, 1));
        const expected = new Map<string, number>();
        next.forEach((p) => expected.set(`${p.key}@${p.version}`, (expected.get(`${p.key}@${p.version}`) ?? 0) + 1));
        const nonZero = (map: Map<string, number>) => [...map].filter(([, n]) => n !== 0).sort();
        expect(nonZero(bag)).toEqual(nonZero(expected));
      }),
    );
  });

  it.each([
    ['pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12', 'pkg:deb/debian/libc6'],
    ['pkg:npm/%40acme/left-pad@1.0.0', 'pkg:npm/%40acme/left-pad'],
    ['pkg:npm/@acme/left-pad@1.0.0', 'pkg:npm/@acme/left-pad'],
    ['pkg:golang/github.com/x/y@v1.2.3#sub/dir', 'pkg:golang/github.com/x/y'],
    ['pkg:PyPI/requests@2.31.0', 'pkg:pypi/requests'],
    ['not-a-purl', undefined],
    ['pkg:nameonly', undefined],
  ])('purl %s is %s across versions', (purl, identity) => expect(purlIdentity(purl)).toBe(identity));

  it('reads SPDX packages, skipping the document root, odd entries and escaping control characters', () => {
    const statement = {
      predicateType: 'https://spdx.dev/Document',
      predicate: {
        packages: [
          { name: 'image', SPDXID: 'SPDXRef-DocumentRoot-Image-x', versionInfo: 'sha256:1' },
          { name: 'bad\u001b[31m', versionInfo: '1\u0007' },
          { versionInfo: 'no name' },
          'not an object',
        ],
      },
    };
    const parsed = parseSpdxStatement(Buffer.from(JSON.stringify(statement)));
    expect(parsed).toEqual({ ok: true, value: [{ key: 'bad\\u001b[31m|', name: 'bad\\u001b[31m', version: '1\\u0007' }] });
    expect(parseSpdxStatement(Buffer.from('{"predicateType":"https://slsa.dev/provenance/v0.2","predicate":{}}')).ok).toBe(false);
  });
});

describe('source links', () => {
  const facts = (source: string | undefined, revision: string | undefined) => ({
    ...(source === undefined ? {} : { source }),
    ...(revision === undefined ? {} : { revision }),
  });

  it.each([
    ['https://github.com/acme/app', 'https://github.com/acme/app/compare/abc1234...def5678'],
    ['https://github.com/acme/app.git', 'https://github.com/acme/app/compare/abc1234...def5678'],
    ['git@github.com:acme/app.git', 'https://github.com/acme/app/compare/abc1234...def5678'],
    ['https://github.com/acme/app/tree/main/docker', 'https://github.com/acme/app/compare/abc1234...def5678'],
    ['https://gitlab.com/group/sub/app', 'https://gitlab.com/group/sub/app/-/compare/abc1234...def5678'],
    ['https://example.com/acme/app', undefined],
    ['http://github.com/acme/app', undefined],
    ['https://user:token@github.com/acme/app', undefined],
    ['https://github.com/acme', undefined],
  ])('%s gives compare link %s', (source, link) => {
    expect(sourceChange(facts(source, 'abc1234'), facts(source, 'def5678'))?.compareUrl).toBe(link);
  });

  it('links nothing for revisions that are not plain names, or for two different repositories', () => {
    expect(sourceChange(facts('https://github.com/a/b', 'v1..v2'), facts('https://github.com/a/b', 'v3'))?.compareUrl).toBeUndefined();
    expect(sourceChange(facts('https://github.com/a/b', 'x)'), facts('https://github.com/a/b', 'y'))?.compareUrl).toBeUndefined();
    expect(sourceChange(facts('https://github.com/a/b', 'aaaaaaa'), facts('https://github.com/a/c', 'bbbbbbb'))).toEqual({
      url: 'https://github.com/a/c',
      oldRevision: 'aaaaaaa',
      newRevision: 'bbbbbbb',
    });
    expect(repositoryOf('javascript:alert(1)')).toBeUndefined();
  });
});

describe('image facts', () => {
  it('takes the most specific source first and normalises created', () => {
    expect(
      readFacts([
        { annotations: { 'org.opencontainers.image.revision': 'from-entry' } },
        { annotations: { 'org.opencontainers.image.revision': 'from-manifest', 'org.opencontainers.image.source': 'https://x.test/s' } },
        { annotations: {}, created: '2024-01-02T03:04:05.123456789+02:00' },
      ]),
    ).toEqual({ revision: 'from-entry', source: 'https://x.test/s', created: '2024-01-02T01:04:05.123Z' });
  });

  it('drops values that are not what the key promises and escapes the rest', () => {
    expect(
      readFacts([
        {
          annotations: {
            'org.opencontainers.image.created': 'yesterday',
            'org.opencontainers.image.base.digest': 'sha256:short',
            'org.opencontainers.image.source': 'https://x.test/\u001b]8;;evil\u0007',
          },
        },
      ]),
    ).toEqual({ source: 'https://x.test/\\u001b]8;;evil\\u0007' });
  });
});

describe('minimumReleaseAge', () => {
  it.each([
    ['3 days', 3 * 86_400_000],
    ['1 week', 604_800_000],
    ['12h', 43_200_000],
    ['90 minutes', 5_400_000],
    ['0 days', 0],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toEqual({ ok: true, ms }));

  it.each(['3', 'three days', '3 fortnights', '-1 day', `${'9'.repeat(50)} days`])('%s is refused', (text) => {
    expect(parseDuration(text).ok).toBe(false);
    expect(PinbotConfigSchema.safeParse({ minimumReleaseAge: text }).success).toBe(false);
  });

  it('does not believe created times before 2013 or more than a day ahead', () => {
    const now = new Date('2025-01-01T00:00:00Z');
    expect(credibleCreated('1970-01-01T00:00:00.000Z', now)).toBeUndefined();
    expect(credibleCreated('2025-01-03T00:00:00.000Z', now)).toBeUndefined();
    expect(credibleCreated('2024-12-31T00:00:00.000Z', now)).toEqual(new Date('2024-12-31T00:00:00Z'));
  });

  it('keeps the first sighting, and forgets superseded digests once a settled one was pinned', async () => {
    const store = createMemorySightings();
    const base = { key: 'r/a:1|index', pinned: 'sha256:p', created: undefined, minimumAgeMs: 10 };
    expect(await settle(store, { ...base, digest: 'sha256:b', now: new Date(100) })).toEqual({
      readyAt: new Date(110),
      since: 'first-seen',
      superseded: [],
    });
    expect((await settle(store, { ...base, digest: 'sha256:b', now: new Date(105) })).readyAt).toEqual(new Date(110));
    expect((await settle(store, { ...base, digest: 'sha256:c', now: new Date(106) })).superseded).toEqual(['sha256:b']);
    // c settled and was pinned; d arrives: nothing was superseded while waiting.
    expect((await settle(store, { ...base, pinned: 'sha256:c', digest: 'sha256:d', now: new Date(200) })).superseded).toEqual([]);
  });
});
