/**
 * Docker's normalisation rules (distribution/reference `ParseNormalizedNamed`): deciding whether
 * the first name component is a registry host, and turning familiar names such as `node` into
 * canonical ones such as `docker.io/library/node`. Pure string logic; validation lives elsewhere.
 */

/** Docker Hub's canonical registry name, used for every lookup of a Hub image. */
export const DOCKER_HUB_REGISTRY = 'docker.io';

/** Other spellings of Docker Hub that users write and that must share one canonical name. */
export const DOCKER_HUB_ALIASES: readonly string[] = ['index.docker.io', 'registry-1.docker.io'];

/** Official images live under this namespace on Docker Hub (`node` is `library/node`). */
export const OFFICIAL_NAMESPACE = 'library/';

/** A name split at its registry boundary, both halves exactly as the user wrote them. */
export interface SplitName {
  /** The registry host (with port) as written, or undefined when the name implies Docker Hub. */
  readonly domain: string | undefined;
  /** Everything after the registry, or the whole name when there is no registry. */
  readonly path: string;
}

/**
 * Splits a name (no tag, no digest) into registry and path. The first component is a registry
 * only if it is `localhost`, contains `.` or `:`, or has an uppercase letter: repository paths are
 * lowercase and have neither dots-before-slash nor ports, so `myorg/app` stays a Hub path while
 * `ghcr.io/app`, `registry:5000/app` and `Registry/app` name a host.
 */
export function splitDomain(name: string): SplitName {
  const slash = name.indexOf('/');
  if (slash < 0) {
    // A single component is always a Hub repository, even `localhost` or `example.com`, as upstream.
    return { domain: undefined, path: name };
  }
  const first = name.slice(0, slash);
  const looksLikeHost = first === 'localhost' || first.includes('.') || first.includes(':') || first !== first.toLowerCase();
  return looksLikeHost ? { domain: first, path: name.slice(slash + 1) } : { domain: undefined, path: name };
}

/** The canonical registry/repository pair used for registry lookups. */
export interface CanonicalName {
  readonly registry: string;
  readonly repository: string;
}

/**
 * Canonicalises a split name: Hub aliases collapse to `docker.io`, and a single-component Hub
 * path gains `library/`. Other registries keep the host and path exactly as written (upstream
 * keeps even uppercase hosts such as `Foo` untouched).
 */
export function canonicalize(split: SplitName): CanonicalName {
  const domain = split.domain;
  const registry = domain === undefined || DOCKER_HUB_ALIASES.includes(domain) ? DOCKER_HUB_REGISTRY : domain;
  const repository = registry === DOCKER_HUB_REGISTRY && !split.path.includes('/') ? OFFICIAL_NAMESPACE + split.path : split.path;
  return { registry, repository };
}
