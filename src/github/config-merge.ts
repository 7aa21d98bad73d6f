/**
 * Merging the config files Probot's loader found (owner defaults from the `.github` repository,
 * `_extends` targets, the repository's own file). Pure. Mappings merge key by key; lists and
 * scalars from the more specific file replace the inherited ones, because a repository that
 * sets `labels: [deps]` means exactly those labels, not the organisation's plus its own.
 */

export type ConfigObject = Record<string, unknown>;

/** `configs` from least to most specific, as the loader passes them. Non-mappings are skipped (validation reports them). */
export function mergeConfigs(configs: readonly unknown[]): ConfigObject {
  let merged: ConfigObject = {};
  for (const config of configs) {
    if (isMapping(config)) merged = mergeMappings(merged, config);
  }
  return merged;
}

function mergeMappings(base: ConfigObject, override: ConfigObject): ConfigObject {
  const result: ConfigObject = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const inherited = Object.hasOwn(result, key) ? result[key] : undefined;
    const merged = isMapping(inherited) && isMapping(value) ? mergeMappings(inherited, value) : value;
    // defineProperty, not assignment: a `__proto__` key from YAML must stay a plain (invalid) key.
    Object.defineProperty(result, key, { value: merged, enumerable: true, writable: true, configurable: true });
  }
  return result;
}

export function isMapping(value: unknown): value is ConfigObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
