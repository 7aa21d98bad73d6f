import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  deleteManifest,
  DOCKER,
  OCI,
  pushAttestation,
  pushImage,
  pushIndex,
  pushPlatformImage,
  startRegistry,
  type LocalRegistry,
  type RegistryAuthMode,
} from '../helpers/registry/index.js';
import { authorize, readManifest } from './registry-probe.js';

const amd64 = { os: 'linux', architecture: 'amd64' };
const arm64 = { os: 'linux', architecture: 'arm64', variant: 'v8' };
const riscv = { os: 'linux', architecture: 'riscv64' };

interface IndexBody {
  mediaType: string;
  manifests: Array<{
    digest: string;
    mediaType: string;
    platform?: { os: string; architecture: string; variant?: string };
    annotations?: Record<string, string>;
  }>;
}

describe.each<RegistryAuthMode>(['none', 'htpasswd', 'token'])('a local registry with auth %s', (auth) => {
  let registry: LocalRegistry;
  beforeAll(async () => {
    registry = await startRegistry({ auth });
  });
  afterAll(async () => {
    await registry?.stop();
  });

  const head = async (repo: string, reference: string, accept?: string) =>
    readManifest(registry, repo, reference, 'HEAD', await authorize(registry, repo), accept);
  const get = async (repo: string, reference: string) => readManifest(registry, repo, reference, 'GET', await authorize(registry, repo));

  test('listens on a loopback port and says whether it wants auth', async () => {
    expect(registry.host).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(registry.url).toBe(`http://${registry.host}`);
    const res = await fetch(`${registry.url}/v2/`);
    await res.arrayBuffer();
    expect(res.status).toBe(auth === 'none' ? 200 : 401);
    expect(registry.credentials === undefined).toBe(auth === 'none');
    expect(registry.tokenServer === undefined).toBe(auth !== 'token');
  });

  test('a single-platform push tags an image manifest whose bytes hash to the returned digest', async () => {
    const pushed = await pushImage(registry, 'team/single', '1.0');
    expect(pushed.mediaType).toBe(OCI.manifest);
    expect(pushed.manifests).toEqual([expect.objectContaining({ digest: pushed.digest, platform: amd64 })]);
    const headed = await head('team/single', '1.0');
    expect(headed).toMatchObject({ status: 200, digest: pushed.digest, contentType: OCI.manifest });
    const got = await get('team/single', '1.0');
    expect(got.bodyDigest).toBe(pushed.digest);
  });

  test('a multi-platform push with attestations tags an OCI index with BuildKit-style entries', async () => {
    const pushed = await pushImage(registry, 'team/multi', 'latest', { platforms: [amd64, arm64], withAttestations: true });
    const got = await get('team/multi', 'latest');
    expect(got).toMatchObject({ status: 200, digest: pushed.digest, bodyDigest: pushed.digest, contentType: OCI.index });
    const index = JSON.parse(got.body?.toString('utf8') ?? '') as IndexBody;
    expect(index.manifests.map((m) => m.platform)).toEqual([
      amd64,
      arm64,
      { os: 'unknown', architecture: 'unknown' },
      { os: 'unknown', architecture: 'unknown' },
    ]);
    const [image, , attestation] = index.manifests;
    expect(attestation?.annotations).toEqual({
      'vnd.docker.reference.digest': image?.digest,
      'vnd.docker.reference.type': 'attestation-manifest',
    });
    expect(index.manifests.map((m) => m.digest)).toEqual(pushed.manifests.map((m) => m.digest));
    for (const entry of index.manifests) {
      expect(await head('team/multi', entry.digest)).toMatchObject({ status: 200, digest: entry.digest, contentType: OCI.manifest });
    }
  });

  test('docker media types give a manifest list of schema 2 manifests', async () => {
    const pushed = await pushImage(registry, 'team/docker', '2', { platforms: [amd64, arm64], mediaTypes: 'docker' });
    expect(await head('team/docker', '2')).toMatchObject({ status: 200, digest: pushed.digest, contentType: DOCKER.index });
    expect(pushed.manifests.map((m) => m.mediaType)).toEqual([DOCKER.manifest, DOCKER.manifest]);
    const single = await pushImage(registry, 'team/docker', '2-amd64', { mediaTypes: 'docker' });
    expect(await head('team/docker', '2-amd64')).toMatchObject({ digest: single.digest, contentType: DOCKER.manifest });
  });

  test('a new seed moves the tag; the same seed leaves it where it was', async () => {
    const first = await pushImage(registry, 'team/moving', 'stable', { platforms: [amd64, arm64] });
    const again = await pushImage(registry, 'team/moving', 'stable', { platforms: [amd64, arm64] });
    expect(again.digest).toBe(first.digest);
    const moved = await pushImage(registry, 'team/moving', 'stable', { platforms: [amd64, arm64], seed: 'rebuild' });
    expect(moved.digest).not.toBe(first.digest);
    expect((await head('team/moving', 'stable')).digest).toBe(moved.digest);
    // The old index is still there by digest, as after a real rebuild.
    expect((await head('team/moving', first.digest)).status).toBe(200);
  });

  test('pushIndex re-tags existing platform images with an extra attestation or platform', async () => {
    const before = await pushImage(registry, 'team/reuse', '3', { platforms: [amd64, arm64] });
    const [amdImage] = before.manifests;
    if (amdImage === undefined) throw new Error('no amd64 manifest');
    const attestation = await pushAttestation(registry, 'team/reuse', amdImage);
    const withAttestation = await pushIndex(registry, 'team/reuse', '3', [...before.manifests, attestation]);
    expect(withAttestation.digest).not.toBe(before.digest);
    const riscvImage = await pushPlatformImage(registry, 'team/reuse', riscv);
    const withPlatform = await pushIndex(registry, 'team/reuse', '3', [...before.manifests, riscvImage]);

    expect((await head('team/reuse', '3')).digest).toBe(withPlatform.digest);
    const index = JSON.parse((await get('team/reuse', '3')).body?.toString('utf8') ?? '') as IndexBody;
    expect(index.manifests.map((m) => m.digest)).toEqual([...before.manifests.map((m) => m.digest), riscvImage.digest]);
  });

  test('deleteManifest removes a manifest by digest', async () => {
    const pushed = await pushImage(registry, 'team/gone', 'old', { seed: 'to-delete' });
    await deleteManifest(registry, 'team/gone', pushed.digest);
    expect((await head('team/gone', pushed.digest)).status).toBe(404);
    expect((await head('team/gone', 'old')).status).toBe(404);
  });
});

describe('a registry with htpasswd auth', () => {
  let registry: LocalRegistry;
  beforeAll(async () => {
    registry = await startRegistry({
      auth: 'htpasswd',
      users: [
        { username: 'alice', password: 'wonderland' },
        { username: 'bob', password: 'builder' },
      ],
    });
  });
  afterAll(async () => {
    await registry?.stop();
  });

  const headWith = async (authorization?: string) => {
    const res = await fetch(`${registry.url}/v2/`, { headers: authorization === undefined ? {} : { Authorization: authorization } });
    await res.arrayBuffer();
    return { status: res.status, challenge: res.headers.get('www-authenticate') };
  };
  const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

  test('accepts every configured user over plain HTTP and nobody else', async () => {
    expect(registry.credentials).toEqual({ username: 'alice', password: 'wonderland' });
    expect(await headWith(basic('alice', 'wonderland'))).toMatchObject({ status: 200 });
    expect(await headWith(basic('bob', 'builder'))).toMatchObject({ status: 200 });
    expect(await headWith(basic('alice', 'builder'))).toMatchObject({ status: 401 });
    expect(await headWith()).toEqual({ status: 401, challenge: expect.stringMatching(/^Basic realm=/) });
  });
});
