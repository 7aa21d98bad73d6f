/**
 * What changed between two SBOMs' package lists: matched by identity (purl without version,
 * else name and purpose), a package whose version moved is upgraded (or downgraded: "from → to"
 * says which), one only in the new list is added, one only in the old is removed. The same
 * identity may appear with several versions (vendored copies): versions common to both sides
 * cancel out, and the rest pair up in order. Linear in the lists' sizes, sorted by name. Pure.
 */
import type { SbomPackage } from './sbom.js';
import type { PackageChanges, PackageUpgrade, PackageVersion } from './types.js';

export function diffPackages(before: readonly SbomPackage[], after: readonly SbomPackage[]): PackageChanges {
  const old = versionsByKey(before);
  const next = versionsByKey(after);
  const upgraded: PackageUpgrade[] = [];
  const added: PackageVersion[] = [];
  const removed: PackageVersion[] = [];
  for (const [key, { name, versions: newVersions }] of next) {
    const oldVersions = old.get(key)?.versions ?? [];
    const gone = without(oldVersions, newVersions);
    const fresh = without(newVersions, oldVersions);
    const pairs = Math.min(gone.length, fresh.length);
    for (let i = 0; i < pairs; i++) upgraded.push({ name, from: gone[i]!, to: fresh[i]! });
    for (const version of fresh.slice(pairs)) added.push({ name, version });
    for (const version of gone.slice(pairs)) removed.push({ name: old.get(key)?.name ?? name, version });
  }
  for (const [key, { name, versions }] of old) {
    if (!next.has(key)) for (const version of versions) removed.push({ name, version });
  }
  const byName = <T extends { name: string }>(a: T, b: T) =>
    a.name.localeCompare(b.name, 'en') || JSON.stringify(a).localeCompare(JSON.stringify(b));
  return { upgraded: upgraded.sort(byName), added: added.sort(byName), removed: removed.sort(byName) };
}

/** Total number of changes. */
export function countChanges(changes: PackageChanges): number {
  return changes.upgraded.length + changes.added.length + changes.removed.length;
}

function versionsByKey(packages: readonly SbomPackage[]): Map<string, { name: string; versions: string[] }> {
  const byKey = new Map<string, { name: string; versions: string[] }>();
  for (const pkg of packages) {
    const known = byKey.get(pkg.key);
    if (known === undefined) byKey.set(pkg.key, { name: pkg.name, versions: [pkg.version] });
    else known.versions.push(pkg.version);
  }
  return byKey;
}

/** `left` minus `right` as multisets, keeping `left`'s order. */
function without(left: readonly string[], right: readonly string[]): string[] {
  const remaining = new Map<string, number>();
  for (const value of right) remaining.set(value, (remaining.get(value) ?? 0) + 1);
  return left.filter((value) => {
    const count = remaining.get(value) ?? 0;
    if (count === 0) return true;
    remaining.set(value, count - 1);
    return false;
  });
}
