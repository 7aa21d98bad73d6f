import { afterEach, beforeEach, expect } from '@jest/globals';
import nock from './nock.js';

/**
 * Strict HTTP mocks for a test file: the network is off, a request no mock matches fails the
 * test, and so does a mock left unused (it would mean the code skipped a request it should make).
 */
export function useStrictNock(): void {
  const unmatched: string[] = [];
  const onNoMatch = (request: { method?: string; host?: string; path?: string }): void => {
    unmatched.push(`${request.method ?? '?'} ${request.host ?? '?'}${request.path ?? ''}`);
  };
  beforeEach(() => {
    unmatched.length = 0;
    nock.disableNetConnect();
    nock.emitter.on('no match', onNoMatch);
  });
  afterEach(() => {
    nock.emitter.removeListener('no match', onNoMatch);
    const pending = nock.pendingMocks();
    nock.cleanAll();
    nock.enableNetConnect();
    expect({ unmatched, pending }).toEqual({ unmatched: [], pending: [] });
  });
}
