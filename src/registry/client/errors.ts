import { parseJson } from './json.js';
import { RegistryErrors } from './schemas.js';
import type { HttpFailure } from './transport.js';
import type { FailureCause } from './types.js';

/**
 * Turning a registry's error answer into one readable line, e.g.
 * `HEAD https://ghcr.io/v2/foo/bar/manifests/1.0: 404 MANIFEST_UNKNOWN: manifest unknown`.
 * Pure. Messages never carry headers, so credentials and tokens cannot leak through them; the
 * client additionally redacts every secret it knows of.
 */

/**
 * The distribution spec's error body (`RegistryErrors`): returns `CODE: message; CODE2: message2`,
 * or undefined when the body is not that shape.
 */
export function describeRegistryErrors(text: string | undefined): string | undefined {
  const parsed = parseJson(text, RegistryErrors);
  if (!parsed.ok) return undefined;
  const parts = parsed.value.errors.slice(0, 5).flatMap(({ code, message }) => {
    const codeText = code !== undefined && code !== '' ? oneLine(code) : undefined;
    const messageText = message !== undefined && message !== '' ? oneLine(message) : undefined;
    if (codeText && messageText) return [`${codeText}: ${messageText}`];
    return codeText ?? messageText ?? [];
  });
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/** A registry's words go into logs and PR bodies: one line, bounded length. */
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat;
}

/** `GET https://ghcr.io/v2/foo/bar/manifests/1.0`, with any query string left out. */
export function describeRequest(method: string, url: URL): string {
  return `${method} ${url.protocol}//${url.host}${url.pathname}`;
}

/** `404 MANIFEST_UNKNOWN: manifest unknown`, or `404 Not Found` without a usable error body. */
export function describeStatus(status: number, statusText: string, errorBody: string | undefined): string {
  const detail = describeRegistryErrors(errorBody) ?? oneLine(statusText);
  return detail === '' ? String(status) : `${status} ${detail}`;
}

/**
 * Reason phrases for the statuses that matter, written by us: HTTP/2 has none, and a server's
 * own phrase is whatever it likes.
 */
export function reasonPhrase(status: number): string {
  const phrases: Readonly<Record<number, string>> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
  };
  return phrases[status] ?? '';
}

/** Replaces each known secret with `***`. Secrets shorter than 4 characters are too common to redact. */
export function createRedactor(): { add(secret: string | undefined): void; apply(text: string): string } {
  const secrets = new Set<string>();
  return {
    add(secret) {
      if (secret !== undefined && secret.length >= 4) secrets.add(secret);
    },
    apply(text) {
      let result = text;
      // Longest first, so a secret that contains another is replaced whole.
      for (const secret of [...secrets].sort((a, b) => b.length - a.length)) result = result.split(secret).join('***');
      return result;
    },
  };
}

/** Node's codes for a failed TLS handshake (OpenSSL's verify errors and its own). */
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|EPROTO$|HOSTNAME_MISMATCH$)/;

/** Why a request that got no answer failed: timeout, TLS or plain network trouble. */
export function causeOfNoAnswer(failure: HttpFailure): FailureCause {
  if (failure.reason === 'timeout') return { kind: 'timeout' };
  const code = failure.code;
  return { kind: code !== undefined && TLS_CODE.test(code) ? 'tls' : 'network', code };
}
