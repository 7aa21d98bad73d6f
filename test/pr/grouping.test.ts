import { describe, expect, it } from '@jest/globals';
import { groupUpdates, imageGroupKey, preferredSpelling } from '../../src/pr/grouping.js';
import { apiInManifest, nodeInCompose, nodeInDockerfile, postgresInCompose } from './fixtures.js';

describe('groupUpdates', () => {
  it('makes no group when nothing needs updating', () => {
    expect(groupUpdates([], 'repository')).toEqual([]);
    expect(groupUpdates([], 'image')).toEqual([]);
  });

  it('puts everything in one pinbot/digests group in repository mode, sorted by file and line', () => {
    expect(groupUpdates([postgresInCompose, apiInManifest, nodeInCompose, nodeInDockerfile], 'repository')).toEqual([
      { branch: 'pinbot/digests', key: 'all', updates: [nodeInDockerfile, nodeInCompose, postgresInCompose, apiInManifest] },
    ]);
  });

  it('makes one group per image and tag in image mode, sorted by branch', () => {
    const groups = groupUpdates([postgresInCompose, nodeInCompose, apiInManifest, nodeInDockerfile], 'image');
    expect(groups).toEqual([
      { branch: 'pinbot/ghcr.io/acme/api-1.4', key: 'ghcr.io/acme/api:1.4', updates: [apiInManifest] },
      // Spelt "node" in the Dockerfile and "docker.io/library/node" in compose: the shorter spelling names the branch.
      { branch: 'pinbot/node-22-slim', key: 'docker.io/library/node:22-slim', updates: [nodeInDockerfile, nodeInCompose] },
      { branch: 'pinbot/postgres-16.4-alpine', key: 'docker.io/library/postgres:16.4-alpine', updates: [postgresInCompose] },
    ]);
  });

  it('keeps different tags of one image apart', () => {
    const node20 = { ...nodeInDockerfile, file: 'legacy/Dockerfile', tag: '20-slim' };
    expect(groupUpdates([nodeInDockerfile, node20], 'image').map((group) => group.key)).toEqual([
      'docker.io/library/node:20-slim',
      'docker.io/library/node:22-slim',
    ]);
  });

  it('does not depend on the order updates arrive in', () => {
    const updates = [postgresInCompose, nodeInCompose, apiInManifest, nodeInDockerfile];
    expect(groupUpdates([...updates].reverse(), 'image')).toEqual(groupUpdates(updates, 'image'));
    expect(groupUpdates([...updates].reverse(), 'repository')).toEqual(groupUpdates(updates, 'repository'));
  });
});

describe('imageGroupKey', () => {
  it('is the canonical image and the tag', () => {
    expect(imageGroupKey(nodeInCompose)).toBe('docker.io/library/node:22-slim');
  });
});

describe('preferredSpelling', () => {
  it('prefers the shortest spelling, then code-unit order', () => {
    expect(preferredSpelling([{ displayName: 'docker.io/library/node' }, { displayName: 'node' }])).toBe('node');
    expect(preferredSpelling([{ displayName: 'index.docker.io/acme/b' }, { displayName: 'docker.io/acme/bb' }])).toBe('docker.io/acme/bb');
    expect(preferredSpelling([{ displayName: 'b/x' }, { displayName: 'a/x' }])).toBe('a/x');
  });
});
