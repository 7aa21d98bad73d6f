/**
 * BuildKit's SBOM attestations, read without pulling any image layer: in an image index, the
 * attestation manifest for an image is the `unknown/unknown` entry annotated
 * `vnd.docker.reference.type: attestation-manifest` and `vnd.docker.reference.digest: <image>`;
 * its layers are in-toto statements, and the SBOM is the one whose predicate type is SPDX.
 * Registry data throughout: shapes are checked with zod, values escaped and capped. Pure.
 * https://docs.docker.com/build/metadata/attestations/attestation-storage/
 */
import { z } from 'zod';
import { parseJson, type Parsed } from '../registry/client/json.js';
import type { IndexEntry, LayerDescriptor } from '../registry/resolver/manifest.js';
import { echoed } from '../text/safe-text.js';

export const IN_TOTO_LAYER = 'application/vnd.in-toto+json';
const PREDICATE_TYPE = 'in-toto.io/predicate-type';
const SPDX_PREDICATE = 'https://spdx.dev/Document';
/** Largest SBOM blob fetched (issue 12); a bigger one is never downloaded. */
export const MAX_SBOM_BYTES = 16 * 1024 * 1024;
/** Packages read from one SBOM; a document listing more is cut here (its diff says less, never fails). */
export const MAX_SBOM_PACKAGES = 50_000;

/** The index entry of the attestation manifest that describes `imageDigest`, if the index has one. */
export function attestationEntryFor(entries: readonly IndexEntry[], imageDigest: string): IndexEntry | undefined {
  return entries.find(
    (entry) =>
      entry.annotations['vnd.docker.reference.type'] === 'attestation-manifest' &&
      entry.annotations['vnd.docker.reference.digest'] === imageDigest,
  );
}

/** The SPDX layers of an attestation manifest (BuildKit writes one per scanned stage), smallest first. */
export function spdxLayers(layers: readonly LayerDescriptor[]): LayerDescriptor[] {
  return layers.filter((layer) => layer.mediaType === IN_TOTO_LAYER && isSpdx(layer.annotations[PREDICATE_TYPE]));
}

function isSpdx(predicateType: string | undefined): boolean {
  // `https://spdx.dev/Document`, and versioned spellings such as `https://spdx.dev/Document/v2.3`.
  return predicateType === SPDX_PREDICATE || (predicateType?.startsWith(`${SPDX_PREDICATE}/`) ?? false);
}

/** One package of an SBOM, as matched across versions. */
export interface SbomPackage {
  /** purl without version, qualifiers or subpath (`pkg:deb/debian/libc6`), else `name|purpose`. */
  readonly key: string;
  readonly name: string;
  readonly version: string;
}

/**
 * SPDX 2.x package fields pinbot reads.
 * https://spdx.github.io/spdx-spec/v2.3/package-information/
 * https://spdx.github.io/spdx-spec/v2.3/external-repository-identifiers/#f35-purl
 */
const SpdxPackage = z.object({
  name: z.string().min(1),
  SPDXID: z.string().optional().catch(undefined),
  versionInfo: z.string().optional().catch(undefined),
  primaryPackagePurpose: z.string().optional().catch(undefined),
  externalRefs: z
    .array(z.object({ referenceType: z.string(), referenceLocator: z.string() }).catch({ referenceType: '', referenceLocator: '' }))
    .optional()
    .catch(undefined),
});

/**
 * An in-toto statement carrying an SPDX document as its predicate.
 * https://github.com/in-toto/attestation/blob/v1.0/spec/v1.0/statement.md
 */
const SpdxStatement = z.object({
  predicateType: z.string().refine(isSpdx, { error: 'is not an SPDX document' }),
  predicate: z.object({ packages: z.array(z.unknown()).optional().catch(undefined) }),
});

/** The packages of one SPDX statement; packages of an unexpected shape are skipped, not fatal. */
export function parseSpdxStatement(body: Uint8Array): Parsed<SbomPackage[]> {
  const statement = parseJson(body, SpdxStatement);
  if (!statement.ok) return statement;
  const packages: SbomPackage[] = [];
  for (const raw of (statement.value.predicate.packages ?? []).slice(0, MAX_SBOM_PACKAGES)) {
    const parsed = SpdxPackage.safeParse(raw);
    if (!parsed.success) continue;
    const pkg = parsed.data;
    // Syft describes the scanned image itself as a package: it is not one of the image's packages.
    if (pkg.SPDXID?.startsWith('SPDXRef-DocumentRoot') === true) continue;
    const purl = pkg.externalRefs?.find((ref) => ref.referenceType === 'purl')?.referenceLocator;
    const key = (purl === undefined ? undefined : purlIdentity(purl)) ?? `${pkg.name}|${pkg.primaryPackagePurpose ?? ''}`;
    packages.push({ key: echoed(key, 300), name: echoed(pkg.name, 200), version: echoed(pkg.versionInfo ?? '', 100) });
  }
  return { ok: true, value: packages };
}

/**
 * `pkg:type/namespace/name` of a purl: what stays the same across versions. The version is
 * after the last `@` of the final segment (a scope's `@` is often left unencoded).
 * https://github.com/package-url/purl-spec/blob/master/PURL-SPECIFICATION.rst
 */
export function purlIdentity(purl: string): string | undefined {
  if (!purl.startsWith('pkg:')) return undefined;
  let rest = purl.slice(4).replace(/^\/+/, '');
  for (const separator of ['#', '?']) {
    const at = rest.indexOf(separator);
    if (at >= 0) rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const version = rest.indexOf('@', slash + 1);
  if (version >= 0) rest = rest.slice(0, version);
  const typeEnd = rest.indexOf('/');
  if (typeEnd <= 0 || typeEnd === rest.length - 1) return undefined;
  return `pkg:${rest.slice(0, typeEnd).toLowerCase()}${rest.slice(typeEnd)}`;
}
