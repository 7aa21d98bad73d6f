import { describe, expect, it } from '@jest/globals';
import { createDigestAnswerCache } from '../../src/policy/digest-cache.js';
import { checkDigestsExist } from '../../src/policy/digest-existence.js';
import { imageMentions } from '../../src/policy/mentions.js';
import type { RegistryClient, RegistryFailure } from '../../src/registry/client/types.js';
import { scanFile } from '../../src/scan/scan-file.js';

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;

function mentionsOf(text: string) {
  const scan = scanFile('Dockerfile', text);
  return imageMentions(scan.references, scan.skipped);
}

/** A registry client answering from a table, recording what it was asked. */
function tableClient(head: (digest: string) => Awaited<ReturnType<RegistryClient['headManifest']>>, get?: RegistryClient['getManifest']) {
  const asked: string[] = [];
  const client: RegistryClient = {
    headManifest: async (locator, reference) => {
      asked.push(`HEAD ${locator.registry}/${locator.repository}@${reference}`);
      return head(reference);
    },
    getManifest: async (locator, reference) => {
      asked.push(`GET ${locator.registry}/${locator.repository}@${reference}`);
      if (!get) throw new Error('unexpected GET');
      return get(locator, reference);
    },
    getBlob: async () => {
      throw new Error('unexpected blob request');
    },
  };
  return { client, asked };
}

const notFound: RegistryFailure = {
  kind: 'not-found',
  host: 'ghcr.io',
  message: 'HEAD https://ghcr.io/v2/acme/api/manifests/x: 404 MANIFEST_UNKNOWN',
};

describe('checkDigestsExist', () => {
  it('asks once per repository and digest, and keeps the same digest in another repository apart', async () => {
    const { client, asked } = tableClient(() => ({ kind: 'found', digest: D1, mediaType: undefined, host: 'ghcr.io' }));
    const mentions = mentionsOf(`FROM ghcr.io/acme/api:1@${D1}\nFROM ghcr.io/acme/api:2@${D1}\nFROM ghcr.io/acme/mirror:1@${D1}\n`);
    const result = await checkDigestsExist(mentions, client);
    expect(result).toEqual({ violations: [], errors: [], digests: 2 });
    expect(asked.sort()).toEqual([`HEAD ghcr.io/acme/api@${D1}`, `HEAD ghcr.io/acme/mirror@${D1}`]);
  });

  it('fetches and verifies the manifest when HEAD names no digest (a registry refusing HEAD)', async () => {
    const { client, asked } = tableClient(
      () => ({ kind: 'found', digest: undefined, mediaType: undefined, host: 'ghcr.io' }),
      async () => notFound,
    );
    const result = await checkDigestsExist(mentionsOf(`FROM ghcr.io/acme/api:1@${D1}\n`), client);
    expect(asked).toEqual([`HEAD ghcr.io/acme/api@${D1}`, `GET ghcr.io/acme/api@${D1}`]);
    expect(result.violations.map((violation) => violation.rule)).toEqual(['digest-missing']);
  });

  it('a denied or failing registry is an error for each pin, never a violation', async () => {
    const { client } = tableClient(() => ({ kind: 'unauthorized', status: 401, host: 'ghcr.io', message: 'HEAD …: 401 UNAUTHORIZED' }));
    const result = await checkDigestsExist(mentionsOf(`FROM ghcr.io/acme/api:1@${D1}\nCOPY --from=ghcr.io/acme/api:1@${D1} / /\n`), client);
    expect(result.violations).toEqual([]);
    expect(result.errors.map((error) => [error.line, error.error])).toEqual([
      [1, 'HEAD …: 401 UNAUTHORIZED'],
      [2, 'HEAD …: 401 UNAUTHORIZED'],
    ]);
  });

  it('checks digest-only pins too, and leaves tag-only images and other algorithms alone', async () => {
    const { client, asked } = tableClient(() => notFound);
    const result = await checkDigestsExist(
      mentionsOf(`FROM ghcr.io/acme/api@${D2}\nFROM ghcr.io/acme/api:1\nFROM ghcr.io/acme/api:1@sha512:${'a'.repeat(128)}\n`),
      client,
    );
    expect(asked).toEqual([`HEAD ghcr.io/acme/api@${D2}`]);
    expect(result.violations).toEqual([
      expect.objectContaining({ line: 1, tag: null, digest: D2, rule: 'digest-missing', message: expect.stringContaining('on ghcr.io') }),
    ]);
  });
});

describe('createDigestAnswerCache', () => {
  it('remembers only that a digest exists, and only for its time to live', async () => {
    let now = 0;
    const cache = createDigestAnswerCache({ ttlMs: 1000, now: () => now });
    const { client, asked } = tableClient((digest) =>
      digest === D1 ? { kind: 'found', digest: D1, mediaType: undefined, host: 'ghcr.io' } : notFound,
    );
    const mentions = mentionsOf(`FROM ghcr.io/acme/api:1@${D1}\nFROM ghcr.io/acme/api:2@${D2}\n`);
    await checkDigestsExist(mentions, client, { cache });
    await checkDigestsExist(mentions, client, { cache });
    // The 404 is asked again (it may be a passing state); the existing digest is not.
    expect(asked.filter((line) => line.includes(D1))).toHaveLength(1);
    expect(asked.filter((line) => line.includes(D2))).toHaveLength(2);
    now = 1000;
    await checkDigestsExist(mentions, client, { cache });
    expect(asked.filter((line) => line.includes(D1))).toHaveLength(2);
  });

  it('holds at most maxEntries, dropping the oldest', () => {
    const cache = createDigestAnswerCache({ maxEntries: 2 });
    for (const key of ['a', 'b', 'c']) cache.set(key, { kind: 'exists' });
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, { kind: 'exists' }, { kind: 'exists' }]);
  });
});
