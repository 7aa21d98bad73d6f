/**
 * A parsed image reference, following distribution/reference.
 * `registry`/`repository`/`name` are canonical (used for lookups);
 * `original` is the user's own spelling (what gets written back).
 */
export interface ImageReference {
  /** Exactly the text that was parsed, e.g. `node:22-slim@sha256:…`. */
  readonly original: string;
  /** The name part as the user wrote it (no tag, no digest), e.g. `node`. */
  readonly originalName: string;
  /** Canonical registry host (with port), e.g. `docker.io`, `ghcr.io`, `localhost:5000`. */
  readonly registry: string;
  /** Canonical repository path, e.g. `library/node`. */
  readonly repository: string;
  /** `registry/repository`, e.g. `docker.io/library/node`. */
  readonly name: string;
  readonly tag: string | undefined;
  /** The digest as written, e.g. `sha256:<64 hex>` (any algorithm the grammar allows). */
  readonly digest: string | undefined;
  /** The digest's algorithm, e.g. `sha256`. */
  readonly digestAlgorithm: string | undefined;
}

export type ReferenceErrorCode = 'empty' | 'invalid-format' | 'name-too-long' | 'uppercase-repository' | 'invalid-tag' | 'invalid-digest';

export interface ReferenceParseError {
  readonly code: ReferenceErrorCode;
  /** Human sentence naming the input and what is wrong with it. */
  readonly message: string;
}

export type ParseReferenceResult =
  { readonly ok: true; readonly reference: ImageReference } | { readonly ok: false; readonly error: ReferenceParseError };
