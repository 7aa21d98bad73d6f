/**
 * The manifests and image configs the resolver reads, one zod schema each with the spec
 * section it follows (OCI image spec v1.1 and Docker's image manifest v2.2, which share these
 * fields). Unknown fields are ignored, as the specs ask of readers; what pinbot relies on
 * (digests, platforms) is checked exactly.
 */
import { z } from 'zod';
import { excerpt } from '../client/json.js';
import type { Platform } from './platform.js';

/** OCI descriptor digest grammar `algorithm:encoded`, with sha256 held to its exact form. */
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const SHA256 = /^sha256:[a-f0-9]{64}$/;

/**
 * A descriptor's digest.
 * https://github.com/opencontainers/image-spec/blob/v1.1.0/descriptor.md#digests
 */
const Digest = z.string().refine((value) => DIGEST.test(value) && (!value.startsWith('sha256:') || SHA256.test(value)), {
  error: (issue) => `${excerpt(issue.input)} is not a valid digest`,
});

const Name = z.string().min(1, { error: 'is empty' });
/** Optional names: an empty string means "not stated", as registries write it. */
const OptionalName = z
  .string()
  .optional()
  .transform((value) => (value === '' ? undefined : value));

/** `os`, `architecture`, `variant`, `os.version`: the fields that tell platforms apart, in both places they appear. */
const PlatformFields = z
  .object({ os: Name, architecture: Name, variant: OptionalName, 'os.version': OptionalName })
  .transform((fields): Platform => ({
    os: fields.os,
    architecture: fields.architecture,
    variant: fields.variant,
    osVersion: fields['os.version'],
  }));

/**
 * Annotations are string-to-string by spec; anything else is ignored rather than trusted.
 * https://github.com/opencontainers/image-spec/blob/v1.1.0/annotations.md#rules
 */
const Annotations = z
  .record(z.string(), z.unknown())
  .catch({})
  .transform((raw): Record<string, string> =>
    Object.fromEntries(Object.entries(raw).filter((pair): pair is [string, string] => typeof pair[1] === 'string')),
  );

/**
 * An entry of an image index: the manifest's digest and, for images, its platform.
 * https://github.com/opencontainers/image-spec/blob/v1.1.0/image-index.md#image-index-property-descriptions
 */
export const IndexEntry = z.object({
  digest: Digest,
  mediaType: z.string().optional(),
  /** Absent for entries that are not images of a platform (e.g. some artifacts). */
  platform: PlatformFields.optional(),
  annotations: Annotations.optional().transform((value) => value ?? {}),
});
export type IndexEntry = z.infer<typeof IndexEntry>;

/**
 * An OCI image index or a Docker manifest list.
 * https://github.com/opencontainers/image-spec/blob/v1.1.0/image-index.md
 * https://distribution.github.io/distribution/spec/manifest-v2-2/#manifest-list
 */
export const ImageIndex = z.object({
  mediaType: z.string().optional(),
  manifests: z.array(IndexEntry),
  annotations: Annotations.optional().transform((value) => value ?? {}),
});

/**
 * A layer descriptor, kept for attestation manifests whose layers are in-toto statements
 * (issue 12). Each layer is read on its own: a malformed one is dropped, never the manifest.
 * https://github.com/opencontainers/image-spec/blob/v1.1.0/descriptor.md#properties
 */
export const LayerDescriptor = z.object({
  mediaType: z.string(),
  digest: Digest,
  size: z.number().int().nonnegative().optional(),
  annotations: Annotations.optional().transform((value) => value ?? {}),
});
export type LayerDescriptor = z.infer<typeof LayerDescriptor>;

const Layers = z
  .array(z.unknown())
  .optional()
  .catch(undefined)
  .transform((layers): LayerDescriptor[] =>
    (layers ?? []).flatMap((layer) => {
      const parsed = LayerDescriptor.safeParse(layer);
      return parsed.success ? [parsed.data] : [];
    }),
  );

/**
 * An OCI image manifest or a Docker v2.2 image manifest: what matters is its config descriptor.
 * https://github.com/opencontainers/image-spec/blob/v1.1.0/manifest.md#image-manifest-property-descriptions
 * https://distribution.github.io/distribution/spec/manifest-v2-2/#image-manifest
 */
export const ImageManifest = z.object({
  mediaType: z.string().optional(),
  config: z.object({ digest: Digest }),
  layers: Layers,
  annotations: Annotations.optional().transform((value) => value ?? {}),
});

/**
 * What every manifest shares, enough to tell which kind it is: the media type when present (the
 * OCI spec makes it optional), else the shape. `schemaVersion` is checked by the caller, which
 * names Docker's schema 1 for what it is.
 * https://github.com/opencontainers/image-spec/blob/v1.1.0/manifest.md#image-manifest-property-descriptions
 */
export const ManifestEnvelope = z.object({
  schemaVersion: z.unknown().optional(),
  mediaType: z.string().optional(),
  manifests: z.unknown().optional(),
  config: z.unknown().optional(),
});

/**
 * An image config blob's platform: top-level `os`, `architecture`, `variant`, `os.version`.
 * https://github.com/opencontainers/image-spec/blob/v1.1.0/config.md#properties
 */
export const ImageConfig = PlatformFields;

/**
 * What an image config tells a reviewer (issue 12): when it was built (`created`, RFC 3339) and
 * its labels (`config.Labels`, where `org.opencontainers.image.*` facts live when no annotation
 * carries them). Either may be absent or malformed: that only means less to show.
 * https://github.com/opencontainers/image-spec/blob/v1.1.0/config.md#properties
 */
export const ImageConfigFacts = z.object({
  created: z.string().optional().catch(undefined),
  config: z
    .object({ Labels: Annotations.nullable().optional().catch(undefined) })
    .nullable()
    .optional()
    .catch(undefined),
});
