/**
 * What pinbot tells a reviewer about one proposed digest change (issue 12): the shapes shared
 * by the explainer, the PR body, `pinbot check --explain` and `--json`. `UpdateDetails` is
 * exactly the JSON the issue specifies; every part is optional, because missing data (an image
 * without annotations or attestations) only means there is less to show.
 */

/** One platform's image manifest before and after; equal digests mean the platform is unchanged. */
export interface PlatformChange {
  readonly platform: string;
  /** Absent when the platform is new. */
  readonly oldDigest?: string;
  /** Absent when the platform was dropped. */
  readonly newDigest?: string;
}

export interface PackageUpgrade {
  readonly name: string;
  readonly from: string;
  readonly to: string;
}

export interface PackageVersion {
  readonly name: string;
  readonly version: string;
}

/** Every change found (renderers list the first 25 of each kind and count the rest). */
export interface PackageChanges {
  readonly upgraded: readonly PackageUpgrade[];
  readonly added: readonly PackageVersion[];
  readonly removed: readonly PackageVersion[];
}

export interface SourceChange {
  readonly url?: string;
  readonly oldRevision?: string;
  readonly newRevision?: string;
  /** `https://github.com/o/r/compare/<old>...<new>` (GitLab: `/-/compare/`), only for those hosts. */
  readonly compareUrl?: string;
}

export interface UpdateDetails {
  readonly platforms?: readonly PlatformChange[];
  /** RFC 3339 UTC times, e.g. `2024-05-01T10:00:00.000Z`. */
  readonly created?: { readonly old?: string; readonly new?: string };
  readonly source?: SourceChange;
  /** True when `org.opencontainers.image.base.digest` differs: the base image was rebuilt. */
  readonly baseChanged?: boolean;
  readonly packages?: PackageChanges;
  readonly warnings?: readonly string[];
}

/** What the explainer found: the details, and what only the renderers need. */
export interface Explanation {
  readonly details: UpdateDetails;
  /** `org.opencontainers.image.base.name` of the new image, for "base image rebuilt (debian:12-slim)". */
  readonly baseName?: string;
  /** The platform whose image facts and packages are shown (the pinned one, or linux/amd64 for an index). */
  readonly platform?: string;
}

/** The settle-time verdict of one proposed digest (`minimumReleaseAge`). */
export interface Settle {
  /** When the digest is old enough to propose. */
  readonly readyAt: Date;
  /** What the age counts from: the image's `created`, or when pinbot first saw the digest. */
  readonly since: 'created' | 'first-seen';
  /** Digests of this tag that were replaced before they settled (newest first): the wait restarted. */
  readonly superseded: readonly string[];
}
