/**
 * The push half of the distribution API over plain fetch: blob upload (POST, then PUT with
 * the digest), manifest PUT and DELETE. Auth is taken care of without challenges: Basic with
 * the registry's credentials, or a Bearer token signed directly by its token server (so
 * pushing never shows up in the token server's request record).
 */
import type { Content } from './image-content.js';
import type { LocalRegistry } from './launch.js';

/** What the pusher needs of a registry; a LocalRegistry fits. */
export type PushTarget = Pick<LocalRegistry, 'url' | 'credentials' | 'tokenServer'>;

function authorization(target: PushTarget, repository: string): Record<string, string> {
  const { credentials, tokenServer } = target;
  if (tokenServer !== undefined) {
    const token = tokenServer.issueToken(credentials?.username ?? '', [
      { type: 'repository', name: repository, actions: ['pull', 'push', 'delete'] },
    ]);
    return { Authorization: `Bearer ${token}` };
  }
  if (credentials !== undefined) {
    return { Authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` };
  }
  return {};
}

async function request(
  method: string,
  url: string,
  expected: number,
  init: { headers: Record<string, string>; body?: Buffer },
): Promise<Response> {
  const res = await fetch(url, { method, headers: init.headers, ...(init.body === undefined ? {} : { body: init.body }) });
  if (res.status !== expected) {
    const body = (await res.text()).slice(0, 500);
    throw new Error(`${method} ${url}: expected ${expected}, got ${res.status} ${res.statusText}: ${body}`);
  }
  return res;
}

export async function uploadBlob(target: PushTarget, repository: string, blob: Content): Promise<void> {
  const headers = authorization(target, repository);
  const started = await request('POST', `${target.url}/v2/${repository}/blobs/uploads/`, 202, { headers });
  await started.arrayBuffer();
  const location = started.headers.get('location');
  if (location === null) throw new Error(`POST ${target.url}/v2/${repository}/blobs/uploads/: 202 without a Location header`);
  // Location may be relative; it already carries the upload state in its query.
  const uploadUrl = new URL(location, target.url);
  uploadUrl.searchParams.set('digest', blob.digest);
  const done = await request('PUT', uploadUrl.href, 201, {
    headers: { ...headers, 'Content-Type': 'application/octet-stream' },
    body: blob.bytes,
  });
  await done.arrayBuffer();
}

/** PUT a manifest under a tag or its digest; checks the registry computed the same digest. */
export async function putManifest(target: PushTarget, repository: string, reference: string, manifest: Content): Promise<void> {
  const url = `${target.url}/v2/${repository}/manifests/${reference}`;
  const res = await request('PUT', url, 201, {
    headers: { ...authorization(target, repository), 'Content-Type': manifest.mediaType },
    body: manifest.bytes,
  });
  await res.arrayBuffer();
  const answered = res.headers.get('docker-content-digest');
  if (answered !== manifest.digest) {
    throw new Error(`PUT ${url}: registry reported digest ${answered ?? '(none)'}, expected ${manifest.digest}`);
  }
}

/** DELETE a manifest by digest (the registry is started with deletes enabled). */
export async function deleteManifest(target: PushTarget, repository: string, digest: string): Promise<void> {
  const res = await request('DELETE', `${target.url}/v2/${repository}/manifests/${digest}`, 202, {
    headers: authorization(target, repository),
  });
  await res.arrayBuffer();
}
