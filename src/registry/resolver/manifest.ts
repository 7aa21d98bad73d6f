/**
 * Parse manifest and image-config bytes into the little the resolver needs. Pure.
 *
 * Accepts the four kinds registries serve today: OCI image index, Docker manifest list,
 * OCI image manifest and Docker v2 manifest. The body, not the Content-Type header, decides:
 * the digest covers the body, and some tools write OCI indexes without a `mediaType` field.
 * The documents' shapes are the zod schemas in `schemas.ts`.
 */
import { parseJson, type Parsed } from '../client/json.js';
import { MEDIA_TYPES } from '../client/types.js';
import type { Platform } from './platform.js';
import { ImageConfig, ImageIndex, ImageManifest, ManifestEnvelope, type IndexEntry } from './schemas.js';

export type { IndexEntry } from './schemas.js';
export type { Parsed } from '../client/json.js';

export type Manifest =
  | { readonly kind: 'index'; readonly mediaType: string | undefined; readonly entries: readonly IndexEntry[] }
  | { readonly kind: 'image'; readonly mediaType: string | undefined; readonly configDigest: string };

const INDEX_TYPES: ReadonlySet<string> = new Set([MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerManifestList]);
const IMAGE_TYPES: ReadonlySet<string> = new Set([MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest]);

export function parseManifest(body: Uint8Array): Parsed<Manifest> {
  const envelope = parseJson(body, ManifestEnvelope);
  if (!envelope.ok) return envelope;
  const { schemaVersion, mediaType, manifests, config } = envelope.value;
  if (schemaVersion === 1) return fail('it is a Docker schema 1 manifest, which pinbot does not support');
  if (schemaVersion !== undefined && schemaVersion !== 2)
    return fail(`unexpected schemaVersion ${JSON.stringify(schemaVersion)} (expected 2)`);
  if (mediaType !== undefined && INDEX_TYPES.has(mediaType)) return parseIndex(body, mediaType);
  if (mediaType !== undefined && IMAGE_TYPES.has(mediaType)) return parseImage(body, mediaType);
  if (mediaType !== undefined) return fail(`unsupported manifest media type "${mediaType}"`);
  // No mediaType: the OCI spec makes it optional, so recognise the kind by its shape.
  if (Array.isArray(manifests)) return parseIndex(body, undefined);
  if (typeof config === 'object' && config !== null && !Array.isArray(config)) return parseImage(body, undefined);
  return fail('it has neither a "manifests" list (index) nor a "config" descriptor (image manifest)');
}

function parseIndex(body: Uint8Array, mediaType: string | undefined): Parsed<Manifest> {
  const index = parseJson(body, ImageIndex);
  if (!index.ok) return index;
  return { ok: true, value: { kind: 'index', mediaType, entries: index.value.manifests } };
}

function parseImage(body: Uint8Array, mediaType: string | undefined): Parsed<Manifest> {
  const image = parseJson(body, ImageManifest);
  if (!image.ok) return image;
  return { ok: true, value: { kind: 'image', mediaType, configDigest: image.value.config.digest } };
}

/** The platform an image config declares (top-level `os`, `architecture`, `variant`, `os.version`). */
export function parseConfigPlatform(body: Uint8Array): Parsed<Platform> {
  return parseJson(body, ImageConfig);
}

function fail<T>(problem: string): Parsed<T> {
  return { ok: false, problem };
}
