import { describe, expect, it } from '@jest/globals';
import { familiarName, selectPinnable } from '../../src/pin/select.js';
import { scanFile } from '../../src/scan/scan-file.js';

const unpinned = scanFile(
  'Dockerfile',
  [
    'FROM node:22',
    'FROM docker.io/library/node:20',
    'FROM index.docker.io/acme/api:1',
    'FROM localhost:5000/team/app:dev',
    'FROM ghcr.io/acme/dev-tools:2024',
    'FROM redis',
    'FROM nginx:1.27-rc1',
    '',
  ].join('\n'),
).unpinned;

const ignoredBy = (ignore: string[], ignoreTags: string[] = []) =>
  selectPinnable(unpinned, { enabled: true, ignore, ignoreTags }).ignored.map(({ reference, rule }) => [reference.line, rule]);

describe('selectPinnable', () => {
  it('pins everything when nothing is ignored', () => {
    const selection = selectPinnable(unpinned, { enabled: false, ignore: [], ignoreTags: [] });
    expect(selection.candidates).toHaveLength(7);
    expect(selection.ignored).toEqual([]);
  });

  it('matches an image pattern against the name as written, as Docker shows it, and in full', () => {
    expect(ignoredBy(['node'])).toEqual([
      [1, 'pin.ignore "node"'],
      [2, 'pin.ignore "node"'],
    ]);
    expect(ignoredBy(['docker.io/library/*'])).toEqual([
      [1, 'pin.ignore "docker.io/library/*"'],
      [2, 'pin.ignore "docker.io/library/*"'],
      [6, 'pin.ignore "docker.io/library/*"'],
      [7, 'pin.ignore "docker.io/library/*"'],
    ]);
    expect(ignoredBy(['acme/api'])).toEqual([[3, 'pin.ignore "acme/api"']]);
  });

  it('keeps "*" within one part of a name and lets "**" span parts, registries with ports included', () => {
    expect(ignoredBy(['localhost:5000/*'])).toEqual([]);
    expect(ignoredBy(['localhost:5000/**'])).toEqual([[4, 'pin.ignore "localhost:5000/**"']]);
    expect(ignoredBy(['ghcr.io/acme/dev-*', '{redis,busybox}'])).toEqual([
      [5, 'pin.ignore "ghcr.io/acme/dev-*"'],
      [6, 'pin.ignore "{redis,busybox}"'],
    ]);
  });

  it('matches tag patterns against the tag, the latest a bare name implies included', () => {
    expect(ignoredBy([], ['latest', '*-rc*'])).toEqual([
      [6, 'pin.ignoreTags "latest"'],
      [7, 'pin.ignoreTags "*-rc*"'],
    ]);
  });

  it('names the image pattern when both would apply', () => {
    expect(ignoredBy(['redis'], ['latest'])).toEqual([[6, 'pin.ignore "redis"']]);
  });
});

describe('familiarName', () => {
  it.each([
    ['docker.io', 'library/node', 'node'],
    ['docker.io', 'acme/api', 'acme/api'],
    ['docker.io', 'library/a/b', 'library/a/b'],
    ['ghcr.io', 'acme/api', 'ghcr.io/acme/api'],
  ])('%s/%s is shown as %s', (registry, repository, familiar) => {
    expect(familiarName({ registry, repository, name: `${registry}/${repository}` })).toBe(familiar);
  });
});
