/**
 * Parse manifest and image-config bytes into the little the resolver needs. Pure.
 *
 * Accepts the four kinds registries serve today: OCI image index, Docker manifest list,
 * OCI image manifest and Docker v2 manifest. The body, not the Content-Type header, decides:
 * the digest covers the body, and some tools write OCI indexes without a `mediaType` field.
 */
import { MEDIA_TYPES } from '../client/types.js';
import type { Platform } from './platform.js';

export interface IndexEntry {
  readonly digest: string;
  readonly mediaType: string | undefined;
  /** Absent for entries that are not images of a platform (e.g. some artifacts). */
  readonly platform: Platform | undefined;
  readonly annotations: Readonly<Record<string, string>>;
}

export type Manifest =
  | { readonly kind: 'index'; readonly mediaType: string | undefined; readonly entries: readonly IndexEntry[] }
  | { readonly kind: 'image'; readonly mediaType: string | undefined; readonly configDigest: string };

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

/** OCI descriptor digest grammar: `algorithm:encoded`, with sha256 held to its exact form. */
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const SHA256_PREFIX = 'sha256:';
const SHA256_HEX = /^[a-f0-9]{64}$/;

const INDEX_TYPES: ReadonlySet<string> = new Set([MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerManifestList]);
const IMAGE_TYPES: ReadonlySet<string> = new Set([MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest]);

type Json = Record<string, unknown>;

export function parseManifest(body: Uint8Array): Parsed<Manifest> {
  const json = parseJsonObject(body);
  if (!json.ok) return json;
  const doc = json.value;
  if (doc.schemaVersion === 1) return fail('it is a Docker schema 1 manifest, which pinbot does not support');
  if (doc.schemaVersion !== undefined && doc.schemaVersion !== 2) {
    return fail(`unexpected schemaVersion ${JSON.stringify(doc.schemaVersion)} (expected 2)`);
  }
  const mediaType = doc.mediaType;
  if (mediaType !== undefined && typeof mediaType !== 'string') return fail('"mediaType" is not a string');
  if (mediaType !== undefined && INDEX_TYPES.has(mediaType)) return parseIndex(doc, mediaType);
  if (mediaType !== undefined && IMAGE_TYPES.has(mediaType)) return parseImage(doc, mediaType);
  if (mediaType !== undefined) return fail(`unsupported manifest media type "${mediaType}"`);
  // No mediaType: the OCI spec makes it optional, so recognise the kind by its shape.
  if (Array.isArray(doc.manifests)) return parseIndex(doc, undefined);
  if (isObject(doc.config)) return parseImage(doc, undefined);
  return fail('it has neither a "manifests" list (index) nor a "config" descriptor (image manifest)');
}

function parseIndex(doc: Json, mediaType: string | undefined): Parsed<Manifest> {
  if (!Array.isArray(doc.manifests)) return fail('the index has no "manifests" list');
  const entries: IndexEntry[] = [];
  for (const [position, raw] of doc.manifests.entries()) {
    const entry = parseEntry(raw);
    if (!entry.ok) return fail(`manifests[${position}]: ${entry.problem}`);
    entries.push(entry.value);
  }
  return { ok: true, value: { kind: 'index', mediaType, entries } };
}

function parseEntry(raw: unknown): Parsed<IndexEntry> {
  if (!isObject(raw)) return fail('not an object');
  const digest = checkDigest(raw.digest);
  if (!digest.ok) return digest;
  if (raw.mediaType !== undefined && typeof raw.mediaType !== 'string') return fail('"mediaType" is not a string');
  let platform: Platform | undefined;
  if (raw.platform !== undefined) {
    const parsed = parsePlatformObject(raw.platform);
    if (!parsed.ok) return fail(`platform: ${parsed.problem}`);
    platform = parsed.value;
  }
  return {
    ok: true,
    value: { digest: digest.value, mediaType: raw.mediaType, platform, annotations: stringValues(raw.annotations) },
  };
}

function parseImage(doc: Json, mediaType: string | undefined): Parsed<Manifest> {
  if (!isObject(doc.config)) return fail('the image manifest has no "config" descriptor');
  const digest = checkDigest(doc.config.digest);
  if (!digest.ok) return fail(`config: ${digest.problem}`);
  return { ok: true, value: { kind: 'image', mediaType, configDigest: digest.value } };
}

/** The platform an image config declares (top-level `os`, `architecture`, `variant`, `os.version`). */
export function parseConfigPlatform(body: Uint8Array): Parsed<Platform> {
  const json = parseJsonObject(body);
  if (!json.ok) return json;
  return parsePlatformObject(json.value);
}

function parsePlatformObject(raw: unknown): Parsed<Platform> {
  if (!isObject(raw)) return fail('not an object');
  const { os, architecture, variant } = raw;
  const osVersion = raw['os.version'];
  if (typeof os !== 'string' || os === '') return fail('"os" is missing or not a string');
  if (typeof architecture !== 'string' || architecture === '') return fail('"architecture" is missing or not a string');
  if (variant !== undefined && typeof variant !== 'string') return fail('"variant" is not a string');
  if (osVersion !== undefined && typeof osVersion !== 'string') return fail('"os.version" is not a string');
  return {
    ok: true,
    value: { os, architecture, variant: variant || undefined, osVersion: osVersion || undefined },
  };
}

function checkDigest(raw: unknown): Parsed<string> {
  if (typeof raw !== 'string') return fail('"digest" is missing or not a string');
  const wellFormed = DIGEST.test(raw) && (!raw.startsWith(SHA256_PREFIX) || SHA256_HEX.test(raw.slice(SHA256_PREFIX.length)));
  return wellFormed ? { ok: true, value: raw } : fail(`"digest" ${JSON.stringify(raw)} is not a valid digest`);
}

function parseJsonObject(body: Uint8Array): Parsed<Json> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch (error) {
    return fail(`it is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return isObject(value) ? { ok: true, value } : fail('it is not a JSON object');
}

/** Annotations are string-to-string by spec; anything else is ignored rather than trusted. */
function stringValues(raw: unknown): Record<string, string> {
  if (!isObject(raw)) return {};
  return Object.fromEntries(Object.entries(raw).filter((pair): pair is [string, string] => typeof pair[1] === 'string'));
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail<T>(problem: string): Parsed<T> {
  return { ok: false, problem };
}
