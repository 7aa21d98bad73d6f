/**
 * One authenticated request to a registry's `/v2/` API: send with whatever auth this host asked
 * for before, answer a 401 challenge and retry once, and turn anything but a 200 into a typed
 * failure whose message says what was asked, of whom, and what came back.
 */
import type { Authorizer, AuthAttempt } from './auth.js';
import { readCapped, readSmallText, type CappedBody } from './body.js';
import { causeOfNoAnswer, describeStatus, reasonPhrase } from './errors.js';
import type { RegistryEndpoint } from './hosts.js';
import { checkTargetAddress } from './realm.js';
import type { HttpFailure, HttpResponse, Transport } from './transport.js';
import type { RegistryFailure } from './types.js';

export interface ExchangeDeps {
  readonly transport: Transport;
  readonly authorizer: Authorizer;
  readonly maxBodyBytes: number;
  readonly userAgent: string;
}

export interface RegistryRequest {
  readonly endpoint: RegistryEndpoint;
  readonly repository: string;
  readonly method: 'GET' | 'HEAD';
  /** Path under the origin, e.g. `/v2/library/node/manifests/22`. */
  readonly path: string;
  readonly accept: string;
  /** Statuses besides 200 the caller reads as an answer (e.g. 405 to a HEAD), not as a failure. */
  readonly answers?: readonly number[];
  /** Replaces `deps.maxBodyBytes` for this request. */
  readonly maxBodyBytes?: number;
}

export interface Answered {
  readonly kind: 'ok';
  readonly status: number;
  readonly headers: Headers;
  readonly body: CappedBody;
  /** e.g. `GET https://ghcr.io/v2/foo/bar/manifests/1.0`, for messages about the answer. */
  readonly described: string;
}

type Payload = { readonly body: CappedBody; readonly errorText: string | undefined };

export async function exchange(deps: ExchangeDeps, request: RegistryRequest): Promise<Answered | RegistryFailure> {
  const { endpoint, repository, method } = request;
  const url = new URL(`${endpoint.origin}${request.path}`);
  const described = `${method} ${url.href}`;
  const host = endpoint.host;
  const prefix = (failure: RegistryFailure): RegistryFailure => ({ ...failure, message: `${described}: ${failure.message}` });

  const read = async (response: Response): Promise<Payload> => {
    if (response.status === 200)
      return { body: await readCapped(response, request.maxBodyBytes ?? deps.maxBodyBytes), errorText: undefined };
    return { body: { kind: 'complete', bytes: new Uint8Array(0) }, errorText: await readSmallText(response) };
  };
  const send = (auth: AuthAttempt) => {
    const headers: Record<string, string> = { accept: request.accept, 'user-agent': deps.userAgent };
    if (auth.header !== undefined) headers.authorization = auth.header;
    const checkRedirect = (target: URL): string | undefined => {
      const verdict = checkTargetAddress(target.hostname, endpoint);
      return verdict.ok ? undefined : verdict.reason;
    };
    return deps.transport.send({ method, url, headers, checkRedirect }, read);
  };

  const first = await deps.authorizer.before(endpoint, repository);
  if (first.kind !== 'auth') return prefix(first);
  let answer = await send(first);
  let note: string | undefined;
  if (answer.kind === 'response' && answer.status === 401) {
    const retry = await deps.authorizer.afterUnauthorized(endpoint, repository, answer.headers.get('www-authenticate'), first);
    deps.authorizer.settled(endpoint);
    if (retry.kind === 'auth') {
      answer = await send(retry);
      note = retry.usedCredentials ? `sent the stored credentials for ${endpoint.credentialKey}` : 'sent anonymously';
    } else if (retry.kind === 'give-up')
      note = retry.note ?? (first.usedCredentials ? undefined : `no credentials found for ${endpoint.credentialKey}`);
    else return prefix(retry);
  }
  // Whatever came back (a 200 from an open registry, a network error), requests waiting to
  // learn this host's auth may go now; settling twice is harmless.
  deps.authorizer.settled(endpoint);
  if (answer.kind === 'response' && (answer.status === 200 || request.answers?.includes(answer.status))) {
    return { kind: 'ok', status: answer.status, headers: answer.headers, body: answer.value.body, described };
  }
  return failureFor(described, host, answer, note);
}

function failureFor(
  described: string,
  host: string,
  answer: HttpResponse<Payload> | HttpFailure,
  note: string | undefined,
): RegistryFailure {
  const attempts = answer.attempts > 1 ? ` (after ${answer.attempts} attempts)` : '';
  if (answer.kind === 'failed') {
    const message = `${described}: ${answer.message}${attempts}`;
    if (answer.reason === 'redirect') return { kind: 'invalid-response', host, message };
    return { kind: 'unavailable', host, message, cause: causeOfNoAnswer(answer) };
  }
  const status = describeStatus(answer.status, reasonPhrase(answer.status), answer.value.errorText);
  const message = `${described}: ${status}`;
  if (answer.status === 401 || answer.status === 403) {
    return { kind: 'unauthorized', host, status: answer.status, message: note ? `${message} (${note})` : message };
  }
  if (answer.status === 404) return { kind: 'not-found', host, message };
  if (answer.status === 429 || answer.status >= 500) {
    return { kind: 'unavailable', host, message: `${message}${attempts}`, cause: { kind: 'status', status: answer.status } };
  }
  return { kind: 'invalid-response', host, message: `${described}: unexpected status ${status}` };
}
