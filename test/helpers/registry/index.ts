/** Test helpers for a real local OCI registry: start one, push images to it. See README.md. */
export { startRegistry, DEFAULT_REGISTRY_BINARY, type LocalRegistry, type RegistryAuthMode, type StartRegistryOptions } from './launch.js';
export {
  startTokenServer,
  type Access,
  type Credentials,
  type TokenRequestRecord,
  type TokenServer,
  type TokenServerOptions,
} from './token-server.js';
export {
  deleteManifest,
  pushAttestation,
  pushImage,
  pushIndex,
  pushPlatformImage,
  pushSbomAttestation,
  type PushImageOptions,
  type PushResult,
  type PushTarget,
} from './push.js';
export { formatPlatform, type ImageMetadata, type ManifestDescriptor, type Platform, type SbomPackageSpec } from './image-content.js';
export { decodeJwtClaims } from './jwt.js';
export { ACCEPT_ANY_MANIFEST, DOCKER, OCI } from './media-types.js';
