import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseChallenges, selectChallenge } from '../../../src/registry/client/challenge.js';

const params = (header: string) =>
  parseChallenges(header).map((c) => ({ scheme: c.scheme, params: Object.fromEntries(c.params), token68: c.token68 }));

describe('parseChallenges', () => {
  it.each([
    [
      'Docker Hub',
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/node:pull"',
      { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/node:pull' },
    ],
    [
      'GHCR',
      'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:actions/runner:pull"',
      { realm: 'https://ghcr.io/token', service: 'ghcr.io', scope: 'repository:actions/runner:pull' },
    ],
    [
      'GitLab, with a space after each comma',
      'Bearer realm="https://gitlab.com/jwt/auth", service="container_registry", scope="repository:group/app:pull"',
      { realm: 'https://gitlab.com/jwt/auth', service: 'container_registry', scope: 'repository:group/app:pull' },
    ],
    [
      'a scope listing several actions, with a comma inside quotes',
      'Bearer realm="https://auth.example.com/token",service="reg",scope="repository:a/b:pull,push"',
      { realm: 'https://auth.example.com/token', service: 'reg', scope: 'repository:a/b:pull,push' },
    ],
    [
      'unquoted values and whitespace around =',
      'bearer  Realm = https://auth.example.com/token , SERVICE=reg',
      { realm: 'https://auth.example.com/token', service: 'reg' },
    ],
    ['escaped quotes', 'Bearer realm="https://a.example/t?x=\\"y\\"",service="s"', { realm: 'https://a.example/t?x="y"', service: 's' }],
    ['an unterminated quote runs to the end', 'Bearer realm="https://a.example/token', { realm: 'https://a.example/token' }],
  ])('%s', (_name, header, expected) => {
    expect(params(header)).toEqual([{ scheme: 'bearer', params: expected, token68: undefined }]);
  });

  it('splits several challenges joined by fetch into one header', () => {
    expect(params('Basic realm="Registry Realm", Bearer realm="https://r.example/token",service="r.example"')).toEqual([
      { scheme: 'basic', params: { realm: 'Registry Realm' }, token68: undefined },
      { scheme: 'bearer', params: { realm: 'https://r.example/token', service: 'r.example' }, token68: undefined },
    ]);
  });

  it('reads token68 credentials without mistaking them for parameters', () => {
    expect(params('Negotiate abc123==, Basic realm="x"')).toEqual([
      { scheme: 'negotiate', params: {}, token68: 'abc123==' },
      { scheme: 'basic', params: { realm: 'x' }, token68: undefined },
    ]);
  });

  it('keeps the first of repeated parameters and lowercases names', () => {
    expect(params('Bearer REALM="https://first.example/t", realm="https://second.example/t"')[0]?.params).toEqual({
      realm: 'https://first.example/t',
    });
  });

  it('yields nothing for empty or junk input', () => {
    expect(parseChallenges('')).toEqual([]);
    expect(parseChallenges(' , ,, ')).toEqual([]);
    expect(parseChallenges('"""').map((c) => c.scheme)).toEqual([]);
  });

  it('never throws and always terminates, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (header) => {
        const challenges = parseChallenges(header);
        for (const challenge of challenges) expect(challenge.scheme).toMatch(/^[!#$%&'*+\-.^_`|~0-9a-z]+$/);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads back any parameters written with quoted values', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,9}$/);
    const value = fc.string({ maxLength: 40 });
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(name, value), { selector: ([n]) => n, minLength: 1, maxLength: 5 }), (pairs) => {
        const header = `Bearer ${pairs.map(([n, v]) => `${n}="${v.replace(/[\\"]/g, '\\$&')}"`).join(', ')}`;
        expect(params(header)).toEqual([{ scheme: 'bearer', params: Object.fromEntries(pairs), token68: undefined }]);
      }),
    );
  });
});

describe('selectChallenge', () => {
  it('prefers Bearer with a realm over Basic', () => {
    expect(selectChallenge('Basic realm="r", Bearer realm="https://t.example/token",service="s"')).toEqual({
      kind: 'bearer',
      realm: 'https://t.example/token',
      service: 's',
      scope: undefined,
    });
  });

  it('falls back to Basic when Bearer has no realm', () => {
    expect(selectChallenge('Bearer service="s", Basic realm="Registry"')).toEqual({ kind: 'basic', realm: 'Registry' });
  });

  it('answers undefined for a missing header or an unknown scheme', () => {
    expect(selectChallenge(null)).toBeUndefined();
    expect(selectChallenge('Digest realm="x", nonce="y"')).toBeUndefined();
  });
});
