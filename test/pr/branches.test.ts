import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { branchForGroup, isAppBranch, MAX_BRANCH_LENGTH, REPOSITORY_BRANCH } from '../../src/pr/branches.js';
import { hostileText } from './arbitraries.js';

const RUNS = { numRuns: 1000 };

/**
 * `git check-ref-format --branch` rules, written out independently of the code under test:
 * https://git-scm.com/docs/git-check-ref-format
 */
function refFormatProblem(name: string): string | undefined {
  if (name === '@') return 'is "@"';
  if (name.startsWith('-')) return 'starts with "-" (not allowed for branches)';
  if (name.startsWith('/') || name.endsWith('/')) return 'starts or ends with "/"';
  if (name.includes('//')) return 'has an empty component';
  if (name.endsWith('.')) return 'ends with "."';
  if (name.includes('..')) return 'contains ".."';
  if (name.includes('@{')) return 'contains "@{"';
  // eslint-disable-next-line no-control-regex -- control characters are what git forbids
  if (/[\u0000-\u001f\u007f ~^:?*[\\]/.test(name)) return 'contains a forbidden character';
  for (const component of name.split('/')) {
    if (component.startsWith('.')) return `component ${JSON.stringify(component)} starts with "."`;
    if (component.endsWith('.lock')) return `component ${JSON.stringify(component)} ends with ".lock"`;
  }
  if (!name.includes('/')) return 'has a single level';
  return undefined;
}

/** The design's stricter rule on top of git's: lowercase `[a-z0-9._-]` components, each starting and ending alphanumeric. */
function designProblem(branch: string): string | undefined {
  if (!branch.startsWith('pinbot/')) return 'lacks the pinbot/ prefix';
  if (branch.length > MAX_BRANCH_LENGTH) return `is ${branch.length} characters long`;
  const bad = branch.split('/').find((component) => !/^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/.test(component));
  return bad === undefined ? undefined : `has component ${JSON.stringify(bad)}`;
}

describe('the ref validator used by these tests', () => {
  it.each([
    'pinbot/a..b',
    'pinbot/.hidden',
    'pinbot/x.lock',
    'pinbot/a b',
    'pinbot/a:b',
    'pinbot//a',
    'pinbot/a/',
    'pinbot/a.',
    'pinbot/a@{1}',
    'pinbot/a\\b',
    'pinbot',
  ])('rejects %j', (name) => {
    expect(refFormatProblem(name)).toEqual(expect.any(String));
  });
  it.each(['pinbot/digests', 'pinbot/ghcr.io/acme/api-1.4', 'pinbot/a.lock.b'])('accepts %j', (name) => {
    expect(refFormatProblem(name)).toBeUndefined();
  });
});

describe('branchForGroup', () => {
  it('uses pinbot/digests for the whole-repository group', () => {
    expect(branchForGroup('all', 'node')).toBe(REPOSITORY_BRANCH);
    expect(REPOSITORY_BRANCH).toBe('pinbot/digests');
  });

  it.each([
    ['docker.io/library/node:22-slim', 'node', 'pinbot/node-22-slim'],
    ['docker.io/library/node:22-slim', 'docker.io/library/node', 'pinbot/docker.io/library/node-22-slim'],
    ['ghcr.io/acme/api:1.4', 'ghcr.io/acme/api', 'pinbot/ghcr.io/acme/api-1.4'],
    ['docker.io/library/python:3.12-slim-bookworm', 'python', 'pinbot/python-3.12-slim-bookworm'],
    ['docker.io/library/nginx:stable-alpine', 'nginx', 'pinbot/nginx-stable-alpine'],
    [
      'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.8.0',
      'gcr.io/cloud-sql-connectors/cloud-sql-proxy',
      'pinbot/gcr.io/cloud-sql-connectors/cloud-sql-proxy-2.8.0',
    ],
    ['docker.io/bitnami/redis:v7', 'bitnami/redis', 'pinbot/bitnami/redis-v7'],
  ])('keeps readable names that decode to the key: %s as %s', (key, displayName, branch) => {
    expect(branchForGroup(key, displayName)).toBe(branch);
  });

  it.each([
    // A port's ":" becomes "-", which would read as a Docker Hub image: hash.
    ['localhost:5000/app:1.0', 'localhost:5000/app', /^pinbot\/localhost-5000\/app-1\.0-[0-9a-f]{10}$/],
    // Tags are case-sensitive; branches are lowercase.
    ['docker.io/library/alpine:3.20-RC1', 'alpine', /^pinbot\/alpine-3\.20-rc1-[0-9a-f]{10}$/],
    // "my-app-latest" reads as my:app-latest.
    ['docker.io/library/my-app:latest', 'my-app', /^pinbot\/my-app-latest-[0-9a-f]{10}$/],
    // A tag that already ends like a hash.
    ['docker.io/library/app:main-0123456789', 'app', /^pinbot\/app-main-0123456789-[0-9a-f]{10}$/],
    // git forbids components ending in .lock and "..".
    ['registry.example.com/x.lock:1..2', 'registry.example.com/x.lock', /^pinbot\/registry\.example\.com\/x\.lock-1\.2-[0-9a-f]{10}$/],
  ])('adds a hash of the key when the name lost information: %s', (key, displayName, pattern) => {
    expect(branchForGroup(key, displayName)).toMatch(pattern);
  });

  it('tells apart keys whose readable names would coincide', () => {
    const pairs: [string, string][] = [
      ['docker.io/library/node:22-slim', 'node'],
      ['docker.io/library/node-22:slim', 'node-22'],
      ['docker.io/library/a-b:c', 'a-b'],
      ['docker.io/library/a:b-c', 'a'],
      ['docker.io/library/alpine:3.20-rc1', 'alpine'],
      ['docker.io/library/alpine:3.20-RC1', 'alpine'],
      ['localhost:5000/app:1.0', 'localhost:5000/app'],
      ['docker.io/localhost-5000/app:1.0', 'localhost-5000/app'],
    ];
    const branches = pairs.map(([key, displayName]) => branchForGroup(key, displayName));
    expect(new Set(branches).size).toBe(pairs.length);
  });

  it('caps the length at 100 characters and keeps the hash', () => {
    const displayName = `registry.example.com/${'team/'.repeat(30)}service`;
    const branch = branchForGroup(`${displayName}:1.0`, displayName);
    expect(branch.length).toBeLessThanOrEqual(MAX_BRANCH_LENGTH);
    expect(branch).toMatch(/^pinbot\/registry\.example\.com\/team\/.*-[0-9a-f]{10}$/);
    expect(refFormatProblem(branch)).toBeUndefined();
  });

  it('is deterministic', () => {
    expect(branchForGroup('localhost:5000/app:1.0', 'localhost:5000/app')).toBe(
      branchForGroup('localhost:5000/app:1.0', 'localhost:5000/app'),
    );
  });

  it('always yields a valid git branch within the design rules, whatever the input', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText, fc.constant('all')), hostileText, (key, displayName) => {
        const branch = branchForGroup(key, displayName);
        expect([branch, refFormatProblem(branch)]).toEqual([branch, undefined]);
        expect([branch, designProblem(branch)]).toEqual([branch, undefined]);
      }),
      RUNS,
    );
  });

  it('gives distinct keys distinct branches, however the images are spelt', () => {
    // Small alphabets make near-collisions (a-b:c vs a:b-c, case, ports) frequent.
    const piece = fc.string({ unit: fc.constantFrom('a', 'b', '1', '-', '.', '_', 'A'), minLength: 1, maxLength: 5 });
    const name = fc.array(piece, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/'));
    const host = fc.constantFrom('', 'docker.io/', 'localhost:5000/', 'localhost-5000/', 'ghcr.io/', 'a.b/');
    const group = fc.tuple(host, name, piece).map(([prefix, path, tag]) => {
      const displayName = prefix + path;
      // Keys as the app builds them (canonical image) and as arbitrary text.
      return { displayName, tag, canonical: displayName.startsWith('docker.io/') || prefix === '' || prefix === 'localhost-5000/' };
    });
    fc.assert(
      fc.property(fc.array(group, { minLength: 2, maxLength: 40 }), fc.boolean(), (groups, canonicalKeys) => {
        const branchesByKey = new Map<string, string>();
        for (const { displayName, tag, canonical } of groups) {
          const image = canonicalKeys && canonical ? canonicalName(displayName) : displayName;
          branchesByKey.set(`${image}:${tag}`, branchForGroup(`${image}:${tag}`, displayName));
        }
        const keysByBranch = new Map<string, string>();
        for (const [key, branch] of branchesByKey) {
          expect([branch, keysByBranch.get(branch) ?? key]).toEqual([branch, key]);
          keysByBranch.set(branch, key);
        }
      }),
      RUNS,
    );
  });
});

/** Docker Hub normalisation, enough for the generated names above. */
function canonicalName(displayName: string): string {
  const path = displayName.startsWith('docker.io/') ? displayName.slice('docker.io/'.length) : displayName;
  return `docker.io/${path.includes('/') ? path : `library/${path}`}`;
}

describe('isAppBranch', () => {
  it.each([
    ['pinbot/digests', true],
    ['pinbot/node-22-slim', true],
    ['pinbot/', false],
    ['main', false],
    ['dependabot/docker/node-22', false],
    ['feature/pinbot/x', false],
  ])('%s → %s', (name, expected) => {
    expect(isAppBranch(name)).toBe(expected);
  });
});
