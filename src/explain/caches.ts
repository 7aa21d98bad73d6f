/**
 * Caches a long-running App keeps across scans (issue 12): explanations by the digests they
 * compare and SBOM package lists by blob digest. Both name immutable content, so entries never
 * go stale; they are bounded by the number of packages they hold, since one SBOM may list tens
 * of thousands.
 */
import { LRUCache } from 'lru-cache';
import type { ExplainCaches } from './explainer.js';
import type { SbomPackage } from './sbom.js';
import type { Explanation } from './types.js';

/** Packages held in each cache at most (~150 bytes each: ~30 MB per cache at worst). */
const MAX_PACKAGES_HELD = 200_000;

export function createExplainCaches(maxPackages = MAX_PACKAGES_HELD): Required<ExplainCaches> {
  const packagesOf = (explanation: Explanation): number => {
    const packages = explanation.details.packages;
    return packages === undefined ? 0 : packages.upgraded.length + packages.added.length + packages.removed.length;
  };
  return {
    explanations: new LRUCache<string, Explanation>({
      max: 10_000,
      maxSize: maxPackages,
      sizeCalculation: (value) => 1 + packagesOf(value),
    }),
    packages: new LRUCache<string, readonly SbomPackage[]>({
      max: 10_000,
      maxSize: maxPackages,
      sizeCalculation: (value) => 1 + value.length,
    }),
  };
}
