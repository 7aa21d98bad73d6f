import { isAlias, isMap, isScalar, isSeq, type Document, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';

/** A node as a YAML reader sees it: aliases already replaced by the node they name. */
export type YamlNode = Scalar | YAMLMap | YAMLSeq;

/**
 * Navigates one parsed document by structure the way a YAML consumer would: aliases lead to
 * their anchored node (the same object, so a caller can tell a value it already handled) and
 * `<<` merge keys contribute the keys of the mappings they name.
 */
export class NodeWalker {
  constructor(private readonly document: Document) {}

  /** The document's root node. */
  get root(): YamlNode | undefined {
    return this.resolve(this.document.contents);
  }

  /** The node itself, or for an alias the anchored node; anything else is no node. */
  resolve(node: unknown): YamlNode | undefined {
    const target = isAlias(node) ? node.resolve(this.document) : node;
    return isScalar(target) || isMap(target) || isSeq(target) ? target : undefined;
  }

  isMapping(node: YamlNode | undefined): node is YAMLMap {
    return isMap(node);
  }

  /** The value under `key` in a mapping (merged keys included); undefined when absent or not a mapping. */
  get(node: YamlNode | undefined, key: string): YamlNode | undefined {
    return this.resolve(this.entries(node).get(key));
  }

  /** Follows `keys` one mapping at a time. */
  path(node: YamlNode | undefined, keys: readonly string[]): YamlNode | undefined {
    return keys.reduce<YamlNode | undefined>((current, key) => this.get(current, key), node);
  }

  /** The values of a mapping, e.g. every service under `services`. */
  values(node: YamlNode | undefined): YamlNode[] {
    return [...this.entries(node).values()].flatMap((value) => this.resolve(value) ?? []);
  }

  /** The items of a sequence; a non-sequence has none. */
  items(node: YamlNode | undefined): YamlNode[] {
    if (!isSeq(node)) return [];
    return node.items.flatMap((item) => this.resolve(item) ?? []);
  }

  /** The string value of a scalar (for keys like `kind` or `platform`), else undefined. */
  string(node: YamlNode | undefined): string | undefined {
    return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
  }

  /**
   * The effective key → value pairs of a mapping. Keys written in the mapping win over merged
   * ones, and an earlier merge source wins over a later one, as YAML's merge key specifies.
   * `seen` stops a mapping that merges itself (through an alias) from recursing forever.
   * Values stay unresolved until asked for: resolving an alias searches the document.
   */
  private entries(node: YamlNode | undefined, seen = new Set<YAMLMap>()): Map<string, unknown> {
    const entries = new Map<string, unknown>();
    if (!isMap(node) || seen.has(node)) return entries;
    seen.add(node);

    const mergeSources: unknown[] = [];
    for (const pair of node.items) {
      const key = this.resolve(pair.key);
      if (!isScalar(key)) continue;
      if (isMergeKey(key)) mergeSources.push(pair.value);
      else if (!entries.has(String(key.value))) entries.set(String(key.value), pair.value);
    }
    for (const sourceNode of mergeSources) {
      const source = this.resolve(sourceNode);
      const maps = isSeq(source) ? this.items(source) : [source];
      for (const map of maps) {
        for (const [key, value] of this.entries(map, seen)) if (!entries.has(key)) entries.set(key, value);
      }
    }
    return entries;
  }
}

/** A plain `<<` key; YAML 1.1 documents turn it into a symbol, 1.2 ones leave the string. */
function isMergeKey(key: Scalar): boolean {
  if (key.type !== 'PLAIN') return false;
  const value: unknown = key.value;
  return value === '<<' || (typeof value === 'symbol' && value.description === '<<');
}
