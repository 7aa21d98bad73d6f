import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { matchesDigest, parseVerifiableDigest, REPOSITORY, sha256Digest, TAG } from '../../../src/registry/client/digests.js';

const body = new TextEncoder().encode('{"schemaVersion":2}');
const hex256 = createHash('sha256').update(body).digest('hex');
const hex512 = createHash('sha512').update(body).digest('hex');

describe('digests', () => {
  it('hashes raw bytes', () => {
    expect(sha256Digest(body)).toBe(`sha256:${hex256}`);
  });

  it('verifies sha256 and sha512, and nothing it cannot compute', () => {
    expect(matchesDigest(body, `sha256:${hex256}`)).toBe(true);
    expect(matchesDigest(body, `sha512:${hex512}`)).toBe(true);
    expect(matchesDigest(body, `sha256:${'0'.repeat(64)}`)).toBe(false);
    expect(matchesDigest(body, `sha256:${hex256.toUpperCase()}`)).toBe(false);
    expect(matchesDigest(body, `md5:${'0'.repeat(32)}`)).toBe(false);
    expect(parseVerifiableDigest(`sha256:${hex256.slice(1)}`)).toBeUndefined();
    expect(parseVerifiableDigest(`blake3:${hex256}`)).toBeUndefined();
  });

  it('knows the tag and repository grammars', () => {
    expect(['22-slim', 'v1.2.3', '_x', 'A'.repeat(128)].every((t) => TAG.test(t))).toBe(true);
    expect(['', '-x', '.x', 'a'.repeat(129), 'a/b', 'x:y'].some((t) => TAG.test(t))).toBe(false);
    expect(['library/node', 'a', 'a__b/c-d/e.f', 'x--y'].every((r) => REPOSITORY.test(r))).toBe(true);
    expect(['Library/node', '../etc', 'a//b', '/a', 'a/', 'a?b', 'a%2fb', 'a_-b'].some((r) => REPOSITORY.test(r))).toBe(false);
  });
});
