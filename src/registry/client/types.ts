/**
 * The seam between the registry client (HTTP, auth, credentials, retries) and the resolver
 * (what a pin means and what to propose). Every outcome is typed; nothing throws for a
 * registry's answer, so one reference failing never stops the others.
 */

/** Where to look: canonical registry (e.g. `docker.io`) and repository (e.g. `library/node`). */
export interface RepositoryLocator {
  readonly registry: string;
  readonly repository: string;
}

export type RegistryFailure =
  /** 404 (or a registry's NAME_UNKNOWN / MANIFEST_UNKNOWN). Not retried. */
  | { readonly kind: 'not-found'; readonly host: string; readonly message: string }
  /** 401 / 403 after any auth we could do. Not retried. */
  | { readonly kind: 'unauthorized'; readonly host: string; readonly status: number; readonly message: string }
  /** The registry answered, but the answer can't be trusted (digest mismatch, malformed digest, oversized or unparsable body, unexpected status). */
  | { readonly kind: 'invalid-response'; readonly host: string; readonly message: string }
  /** Timeouts, network errors, 429 and 5xx that outlasted the retries. */
  | { readonly kind: 'unavailable'; readonly host: string; readonly message: string; readonly cause?: FailureCause };

/**
 * What made a registry unavailable (or refuse), in terms a user can act on: the CLI groups
 * failures by host and cause, with one hint each. Absent when the cause is not known.
 */
export type FailureCause =
  /** No connection: `code` is Node's (ECONNREFUSED, ENOTFOUND, ECONNRESET…). */
  | { readonly kind: 'network'; readonly code: string | undefined }
  /** The TLS handshake failed: an untrusted or mismatched certificate, or HTTPS to a plain-HTTP port. */
  | { readonly kind: 'tls'; readonly code: string | undefined }
  | { readonly kind: 'timeout' }
  /** 429 or 5xx after the retries; 401 or 403 for an `unauthorized` failure. */
  | { readonly kind: 'status'; readonly status: number };

export interface ManifestHead {
  readonly kind: 'found';
  /** From `Docker-Content-Digest`, validated as `sha256:[a-f0-9]{64}`; undefined when the header is missing. */
  readonly digest: string | undefined;
  readonly mediaType: string | undefined;
  /** The host that answered (the mirror's when a mirror was used). */
  readonly host: string;
}

export interface ManifestBody {
  readonly kind: 'found';
  /** sha256 of the raw body bytes; when the registry sent `Docker-Content-Digest` it was equal. */
  readonly digest: string;
  readonly mediaType: string | undefined;
  readonly body: Uint8Array;
  readonly host: string;
}

export interface BlobBody {
  readonly kind: 'found';
  readonly digest: string;
  readonly body: Uint8Array;
  readonly host: string;
}

export interface BlobOptions {
  /**
   * Largest body accepted for this blob, replacing the client's default cap (4 MiB): an SBOM
   * attestation may be larger than any manifest (issue 12 caps those at 16 MiB).
   */
  readonly maxBytes?: number;
}

export interface RegistryClient {
  /** HEAD /v2/<repository>/manifests/<reference> with every manifest media type accepted. */
  headManifest(locator: RepositoryLocator, reference: string): Promise<ManifestHead | RegistryFailure>;
  /** GET the manifest; the body's sha256 is verified against the header and, for a digest reference, against the reference. */
  getManifest(locator: RepositoryLocator, reference: string): Promise<ManifestBody | RegistryFailure>;
  /** GET a (small) blob by digest, e.g. an image config; verified against the digest. */
  getBlob(locator: RepositoryLocator, digest: string, options?: BlobOptions): Promise<BlobBody | RegistryFailure>;
}

export const MEDIA_TYPES = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;

/** The Accept header for manifest requests: indexes first, so a tag's own digest comes back. */
export const MANIFEST_ACCEPT = [
  MEDIA_TYPES.ociIndex,
  MEDIA_TYPES.dockerManifestList,
  MEDIA_TYPES.ociManifest,
  MEDIA_TYPES.dockerManifest,
].join(', ');

export const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;
