/**
 * `createRegistryClient`: the OCI distribution client behind the `RegistryClient` seam. Wires
 * hosts, credentials, tokens and transport together, and verifies every digest it hands back
 * against the bytes it received. Never rejects: every answer is a typed outcome whose message
 * names the host and the request, with every known secret scrubbed out.
 */
import { ANY_ADDRESS, withAddressPolicy, type AddressPolicy } from './address-policy.js';
import { createAuthorizer } from './auth.js';
import type { CredentialHelperRunner } from './credential-helper.js';
import { createCredentialStore, type CredentialStore } from './credentials.js';
import { isDigestReference, matchesDigest, parseVerifiableDigest, REPOSITORY, sha256Digest, TAG } from './digests.js';
import { createRedactor } from './errors.js';
import { exchange, type Answered, type ExchangeDeps } from './exchange.js';
import {
  canonicalRegistryName,
  mirrorEndpoint,
  parseInsecureRegistries,
  parseHostPort,
  parseMirrors,
  registryEndpoint,
  type RegistryEndpoint,
} from './hosts.js';
import { observedFetch, type RegistryResponseHook } from './observed-fetch.js';
import { DEFAULT_RETRY_POLICY } from './retry.js';
import { createTokenProvider } from './tokens.js';
import { createTransport } from './transport.js';
import {
  DEFAULT_REGISTRY_CONCURRENCY,
  parseRegistryConcurrency,
  sharedRegistryConnections,
  type RegistryConnections,
} from './connections.js';
import {
  MANIFEST_ACCEPT,
  SHA256_DIGEST,
  type BlobBody,
  type ManifestBody,
  type ManifestHead,
  type RegistryClient,
  type RegistryFailure,
  type RepositoryLocator,
} from './types.js';

export interface RegistryClientOptions {
  /** The process environment: `PINBOT_INSECURE_REGISTRIES`, `DOCKER_CONFIG`, `HOME`, and `PATH` for credential helpers. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homeDir?: string;
  readonly fetch?: typeof fetch;
  /** Registry → mirror host (`host[:port]`) asked first; the registry itself answers when the mirror fails. */
  readonly mirrors?: Readonly<Record<string, string>>;
  /** Replaces the Docker-config credential store (tests, or an App with its own secrets). */
  readonly credentials?: CredentialStore;
  readonly runCredentialHelper?: CredentialHelperRunner;
  /** Non-fatal problems: malformed config, failing helpers, credentials withheld from a realm. */
  readonly warn?: (message: string) => void;
  /** Per attempt, including redirects and the body. Default 15 s. */
  readonly timeoutMs?: number;
  /** Attempts in total for 429/5xx/network errors. Default 3. */
  readonly maxAttempts?: number;
  /** Longest `Retry-After` honoured. Default 30 s. */
  readonly maxRetryAfterMs?: number;
  /**
   * Concurrent requests per host. Default: the connections' limit, else
   * `PINBOT_REGISTRY_CONCURRENCY`, else DEFAULT_REGISTRY_CONCURRENCY.
   */
  readonly concurrencyPerHost?: number;
  /**
   * Kept-alive connections (issue 13). Default: the process's, shared by every client with the
   * same per-host limit.
   */
  readonly connections?: RegistryConnections;
  /** Largest manifest or blob accepted. Default 4 MiB. */
  readonly maxBodyBytes?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly now?: () => number;
  /** Told how every HTTP exchange ended, by `host[:port]` (metrics); changes nothing else. */
  readonly onResponse?: RegistryResponseHook;
  /**
   * Which registry, mirror and redirect addresses may be contacted. Default: every address (the
   * CLI, on the user's own machine); the App passes `privateAddressPolicy` (issue 8, finding 10).
   */
  readonly addressPolicy?: AddressPolicy;
}

export type { RegistryRequestOutcome } from './observed-fetch.js';

type Found<T extends { readonly kind: 'found' }> = T | RegistryFailure;

/** `PINBOT_REGISTRY_CONCURRENCY` when it is valid (the App refuses to start otherwise), else the default. */
function concurrencyFrom(env: Readonly<Record<string, string | undefined>>): number {
  const parsed = parseRegistryConcurrency(env.PINBOT_REGISTRY_CONCURRENCY);
  return typeof parsed === 'number' ? parsed : DEFAULT_REGISTRY_CONCURRENCY;
}

export function createRegistryClient(options: RegistryClientOptions): RegistryClient {
  const redactor = createRedactor();
  const warn = (message: string): void => options.warn?.(redactor.apply(message));
  const insecure = parseInsecureRegistries(options.env.PINBOT_INSECURE_REGISTRIES);
  insecure.invalid.forEach((entry) => warn(`PINBOT_INSECURE_REGISTRIES: "${entry}" is not host[:port]; ignored`));
  const mirrors = parseMirrors(options.mirrors ?? {});
  mirrors.invalid.forEach((message) => warn(`${message}; ignored`));

  const now = options.now ?? Date.now;
  const addressPolicy = options.addressPolicy ?? ANY_ADDRESS;
  const connections = options.connections ?? sharedRegistryConnections(options.concurrencyPerHost ?? concurrencyFrom(options.env));
  const transport = withAddressPolicy(
    createTransport({
      fetch: options.onResponse
        ? observedFetch(options.fetch ?? globalThis.fetch, options.onResponse)
        : (options.fetch ?? globalThis.fetch),
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      random: options.random ?? Math.random,
      now,
      timeoutMs: options.timeoutMs ?? 15_000,
      retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: options.maxAttempts ?? 3, maxRetryAfterMs: options.maxRetryAfterMs ?? 30_000 },
      concurrencyPerHost: connections.connectionsPerHost,
      dispatcher: connections.dispatcher,
    }),
    addressPolicy,
  );
  const onSecret = (secret: string): void => redactor.add(secret);
  const credentials =
    options.credentials ??
    createCredentialStore({ env: options.env, homeDir: options.homeDir, warn, runHelper: options.runCredentialHelper });
  const authorizer = createAuthorizer({ credentials, tokens: createTokenProvider({ transport, now, onSecret }), warn, onSecret });
  const deps: ExchangeDeps = { transport, authorizer, maxBodyBytes: options.maxBodyBytes ?? 4 * 1024 * 1024, userAgent: 'pinbot' };

  /** Validate the locator, then ask the mirror (if any) and fall back to the registry itself. */
  const lookup = async <T extends { readonly kind: 'found' }>(
    locator: RepositoryLocator,
    reference: { readonly valid: boolean; readonly text: string },
    ask: (endpoint: RegistryEndpoint) => Promise<Found<T>>,
  ): Promise<Found<T>> => {
    const origin = registryEndpoint(locator.registry, insecure);
    if (!origin) return invalid(locator.registry, `registry "${locator.registry}" is not a host[:port]`);
    if (!REPOSITORY.test(locator.repository) || locator.repository.length > 255) {
      return invalid(origin.host, `"${locator.repository}" is not a valid repository path on ${locator.registry}`);
    }
    if (!reference.valid)
      return invalid(origin.host, `"${reference.text}" is not a valid reference for ${locator.registry}/${locator.repository}`);
    const mirror = mirrors.mirrors.get(canonicalRegistryName(locator.registry));
    const viaMirror = mirror === undefined ? undefined : mirrorEndpoint(locator.registry, mirror, insecure);
    // Before any request: a refused address is never contacted, and the pin stays as it is.
    for (const endpoint of viaMirror ? [origin, viaMirror] : [origin]) {
      const verdict = addressPolicy.check(parseHostPort(endpoint.host) ?? { hostname: endpoint.hostname, port: undefined });
      if (!verdict.allowed)
        return invalid(endpoint.host, endpoint === viaMirror ? `mirror for ${locator.registry}: ${verdict.reason}` : verdict.reason);
    }
    try {
      const answer = await ask(viaMirror ?? origin);
      if (!isFailure(answer)) return answer;
      if (!viaMirror) return scrub(answer);
      const direct = await ask(origin);
      if (!isFailure(direct)) return direct;
      return scrub({ ...direct, message: `${direct.message} (mirror ${viaMirror.host} also failed: ${answer.message})` });
    } catch (error) {
      // Nothing above should throw; if it does, this lookup fails alone instead of the scan.
      return scrub({
        kind: 'unavailable',
        host: origin.host,
        message: `${locator.registry}/${locator.repository}: unexpected error: ${String(error)}`,
      });
    }
  };
  const scrub = (failure: RegistryFailure): RegistryFailure => ({ ...failure, message: redactor.apply(failure.message) });

  const manifestRequest = (endpoint: RegistryEndpoint, locator: RepositoryLocator, reference: string, method: 'GET' | 'HEAD') =>
    exchange(deps, {
      endpoint,
      repository: locator.repository,
      method,
      path: `/v2/${locator.repository}/manifests/${reference}`,
      accept: MANIFEST_ACCEPT,
      // A registry (or proxy) that does not allow HEAD still serves GET: read 405 as "no digest named".
      ...(method === 'HEAD' ? { answers: [405] } : {}),
    });

  return {
    headManifest(locator, reference) {
      return lookup<ManifestHead>(locator, checkReference(reference), async (endpoint) => {
        const answer = await manifestRequest(endpoint, locator, reference, 'HEAD');
        if (answer.kind !== 'ok') return answer;
        if (answer.status === 405) return { kind: 'found', digest: undefined, mediaType: undefined, host: endpoint.host };
        const digest = answer.headers.get('docker-content-digest') ?? undefined;
        if (digest !== undefined && !SHA256_DIGEST.test(digest)) return malformedDigest(endpoint, answer, digest);
        // Asked by sha256 digest, the answer must be about that digest and no other.
        if (digest !== undefined && SHA256_DIGEST.test(reference) && digest !== reference) {
          return invalid(endpoint.host, `${answer.described}: Docker-Content-Digest ${digest} is not the digest asked for`);
        }
        return { kind: 'found', digest, mediaType: mediaTypeOf(answer.headers), host: endpoint.host };
      });
    },

    getManifest(locator, reference) {
      return lookup<ManifestBody>(locator, checkReference(reference), async (endpoint) => {
        const answer = await manifestRequest(endpoint, locator, reference, 'GET');
        if (answer.kind !== 'ok') return answer;
        const verified = verifyBody(endpoint, answer, isDigestReference(reference) ? reference : undefined);
        if (verified.kind !== 'verified') return verified;
        return {
          kind: 'found',
          digest: verified.digest,
          mediaType: mediaTypeOf(answer.headers),
          body: verified.bytes,
          host: endpoint.host,
        };
      });
    },

    getBlob(locator, digest, blobOptions) {
      return lookup<BlobBody>(locator, { valid: parseVerifiableDigest(digest) !== undefined, text: digest }, async (endpoint) => {
        const answer = await exchange(deps, {
          endpoint,
          repository: locator.repository,
          method: 'GET',
          path: `/v2/${locator.repository}/blobs/${digest}`,
          accept: '*/*',
          ...(blobOptions?.maxBytes === undefined ? {} : { maxBodyBytes: blobOptions.maxBytes }),
        });
        if (answer.kind !== 'ok') return answer;
        const verified = verifyBody(endpoint, answer, digest);
        if (verified.kind !== 'verified') return verified;
        return { kind: 'found', digest, body: verified.bytes, host: endpoint.host };
      });
    },
  };
}

/** Tags by the tag grammar; digests only in algorithms pinbot can verify (it hashes what comes back). */
function checkReference(reference: string): { valid: boolean; text: string } {
  const valid = isDigestReference(reference) ? parseVerifiableDigest(reference) !== undefined : TAG.test(reference);
  return { valid, text: reference };
}

/**
 * The body must fit the cap; when the registry sent `Docker-Content-Digest` it must be a
 * well-formed sha256 equal to the body's; when a digest was asked for, the body must hash to it.
 */
function verifyBody(
  endpoint: RegistryEndpoint,
  answer: Answered,
  expected: string | undefined,
): { kind: 'verified'; bytes: Uint8Array; digest: string } | RegistryFailure {
  if (answer.body.kind === 'too-large')
    return invalid(endpoint.host, `${answer.described}: body is larger than ${answer.body.limit} bytes`);
  const bytes = answer.body.bytes;
  const actual = sha256Digest(bytes);
  const header = answer.headers.get('docker-content-digest') ?? undefined;
  if (header !== undefined && !SHA256_DIGEST.test(header)) return malformedDigest(endpoint, answer, header);
  if (header !== undefined && header !== actual) {
    return invalid(endpoint.host, `${answer.described}: Docker-Content-Digest ${header} does not match the body's ${actual}`);
  }
  if (expected !== undefined && !matchesDigest(bytes, expected)) {
    return invalid(endpoint.host, `${answer.described}: body does not hash to the requested ${expected} (it is ${actual})`);
  }
  return { kind: 'verified', bytes, digest: actual };
}

function malformedDigest(endpoint: RegistryEndpoint, answer: Answered, value: string): RegistryFailure {
  const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return invalid(endpoint.host, `${answer.described}: malformed Docker-Content-Digest header "${shown}" (expected sha256:<64 hex>)`);
}

function mediaTypeOf(headers: Headers): string | undefined {
  const value = headers.get('content-type')?.split(';')[0]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function isFailure<T extends { readonly kind: 'found' }>(outcome: Found<T>): outcome is RegistryFailure {
  return outcome.kind !== 'found';
}

function invalid(host: string, message: string): RegistryFailure {
  return { kind: 'invalid-response', host, message };
}
