import { describe, expect, it } from '@jest/globals';
import { declinedKey, filterDeclined } from '../../src/pr/declined.js';
import { apiInManifest, DIGESTS, markerFor, nodeInCompose, nodeInDockerfile, postgresInCompose } from './fixtures.js';

describe('declinedKey', () => {
  it('is image, tag and target digest', () => {
    expect(declinedKey(nodeInDockerfile)).toBe(`docker.io/library/node:22-slim@${DIGESTS.node22New}`);
  });
});

describe('filterDeclined', () => {
  const closed = markerFor('pinbot/digests', [nodeInDockerfile, apiInManifest]);

  it('drops exactly the digests a closed PR proposed, in every file', () => {
    // nodeInCompose was not in the closed PR, but it proposes the same image, tag and digest.
    expect(filterDeclined([nodeInDockerfile, nodeInCompose, postgresInCompose, apiInManifest], [closed])).toEqual([postgresInCompose]);
  });

  it('proposes a newer digest for a declined tag again', () => {
    const newer = {
      ...nodeInDockerfile,
      from: DIGESTS.node22New,
      to: 'sha256:4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b',
    };
    expect(filterDeclined([newer], [closed])).toEqual([newer]);
  });

  it('keeps the same digest for another tag', () => {
    const otherTag = { ...nodeInDockerfile, tag: '22-bookworm-slim' };
    expect(filterDeclined([otherTag], [closed])).toEqual([otherTag]);
  });

  it('keeps everything when no PR was declined, and combines several declined PRs', () => {
    const updates = [nodeInDockerfile, postgresInCompose, apiInManifest];
    expect(filterDeclined(updates, [])).toEqual(updates);
    const another = markerFor('pinbot/postgres-16.4-alpine', [postgresInCompose]);
    expect(filterDeclined(updates, [closed, another])).toEqual([]);
  });
});
