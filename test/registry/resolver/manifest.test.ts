import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parseConfigPlatform, parseManifest, type Manifest } from '../../../src/registry/resolver/manifest.js';
import { MEDIA_TYPES } from '../../../src/registry/client/types.js';

function fixture(name: string): Uint8Array {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
}

function text(value: string): Uint8Array {
  return new TextEncoder().encode(value);
}

function parsed(bytes: Uint8Array): Manifest {
  const result = parseManifest(bytes);
  if (!result.ok) throw new Error(result.problem);
  return result.value;
}

function problemOf(bytes: Uint8Array): string {
  const result = parseManifest(bytes);
  if (result.ok) throw new Error(`expected a problem, parsed a ${result.value.kind}`);
  return result.problem;
}

describe('parseManifest', () => {
  it('reads a BuildKit OCI index with attestation entries', () => {
    const manifest = parsed(fixture('oci-index-buildx.json'));
    expect(manifest.kind).toBe('index');
    if (manifest.kind !== 'index') return;
    expect(manifest.mediaType).toBe(MEDIA_TYPES.ociIndex);
    expect(manifest.entries).toHaveLength(4);
    expect(manifest.entries[1]?.platform).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8', osVersion: undefined });
    expect(manifest.entries[2]?.annotations['vnd.docker.reference.type']).toBe('attestation-manifest');
  });

  it('reads a Docker manifest list with every platform', () => {
    const manifest = parsed(fixture('docker-manifest-list.json'));
    expect(manifest.kind === 'index' && manifest.mediaType).toBe(MEDIA_TYPES.dockerManifestList);
    const platforms = manifest.kind === 'index' ? manifest.entries.map((entry) => entry.platform?.architecture) : [];
    expect(platforms).toEqual(['amd64', 'arm', 'arm', 'arm64', '386', 'ppc64le', 'riscv64', 's390x']);
  });

  it('reads an OCI index that has no top-level mediaType by its manifests list', () => {
    const manifest = parsed(fixture('oci-index-no-media-type.json'));
    expect(manifest.kind).toBe('index');
    expect(manifest.mediaType).toBeUndefined();
  });

  it('keeps the OS version of Windows entries', () => {
    const manifest = parsed(fixture('windows-manifest-list.json'));
    const versions = manifest.kind === 'index' ? manifest.entries.map((entry) => entry.platform?.osVersion) : [];
    expect(versions).toEqual(['10.0.17763.7434', '10.0.20348.3807']);
  });

  it.each([
    ['oci-manifest.json', MEDIA_TYPES.ociManifest],
    ['docker-manifest.json', MEDIA_TYPES.dockerManifest],
  ])('reads the image manifest %s and its config digest', (name, mediaType) => {
    const manifest = parsed(fixture(name));
    expect(manifest.kind).toBe('image');
    expect(manifest.mediaType).toBe(mediaType);
    expect(manifest.kind === 'image' && manifest.configDigest).toMatch(/^sha256:[a-f0-9]{64}$/);
  });

  it('reads an image manifest without mediaType by its config descriptor', () => {
    const body = JSON.parse(new TextDecoder().decode(fixture('oci-manifest.json'))) as Record<string, unknown>;
    delete body.mediaType;
    expect(parsed(text(JSON.stringify(body))).kind).toBe('image');
  });

  it.each([
    ['{"schemaVersion": 2, "manifests": [', 'not valid JSON'],
    ['[]', 'not a JSON object'],
    ['"index"', 'not a JSON object'],
    ['{"schemaVersion": 2}', 'neither a "manifests" list'],
    ['{"schemaVersion": 3, "manifests": []}', 'unexpected schemaVersion 3'],
    [`{"mediaType": "${MEDIA_TYPES.ociIndex}", "manifests": {}}`, '"manifests" is not a list'],
    [`{"mediaType": "${MEDIA_TYPES.ociManifest}", "layers": []}`, '"config" is missing'],
    ['{"mediaType": "application/vnd.oci.artifact.manifest.v1+json", "blobs": []}', 'unsupported manifest media type'],
    ['{"mediaType": 7, "manifests": []}', '"mediaType" is not a string'],
    ['{"manifests": [{"digest": "sha256:abc"}]}', '"manifests[0].digest" "sha256:abc" is not a valid digest'],
    ['{"manifests": [{"size": 12}]}', '"manifests[0].digest" is missing'],
    ['{"manifests": [7]}', '"manifests[0]" is not a JSON object'],
    [
      `{"manifests": [{"digest": "sha256:${'a'.repeat(64)}", "platform": {"os": "linux"}}]}`,
      '"manifests[0].platform.architecture" is missing',
    ],
    [`{"config": {"digest": "sha256:${'A'.repeat(64)}"}}`, `"config.digest" "sha256:${'A'.repeat(64)}" is not a valid digest`],
    [
      `{"config": {"digest": "sha256:${'a'.repeat(500)}"}}`,
      '"config.digest" "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa… is not a valid digest',
    ],
    [
      `{"manifests": [{"digest": "sha256:${'a'.repeat(64)}", "platform": {"os": "", "architecture": "amd64"}}]}`,
      '"manifests[0].platform.os" is empty',
    ],
    [`{"config": {"digest": "sha256:${'a'.repeat(64)}"}, "mediaType": ["x"]}`, '"mediaType" is not a string'],
    ['', 'it is empty'],
  ])('rejects %s with a problem saying what is wrong', (body, problem) => {
    expect(problemOf(text(body))).toContain(problem);
  });

  it('rejects Docker schema 1 manifests by name', () => {
    expect(problemOf(fixture('docker-schema1.json'))).toContain('Docker schema 1');
  });

  it('rejects bytes that are not UTF-8', () => {
    expect(problemOf(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))).toContain('not valid JSON');
  });

  it('accepts digests of other algorithms in entries and ignores non-string annotations', () => {
    const body = `{"manifests": [{"digest": "sha512:${'b'.repeat(128)}", "annotations": {"a": "x", "b": 3}}]}`;
    const manifest = parsed(text(body));
    expect(manifest.kind === 'index' && manifest.entries[0]).toEqual({
      digest: `sha512:${'b'.repeat(128)}`,
      mediaType: undefined,
      platform: undefined,
      annotations: { a: 'x' },
    });
  });
});

describe('parseConfigPlatform', () => {
  it('reads os, architecture and variant from an image config', () => {
    expect(parseConfigPlatform(fixture('image-config-arm64.json'))).toEqual({
      ok: true,
      value: { os: 'linux', architecture: 'arm64', variant: 'v8', osVersion: undefined },
    });
  });

  it('reads the OS version of a Windows image config', () => {
    const result = parseConfigPlatform(fixture('image-config-windows.json'));
    expect(result.ok && result.value.osVersion).toBe('10.0.20348.3692');
  });

  it('reports a config that declares no platform (e.g. an artifact)', () => {
    const result = parseConfigPlatform(text('{}'));
    expect(result).toEqual({ ok: false, problem: '"os" is missing' });
  });

  it('names a malformed OS version by its key', () => {
    const result = parseConfigPlatform(text('{"os":"windows","architecture":"amd64","os.version":10}'));
    expect(result).toEqual({ ok: false, problem: '"os.version" is not a string' });
  });
});
