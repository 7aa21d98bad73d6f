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
import {
  ImageConfig,
  ImageConfigFacts,
  ImageIndex,
  ImageManifest,
  ManifestEnvelope,
  type IndexEntry,
  type LayerDescriptor,
} from './schemas.js';

export type { IndexEntry, LayerDescriptor } from './schemas.js';
export type { Parsed } from '../client/json.js';

export type Manifest =
  | {
      readonly kind: 'index';
      readonly mediaType: string | undefined;
      readonly entries: readonly IndexEntry[];
      /** The index's own annotations (`org.opencontainers.image.*`), `{}` when none. */
      readonly annotations: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: 'image';
      readonly mediaType: string | undefined;
      readonly configDigest: string;
      /** Well-formed layer descriptors only; an attestation manifest's layers are in-toto statements. */
      readonly layers: readonly LayerDescriptor[];
      readonly annotations: Readonly<Record<string, string>>;
    };

/** An image config: its platform (when it declares a usable one), build time and labels. */
export interface ImageConfigInfo {
  readonly platform: Parsed<Platform>;
  /** `created` as written (RFC 3339 by spec; checked by whoever uses it). */
  readonly created: string | undefined;
  readonly labels: Readonly<Record<string, string>>;
}

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
  return { ok: true, value: { kind: 'index', mediaType, entries: index.value.manifests, annotations: index.value.annotations } };
}

function parseImage(body: Uint8Array, mediaType: string | undefined): Parsed<Manifest> {
  const image = parseJson(body, ImageManifest);
  if (!image.ok) return image;
  const { config, layers, annotations } = image.value;
  return { ok: true, value: { kind: 'image', mediaType, configDigest: config.digest, layers, annotations } };
}

/** The platform an image config declares (top-level `os`, `architecture`, `variant`, `os.version`). */
export function parseConfigPlatform(body: Uint8Array): Parsed<Platform> {
  return parseJson(body, ImageConfig);
}

/**
 * Everything pinbot reads from an image config, from one parse of the bytes: a config that is
 * not JSON at all fails; one without a usable platform still has its date and labels.
 */
export function parseImageConfig(body: Uint8Array): Parsed<ImageConfigInfo> {
  const facts = parseJson(body, ImageConfigFacts);
  if (!facts.ok) return facts;
  return {
    ok: true,
    value: { platform: parseJson(body, ImageConfig), created: facts.value.created, labels: facts.value.config?.Labels ?? {} },
  };
}

function fail<T>(problem: string): Parsed<T> {
  return { ok: false, problem };
}
