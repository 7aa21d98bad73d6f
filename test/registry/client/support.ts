/**
 * Shared pieces for the registry client tests: strict nock (network off, every mock must be
 * used, no request may go unmatched) and a client whose clock, sleep and randomness are fakes,
 * so retries and token expiry are tested without waiting.
 */
import { afterEach, beforeEach, expect } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import nock from 'nock';
import { createRegistryClient, type RegistryClientOptions } from '../../../src/registry/client.js';
import type { CredentialStore, RegistryCredentials } from '../../../src/registry/credentials.js';
import type { RegistryClient } from '../../../src/registry/types.js';

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

export interface TestClient {
  readonly client: RegistryClient;
  /** Every delay the client slept for, in order. */
  readonly sleeps: number[];
  readonly warnings: string[];
  readonly clock: { now: number };
}

export function testClient(overrides: Partial<RegistryClientOptions> = {}): TestClient {
  const sleeps: number[] = [];
  const warnings: string[] = [];
  const clock = { now: Date.parse('2025-06-01T12:00:00Z') };
  const client = createRegistryClient({
    env: {},
    credentials: staticCredentials({}),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    now: () => clock.now,
    warn: (message) => warnings.push(message),
    ...overrides,
  });
  return { client, sleeps, warnings, clock };
}

/** A credential store with fixed answers, recording which registries were asked for. */
export function staticCredentials(byRegistry: Record<string, RegistryCredentials>, asked: string[] = []): CredentialStore {
  return {
    async get(registry) {
      asked.push(registry);
      return byRegistry[registry];
    },
  };
}

export function basicHeader(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

export function sha256(bytes: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export function fixture(name: string): Buffer {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
}
