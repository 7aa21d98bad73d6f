/**
 * The resolver's view of the registry: the three questions it asks, each asked at most once
 * per run. Tag lookups are coalesced (concurrent pins of one tag share one HEAD), and anything
 * fetched by digest is immutable, so it is kept and never fetched again. Registry answers
 * become typed outcomes; nothing here throws for what a registry says.
 */
import { parseImageConfig, parseManifest, type ImageConfigInfo, type Manifest } from './manifest.js';
import type { Platform } from './platform.js';
import type { Problem } from './resolution.js';
import { SHA256_DIGEST, type ManifestBody, type RegistryClient, type RegistryFailure, type RepositoryLocator } from '../client/types.js';

export type Fetched<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: Problem };

export interface TagDigest {
  readonly digest: string;
  /** The manifest's media type as the registry named it (HEAD's, or GET's Content-Type); undefined when it named none. */
  readonly mediaType: string | undefined;
  readonly host: string;
}

export interface FetchedManifest {
  readonly digest: string;
  readonly manifest: Manifest;
  readonly host: string;
}

export interface FetchedConfig extends ImageConfigInfo {
  readonly host: string;
}

export interface RegistryReader {
  /** The digest a tag points to now: HEAD first (free on Docker Hub's quota), GET when HEAD names none. */
  tagDigest(locator: RepositoryLocator, tag: string): Promise<Fetched<TagDigest>>;
  /** The parsed manifest stored under a digest. */
  manifest(locator: RepositoryLocator, digest: string): Promise<Fetched<FetchedManifest>>;
  /** The platform an image config blob declares. */
  configPlatform(locator: RepositoryLocator, configDigest: string): Promise<Fetched<Platform>>;
  /** An image config's platform, `created` and labels: the same blob `configPlatform` reads, read once per run. */
  imageConfig(locator: RepositoryLocator, configDigest: string): Promise<Fetched<FetchedConfig>>;
  /**
   * Whether this run already asked for the manifest (answered or in flight), so asking again
   * costs no request: explanations spend a request budget only on what is new (issue 12).
   */
  hasManifest(locator: RepositoryLocator, digest: string): boolean;
}

/**
 * Platforms by image config digest, kept as long as the caller keeps the map: a digest names
 * its content for ever, so a long-lived process reads each config once (issue 8, finding 8: the
 * pinned manifest's own platform is read before every platform-pin update).
 */
export interface PlatformCache {
  get(configDigest: string): Platform | undefined;
  set(configDigest: string, platform: Platform): unknown;
}

export function createRegistryReader(client: RegistryClient, platformCache: PlatformCache = new Map()): RegistryReader {
  const tags = new Map<string, Promise<Fetched<TagDigest>>>();
  const manifests = new Map<string, Promise<Fetched<FetchedManifest>>>();
  const configs = new Map<string, Promise<Fetched<FetchedConfig>>>();

  async function loadTag(locator: RepositoryLocator, tag: string): Promise<Fetched<TagDigest>> {
    const head = await client.headManifest(locator, tag);
    if (head.kind !== 'found') return failure(head, `looking up tag "${tag}"`);
    if (head.digest !== undefined) {
      if (SHA256_DIGEST.test(head.digest)) return ok({ digest: head.digest, mediaType: head.mediaType, host: head.host });
      return problem('invalid-response', head.host, `tag "${tag}" answered with malformed digest "${head.digest}"`);
    }
    const body = await client.getManifest(locator, tag);
    if (body.kind !== 'found') return failure(body, `fetching tag "${tag}" (HEAD sent no digest)`);
    // The GET already carried the tag's manifest: keep it so its digest is not fetched again.
    const key = digestKey(locator, body.digest);
    if (!manifests.has(key)) manifests.set(key, Promise.resolve(parseBody(body)));
    return ok({ digest: body.digest, mediaType: body.mediaType, host: body.host });
  }

  async function loadManifest(locator: RepositoryLocator, digest: string): Promise<Fetched<FetchedManifest>> {
    const body = await client.getManifest(locator, digest);
    if (body.kind !== 'found') return failure(body, `fetching manifest ${digest}`);
    return parseBody(body);
  }

  async function loadConfig(locator: RepositoryLocator, digest: string): Promise<Fetched<FetchedConfig>> {
    const blob = await client.getBlob(locator, digest);
    if (blob.kind !== 'found') return failure(blob, `fetching image config ${digest}`);
    const parsed = parseImageConfig(blob.body);
    if (parsed.ok) return ok({ ...parsed.value, host: blob.host });
    return problem('invalid-response', blob.host, `image config ${digest} is unusable: ${parsed.problem}`);
  }
  const imageConfig = (locator: RepositoryLocator, digest: string) =>
    once(configs, digestKey(locator, digest), () => loadConfig(locator, digest));

  return {
    tagDigest: (locator, tag) => once(tags, `${repositoryKey(locator)}:${tag}`, () => loadTag(locator, tag)),
    manifest: (locator, digest) => once(manifests, digestKey(locator, digest), () => loadManifest(locator, digest)),
    async configPlatform(locator, digest) {
      // Only what the client verified (the body hashes to the digest) is remembered; failures are per run.
      const known = platformCache.get(digest);
      if (known !== undefined) return ok(known);
      const loaded = await imageConfig(locator, digest);
      if (!loaded.ok) return loaded;
      const { platform } = loaded.value;
      if (!platform.ok) {
        return problem('invalid-response', loaded.value.host, `image config ${digest} declares no usable platform: ${platform.problem}`);
      }
      platformCache.set(digest, platform.value);
      return ok(platform.value);
    },
    imageConfig,
    hasManifest: (locator, digest) => manifests.has(digestKey(locator, digest)),
  };
}

/** Cache the promise, not the result, so concurrent callers share the one request in flight. */
function once<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  const cached = cache.get(key);
  if (cached) return cached;
  const loading = load();
  cache.set(key, loading);
  return loading;
}

function parseBody(body: ManifestBody): Fetched<FetchedManifest> {
  const parsed = parseManifest(body.body);
  if (parsed.ok) return ok({ digest: body.digest, manifest: parsed.value, host: body.host });
  return problem('invalid-response', body.host, `manifest ${body.digest} is unusable: ${parsed.problem}`);
}

function repositoryKey(locator: RepositoryLocator): string {
  return `${locator.registry}/${locator.repository}`;
}

/** Availability (and failures) are per repository even though content is the same everywhere. */
function digestKey(locator: RepositoryLocator, digest: string): string {
  return `${repositoryKey(locator)}@${digest}`;
}

function failure<T>(answer: RegistryFailure, asked: string): Fetched<T> {
  const detail = `${asked}: ${answer.message}`;
  const cause =
    answer.kind === 'unavailable'
      ? answer.cause
      : answer.kind === 'unauthorized'
        ? { kind: 'status' as const, status: answer.status }
        : undefined;
  return { ok: false, problem: { reason: answer.kind, host: answer.host, detail, ...(cause === undefined ? {} : { cause }) } };
}

function problem<T>(reason: Problem['reason'], host: string, detail: string): Fetched<T> {
  return { ok: false, problem: { reason, host, detail } };
}

function ok<T>(value: T): Fetched<T> {
  return { ok: true, value };
}
