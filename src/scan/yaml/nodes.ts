import { isAlias, isMap, isScalar, isSeq, type Alias, type Document, type Node, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { aliasTargets } from './anchors.js';

/** A node as a YAML reader sees it: aliases already replaced by the node they name. */
export type YamlNode = Scalar | YAMLMap | YAMLSeq;

/**
 * Aliases let a small file describe a huge structure ("billion laughs"): a mapping that merges
 * one that merges another… Every node the walker hands out and every merged key it copies is a
 * step, and a document may take at most this many steps per character of the file (at least
 * MIN_STEPS). Real files need well under one (a node takes a few characters and is read about
 * once); a hostile chain of merges stops here in a fraction of a second instead of growing
 * quadratically.
 */
export const STEPS_PER_CHARACTER = 2;
const MIN_STEPS = 100_000;
/** Merge keys (`<<`) may chain this deep; real files use one or two levels. */
export const MAX_MERGE_DEPTH = 64;

/** Following the document's aliases and merge keys would cost more than a file this size may. */
export class WalkLimitError extends Error {
  override readonly name = 'WalkLimitError';
}

/**
 * Navigates one parsed document by structure the way a YAML consumer would: aliases lead to
 * their anchored node (the same object, so a caller can tell a value it already handled) and
 * `<<` merge keys contribute the keys of the mappings they name. Aliases are resolved once, up
 * front, and each mapping's merged keys are worked out once: nothing here scans the document
 * again per lookup (issue 8). Throws WalkLimitError past its step budget.
 */
export class NodeWalker {
  private readonly aliases: Map<Alias, Node>;
  private readonly merged = new Map<YAMLMap, Map<string, unknown>>();
  private steps = 0;
  private readonly maxSteps: number;

  constructor(
    private readonly document: Document,
    textLength = 0,
  ) {
    this.aliases = aliasTargets(document);
    this.maxSteps = Math.max(MIN_STEPS, STEPS_PER_CHARACTER * textLength);
  }

  /** The document's root node. */
  get root(): YamlNode | undefined {
    return this.resolve(this.document.contents);
  }

  /** The node itself, or for an alias the anchored node; anything else is no node. */
  resolve(node: unknown): YamlNode | undefined {
    this.step();
    const target = isAlias(node) ? this.aliases.get(node) : node;
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

  /** The key → value pairs of a mapping (merged keys included), e.g. to look at keys by pattern. */
  pairs(node: YamlNode | undefined): Array<[string, YamlNode]> {
    const pairs: Array<[string, YamlNode]> = [];
    for (const [key, value] of this.entries(node)) {
      const resolved = this.resolve(value);
      if (resolved !== undefined) pairs.push([key, resolved]);
    }
    return pairs;
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

  /** The effective key → value pairs of a mapping (values unresolved), worked out once per mapping. */
  private entries(node: YamlNode | undefined): ReadonlyMap<string, unknown> {
    if (!isMap(node)) return EMPTY;
    const known = this.merged.get(node);
    if (known !== undefined) return known;
    const { entries } = this.merge(node, new Set());
    this.merged.set(node, entries);
    return entries;
  }

  /**
   * Keys written in the mapping win over merged ones, and an earlier merge source wins over a
   * later one, as YAML's merge key specifies. `open` holds the mappings being merged on the way
   * here: a mapping that merges itself (through an alias) contributes nothing the second time,
   * and a result cut short that way (`complete: false`) is not remembered for other callers.
   */
  private merge(node: YAMLMap, open: Set<YAMLMap>): { entries: Map<string, unknown>; complete: boolean } {
    const known = this.merged.get(node);
    if (known !== undefined) return { entries: known, complete: true };
    if (open.has(node)) return { entries: new Map(), complete: false };
    if (open.size >= MAX_MERGE_DEPTH) throw new WalkLimitError(`merge keys (<<) chain more than ${MAX_MERGE_DEPTH} mappings deep`);
    open.add(node);

    const entries = new Map<string, unknown>();
    let complete = true;
    const mergeSources: unknown[] = [];
    for (const pair of node.items) {
      const key = this.resolve(pair.key);
      if (!isScalar(key)) continue;
      if (isMergeKey(key)) mergeSources.push(pair.value);
      else if (!entries.has(String(key.value))) entries.set(String(key.value), pair.value);
    }
    for (const sourceNode of mergeSources) {
      const source = this.resolve(sourceNode);
      for (const map of isSeq(source) ? this.items(source) : [source]) {
        if (!isMap(map)) continue;
        const inner = this.merge(map, open);
        complete &&= inner.complete;
        if (inner.complete) this.merged.set(map, inner.entries);
        for (const [key, value] of inner.entries) {
          this.step();
          if (!entries.has(key)) entries.set(key, value);
        }
      }
    }
    open.delete(node);
    return { entries, complete };
  }

  private step(): void {
    if (++this.steps > this.maxSteps) {
      throw new WalkLimitError(`its aliases and merge keys expand to more than ${this.maxSteps.toLocaleString('en-US')} nodes`);
    }
  }
}

const EMPTY: ReadonlyMap<string, unknown> = new Map();

/** A plain `<<` key; YAML 1.1 documents turn it into a symbol, 1.2 ones leave the string. */
function isMergeKey(key: Scalar): boolean {
  if (key.type !== 'PLAIN') return false;
  const value: unknown = key.value;
  return value === '<<' || (typeof value === 'symbol' && value.description === '<<');
}
