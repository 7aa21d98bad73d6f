/**
 * What a tag points to now, for pinning a reference that has no digest yet (issue 10). The pin
 * is the tag's own digest: the index when the tag is multi-platform (every platform keeps
 * working, and `FROM --platform=…` still picks its image from it), the image manifest when the
 * tag is a single manifest. One HEAD per tag; which of the two it is comes from the media type
 * the registry names, and only when it names none (or one pinbot does not know) is the manifest
 * fetched, verified against the digest and read. Never guesses.
 */
import { MEDIA_TYPES, type RepositoryLocator } from '../client/types.js';
import type { RegistryReader } from './fetch.js';
import type { Failed, Problem } from './resolution.js';

/** A tag to pin, by canonical name: `docker.io`, `library/node`, `22`. */
export interface TagToPin {
  readonly registry: string;
  readonly repository: string;
  readonly tag: string;
}

export type PinKind = 'index' | 'manifest';

export type TagResolution =
  { readonly status: 'found'; readonly digest: string; readonly pinKind: PinKind; readonly host: string } | Failed;

const INDEX_TYPES: ReadonlySet<string> = new Set([MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerManifestList]);
const IMAGE_TYPES: ReadonlySet<string> = new Set([MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest]);

export async function resolveTagDigest(reader: RegistryReader, tag: TagToPin): Promise<TagResolution> {
  const locator: RepositoryLocator = { registry: tag.registry, repository: tag.repository };
  const found = await reader.tagDigest(locator, tag.tag);
  if (!found.ok) return failedTag(tag, found.problem);
  const { digest, mediaType, host } = found.value;
  const named = kindOfMediaType(mediaType);
  if (named !== undefined) return { status: 'found', digest, pinKind: named, host };

  // No media type, or one outside the four pinbot reads (a schema 1 manifest, an artifact):
  // the body decides, and a manifest pinbot can't read is not pinned.
  const manifest = await reader.manifest(locator, digest);
  if (!manifest.ok) return failedTag(tag, manifest.problem);
  return { status: 'found', digest, pinKind: manifest.value.manifest.kind === 'index' ? 'index' : 'manifest', host };
}

function kindOfMediaType(mediaType: string | undefined): PinKind | undefined {
  if (mediaType === undefined) return undefined;
  if (INDEX_TYPES.has(mediaType)) return 'index';
  return IMAGE_TYPES.has(mediaType) ? 'manifest' : undefined;
}

/** `docker.io/library/node:22`: the image and tag a message is about. */
export function describeTag(tag: TagToPin): string {
  return `${tag.registry}/${tag.repository}:${tag.tag}`;
}

export function failedTag(tag: TagToPin, problem: Problem): Failed {
  return {
    status: 'failed',
    reason: problem.reason,
    host: problem.host,
    message: `${describeTag(tag)} on ${problem.host}: ${problem.detail}`,
    ...(problem.cause === undefined ? {} : { cause: problem.cause }),
  };
}
