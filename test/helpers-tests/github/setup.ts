/** Shared wiring for the fake GitHub's own tests: Octokit clients pointed at it, app JWTs, installation tokens. */
import { generateKeyPairSync, createSign } from 'node:crypto';
import { ProbotOctokit } from 'probot';
import type { FakeGitHub } from '../../helpers/github/index.js';

export const TestOctokit = ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } });
export type TestOctokitInstance = InstanceType<typeof TestOctokit>;

/** An Octokit like the app's, against the fake's GHES-style API root. */
export function octokitFor(fake: FakeGitHub, token = 'plain-user-token'): TestOctokitInstance {
  return new TestOctokit({ auth: { token }, baseUrl: fake.apiUrl });
}

export function keyPair(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** An RS256 app JWT (what @octokit/auth-app sends), signed with `privateKey`. */
export function appJwt(appId: number, privateKey: string): string {
  const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({ iat: now - 30, exp: now + 540, iss: appId })}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url');
  return `${unsigned}.${signature}`;
}

const sharedKey = keyPair();

/**
 * Mints an installation token through the fake's REST endpoint, as Probot does. (Octokits from
 * `probot.auth(id)` throttle writes to one per second whatever Octokit class is passed, so tests that
 * write use a token from here instead.)
 */
export async function installationToken(
  fake: FakeGitHub,
  installationId: number,
  body: Record<string, unknown> = {},
  privateKey = sharedKey.privateKey,
): Promise<string> {
  const response = await fetch(`${fake.apiUrl}/app/installations/${installationId}/access_tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${appJwt(fake.appId, privateKey)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { token?: string; message?: string };
  if (response.status !== 201 || json.token === undefined)
    throw new Error(`token request failed: ${response.status} ${json.message ?? ''}`);
  return json.token;
}

/** A parsed JSON body; tests probe response fields one by one, so it is deliberately untyped. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** fetch against the fake with JSON in and out. */
export async function call(
  fake: FakeGitHub,
  method: string,
  path: string,
  options: { body?: unknown; token?: string; root?: 'api' | 'plain'; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; json: Json; text: string }> {
  const root = options.root === 'plain' ? fake.url : fake.apiUrl;
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `token ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${root}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}
