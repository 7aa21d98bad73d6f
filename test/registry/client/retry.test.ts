import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DEFAULT_RETRY_POLICY, isRetryableStatus, parseRetryAfter, retryDelay } from '../../../src/registry/client/retry.js';

const now = Date.parse('2025-06-01T12:00:00Z');

describe('parseRetryAfter', () => {
  it.each([
    ['7', 7000],
    [' 0 ', 0],
    ['Sun, 01 Jun 2025 12:00:12 GMT', 12_000],
    ['Sun, 01 Jun 2025 11:59:00 GMT', 0],
    ['Sunday, 01-Jun-25 12:01:00 GMT', 60_000],
    ['-5', undefined],
    ['1.5', undefined],
    ['soon', undefined],
    ['2025-06-01T12:00:12Z', undefined],
    ['', undefined],
  ])('%j → %j', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });

  it('is undefined when absent', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('retryDelay', () => {
  it('uses Retry-After, capped', () => {
    expect(retryDelay(1, 7000, DEFAULT_RETRY_POLICY, () => 0.9)).toBe(7000);
    expect(retryDelay(1, 3_600_000, DEFAULT_RETRY_POLICY, () => 0.9)).toBe(DEFAULT_RETRY_POLICY.maxRetryAfterMs);
  });

  it('otherwise picks a full-jitter delay under an exponentially growing, capped ceiling', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const delay = retryDelay(attempt, undefined, DEFAULT_RETRY_POLICY, () => r);
        const ceiling = Math.min(DEFAULT_RETRY_POLICY.maxDelayMs, DEFAULT_RETRY_POLICY.baseDelayMs * 2 ** (attempt - 1));
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
      }),
    );
    expect(retryDelay(1, undefined, DEFAULT_RETRY_POLICY, () => 0.5)).toBe(250);
    expect(retryDelay(2, undefined, DEFAULT_RETRY_POLICY, () => 0.5)).toBe(500);
  });
});

describe('isRetryableStatus', () => {
  it('retries 429 and 5xx only', () => {
    expect([200, 301, 400, 401, 403, 404, 408, 429, 500, 502, 503, 599].filter(isRetryableStatus)).toEqual([429, 500, 502, 503, 599]);
  });
});
