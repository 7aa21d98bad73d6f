/**
 * A deliberately small read-side client for the helper tests: follows the registry's own
 * challenge (none, Basic or Bearer via the token realm) and reads manifests, so the pusher is
 * checked against what the real registry serves, not against itself.
 */
import { createHash } from 'node:crypto';
import { ACCEPT_ANY_MANIFEST, type LocalRegistry } from '../helpers/registry/index.js';

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** `Bearer realm="…",service="…",scope="…"` → `{ scheme: 'bearer', params }`. */
export function parseChallenge(header: string): Challenge {
  const space = header.indexOf(' ');
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const params: Record<string, string> = {};
  for (const match of header.slice(space + 1).matchAll(/(\w+)="([^"]*)"/g)) {
    if (match[1] !== undefined && match[2] !== undefined) params[match[1]] = match[2];
  }
  return { scheme, params };
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** Headers that authorize `actions` on `repository`, found by asking the registry how to authenticate. */
export async function authorize(
  registry: LocalRegistry,
  repository: string,
  options: { actions?: string; anonymous?: boolean } = {},
): Promise<Record<string, string>> {
  const probe = await fetch(`${registry.url}/v2/`);
  await probe.arrayBuffer();
  const header = probe.headers.get('www-authenticate');
  if (probe.status === 200 || header === null) return {};
  const challenge = parseChallenge(header);
  const creds = options.anonymous || registry.credentials === undefined ? undefined : registry.credentials;
  if (challenge.scheme === 'basic') return creds === undefined ? {} : { Authorization: basic(creds.username, creds.password) };
  const realm = new URL(challenge.params.realm ?? '');
  realm.searchParams.set('service', challenge.params.service ?? '');
  realm.searchParams.set('scope', `repository:${repository}:${options.actions ?? 'pull'}`);
  const res = await fetch(realm, { headers: creds === undefined ? {} : { Authorization: basic(creds.username, creds.password) } });
  if (res.status !== 200) throw new Error(`token realm ${realm.href} answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { token: string };
  return { Authorization: `Bearer ${body.token}` };
}

export interface ManifestAnswer {
  status: number;
  /** Docker-Content-Digest, if sent. */
  digest: string | null;
  contentType: string | null;
  /** sha256 of the body (GET only). */
  bodyDigest?: string;
  body?: Buffer;
}

export async function readManifest(
  registry: LocalRegistry,
  repository: string,
  reference: string,
  method: 'HEAD' | 'GET',
  headers: Record<string, string>,
  accept = ACCEPT_ANY_MANIFEST,
): Promise<ManifestAnswer> {
  const res = await fetch(`${registry.url}/v2/${repository}/manifests/${reference}`, { method, headers: { ...headers, Accept: accept } });
  const body = Buffer.from(await res.arrayBuffer());
  const answer: ManifestAnswer = {
    status: res.status,
    digest: res.headers.get('docker-content-digest'),
    contentType: res.headers.get('content-type'),
  };
  return method === 'GET' ? { ...answer, body, bodyDigest: `sha256:${createHash('sha256').update(body).digest('hex')}` } : answer;
}
