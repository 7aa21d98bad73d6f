/**
 * Answering a registry's 401: pick its challenge, check the token realm, decide whether the
 * realm may see credentials, and produce the Authorization header for the retry. The last
 * challenge per host is remembered so later requests authenticate up front (with the cached
 * token) instead of collecting a 401 each time.
 */
import { selectChallenge, type AuthChallenge } from './challenge.js';
import type { CredentialStore, RegistryCredentials } from './credentials.js';
import type { RegistryEndpoint } from './hosts.js';
import { checkRealm } from './realm.js';
import type { TokenProvider } from './tokens.js';
import type { RegistryFailure } from './types.js';

/** What one request is sent with, and what was used to make it (to invalidate or explain later). */
export interface AuthAttempt {
  readonly kind: 'auth';
  readonly header: string | undefined;
  /** The bearer token in `header`, so a rejected one can be dropped from the cache. */
  readonly token: string | undefined;
  /** Whether credentials went into the header or the token request. */
  readonly usedCredentials: boolean;
}

/** Don't retry: there is nothing different to send. `note` explains why, for the message. */
export interface GiveUp {
  readonly kind: 'give-up';
  readonly note: string | undefined;
}

export interface Authorizer {
  /**
   * What to send. Until a host has answered once, only one request goes out to learn how it
   * authenticates; concurrent ones wait for that answer instead of each collecting a 401.
   */
  before(endpoint: RegistryEndpoint, repository: string): Promise<AuthAttempt | RegistryFailure>;
  /** The first answer from this host is in (and any challenge in it remembered): waiters go ahead. */
  settled(endpoint: RegistryEndpoint): void;
  afterUnauthorized(
    endpoint: RegistryEndpoint,
    repository: string,
    wwwAuthenticate: string | null,
    previous: AuthAttempt,
  ): Promise<AuthAttempt | GiveUp | RegistryFailure>;
}

export interface AuthorizerOptions {
  readonly credentials: CredentialStore;
  readonly tokens: TokenProvider;
  readonly warn: (message: string) => void;
  /** Told about every secret that goes into a header, so messages can be scrubbed of it. */
  readonly onSecret: (secret: string) => void;
}

const ANONYMOUS: AuthAttempt = { kind: 'auth', header: undefined, token: undefined, usedCredentials: false };

export function pullScope(repository: string): string {
  return `repository:${repository}:pull`;
}

export function createAuthorizer(options: AuthorizerOptions): Authorizer {
  const challenges = new Map<string, AuthChallenge>();
  /** Per host: resolves once the first request to it has been answered. */
  const firstContact = new Map<string, { promise: Promise<void>; resolve: () => void }>();
  const warned = new Set<string>();

  /** The first stored credentials under any spelling of the endpoint's origin (see `credentialKeys`). */
  const credentialsFor = async (endpoint: RegistryEndpoint): Promise<RegistryCredentials | undefined> => {
    for (const key of endpoint.credentialKeys) {
      const credentials = await options.credentials.get(key);
      if (credentials?.kind === 'basic') {
        options.onSecret(credentials.password);
        options.onSecret(Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64'));
      } else if (credentials) {
        options.onSecret(credentials.token);
      }
      if (credentials) return credentials;
    }
    return undefined;
  };

  const answer = async (
    challenge: AuthChallenge,
    endpoint: RegistryEndpoint,
    repository: string,
  ): Promise<AuthAttempt | GiveUp | RegistryFailure> => {
    if (challenge.kind === 'basic') {
      // Basic goes to the registry's own host, which is the one place credentials always belong.
      const credentials = await credentialsFor(endpoint);
      if (credentials?.kind !== 'basic') {
        const note = credentials
          ? `only an identity token is stored for ${endpoint.credentialKey}, and the registry asks for Basic auth`
          : undefined;
        return { kind: 'give-up', note: note ?? `no credentials found for ${endpoint.credentialKey}` };
      }
      const header = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
      return { kind: 'auth', header, token: undefined, usedCredentials: true };
    }
    const decision = checkRealm(challenge.realm, endpoint);
    if (decision.kind === 'refused') {
      return { kind: 'unauthorized', host: endpoint.host, status: 401, message: `${decision.reason}; it was not contacted` };
    }
    const stored = await credentialsFor(endpoint);
    if (stored && !decision.sendCredentials) {
      const message = `not sending credentials for ${endpoint.credentialKey} to token realm ${decision.url.host}: it is neither the registry's own scheme, host and port nor on its parent domain; asking for an anonymous token`;
      if (!warned.has(message)) options.warn(message);
      warned.add(message);
    }
    const credentials = decision.sendCredentials ? stored : undefined;
    const outcome = await options.tokens.get({
      registryHost: endpoint.host,
      realm: decision.url,
      service: challenge.service,
      scope: pullScope(repository),
      credentials,
    });
    if (outcome.kind !== 'token') return outcome;
    return { kind: 'auth', header: `Bearer ${outcome.token}`, token: outcome.token, usedCredentials: credentials !== undefined };
  };

  return {
    async before(endpoint, repository) {
      if (!challenges.has(endpoint.host)) {
        const contact = firstContact.get(endpoint.host);
        if (contact === undefined) {
          let resolve!: () => void;
          const promise = new Promise<void>((done) => (resolve = done));
          firstContact.set(endpoint.host, { promise, resolve });
          return ANONYMOUS;
        }
        await contact.promise;
      }
      const remembered = challenges.get(endpoint.host);
      if (!remembered) return ANONYMOUS;
      const attempt = await answer(remembered, endpoint, repository);
      return attempt.kind === 'give-up' ? ANONYMOUS : attempt;
    },

    settled(endpoint) {
      firstContact.get(endpoint.host)?.resolve();
    },

    async afterUnauthorized(endpoint, repository, wwwAuthenticate, previous) {
      const challenge = selectChallenge(wwwAuthenticate);
      if (!challenge) return { kind: 'give-up', note: 'the registry sent no Bearer or Basic challenge' };
      challenges.set(endpoint.host, challenge);
      if (previous.token !== undefined) options.tokens.invalidate(endpoint.host, pullScope(repository), previous.token);
      const next = await answer(challenge, endpoint, repository);
      if (next.kind !== 'auth') return next;
      if (next.header === previous.header) {
        return { kind: 'give-up', note: next.usedCredentials ? `the credentials for ${endpoint.credentialKey} were rejected` : undefined };
      }
      return next;
    },
  };
}
