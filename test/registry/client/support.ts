/**
 * Shared pieces for the registry client tests: strict nock (network off, every mock must be
 * used, no request may go unmatched) and a client whose clock, sleep and randomness are fakes,
 * so retries and token expiry are tested without waiting.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
export { useStrictNock } from '../../helpers/strict-nock.js';
import { createRegistryClient, type RegistryClientOptions } from '../../../src/registry/client/client.js';
import type { CredentialStore, RegistryCredentials } from '../../../src/registry/client/credentials.js';
import type { RegistryClient } from '../../../src/registry/client/types.js';

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
