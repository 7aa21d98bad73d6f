import { describe, expect, test } from '@jest/globals';
import { grant, identify, parseScopes } from '../helpers/registry/token-grant.js';

const users = [{ username: 'ci', password: 'p:a:ss' }];
const basic = (value: string) => `Basic ${Buffer.from(value).toString('base64')}`;

describe('parseScopes', () => {
  test.each([
    [['repository:team/app:pull'], [{ type: 'repository', name: 'team/app', actions: ['pull'] }]],
    [['repository:team/app:pull,push'], [{ type: 'repository', name: 'team/app', actions: ['pull', 'push'] }]],
    [
      ['repository:a:pull repository:b:push'],
      [
        { type: 'repository', name: 'a', actions: ['pull'] },
        { type: 'repository', name: 'b', actions: ['push'] },
      ],
    ],
    [
      ['repository:a:pull', 'registry:catalog:*'],
      [
        { type: 'repository', name: 'a', actions: ['pull'] },
        { type: 'registry', name: 'catalog', actions: ['*'] },
      ],
    ],
    [[], []],
  ])('%j', (values, access) => {
    expect(parseScopes(values)).toEqual({ ok: true, access });
  });

  test.each(['repository', 'repository:team/app', ':team/app:pull', 'repository:team/app:'])('rejects %j', (scope) => {
    expect(parseScopes([scope])).toEqual({ ok: false, message: expect.stringContaining(`malformed scope "${scope}"`) });
  });
});

describe('identify', () => {
  test('no header is anonymous', () => {
    expect(identify(undefined, users)).toEqual({ kind: 'anonymous' });
  });
  test('a known user, with colons in the password', () => {
    expect(identify(basic('ci:p:a:ss'), users)).toEqual({ kind: 'user', username: 'ci' });
  });
  test.each([basic('ci:wrong'), basic('ci'), basic('other:p:a:ss'), 'Bearer abc', 'Basic'])('rejects %j', (header) => {
    expect(identify(header, users)).toMatchObject({ kind: 'rejected' });
  });
});

describe('grant', () => {
  const asked = [
    { type: 'repository', name: 'team/app', actions: ['pull', 'push', 'delete', 'bogus'] },
    { type: 'registry', name: 'catalog', actions: ['*'] },
  ];
  test('users get the repository actions they ask for, and other scope types as asked', () => {
    expect(grant({ kind: 'user', username: 'ci' }, asked, false)).toEqual([
      { type: 'repository', name: 'team/app', actions: ['pull', 'push', 'delete'] },
      { type: 'registry', name: 'catalog', actions: ['*'] },
    ]);
  });
  test('anonymous callers get repository pull only when allowed', () => {
    expect(grant({ kind: 'anonymous' }, asked, true)).toEqual([{ type: 'repository', name: 'team/app', actions: ['pull'] }]);
    expect(grant({ kind: 'anonymous' }, asked, false)).toEqual([]);
  });
  test('rejected callers get nothing', () => {
    expect(grant({ kind: 'rejected', reason: 'x' }, asked, true)).toEqual([]);
  });
});
