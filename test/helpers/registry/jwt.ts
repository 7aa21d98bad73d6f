/** Compact JWS signing (RS256), the only JWT operation the token server needs. */
import { sign, type KeyObject } from 'node:crypto';

function segment(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function signJwtRs256(header: Record<string, unknown>, claims: Record<string, unknown>, key: KeyObject): string {
  const signingInput = `${segment({ ...header, alg: 'RS256', typ: 'JWT' })}.${segment(claims)}`;
  const signature = sign('sha256', Buffer.from(signingInput, 'ascii'), key).toString('base64url');
  return `${signingInput}.${signature}`;
}

/** Reads a token's claims without verifying it: for tests asserting what was granted. */
export function decodeJwtClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (payload === undefined) throw new Error(`decodeJwtClaims: not a compact JWT: ${token.slice(0, 40)}`);
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}
