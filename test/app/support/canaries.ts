import { randomBytes } from 'node:crypto';

/** A value that must never show up anywhere but where it belongs; recognisable when it does. */
export function canary(label: string): string {
  return `CANARY-${label}-${randomBytes(9).toString('hex')}`;
}

/**
 * The ways a secret is commonly re-encoded on its way into a log or a request: as is, URL-
 * encoded, and base64 / base64url at each of the three byte alignments it can have inside a
 * longer encoded string (so `base64(user:password)` or a base64'd config file are caught too).
 * Only the characters that depend on the secret's bytes alone are kept.
 */
export function encodings(secret: string): string[] {
  const found = new Set([secret, encodeURIComponent(secret)]);
  const bytes = Buffer.from(secret, 'utf8');
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset, 0x20), bytes]).toString('base64');
    const fragment = encoded.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes.length) * 8) / 6));
    found.add(fragment);
    found.add(fragment.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...found];
}

/** The base64 lines of a PEM body: any one of them appearing means key material leaked. */
export function pemLines(pem: string): string[] {
  return pem.split('\n').filter((line) => line.length >= 32 && !line.startsWith('-----'));
}

export interface Leak {
  readonly secret: string;
  readonly where: string;
}

/** Every (secret, place) pair where some encoding of a secret occurs. */
export function findLeaks(secrets: Readonly<Record<string, readonly string[]>>, places: Readonly<Record<string, string>>): Leak[] {
  const leaks: Leak[] = [];
  for (const [secret, needles] of Object.entries(secrets)) {
    for (const [where, text] of Object.entries(places)) {
      if (needles.some((needle) => text.includes(needle))) leaks.push({ secret, where });
    }
  }
  return leaks;
}
