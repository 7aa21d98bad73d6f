import { isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { aliasTargets } from './anchors.js';

/**
 * How many values (scalars, lists and mappings, each alias counted as everything it stands for)
 * a document may amount to. Aliases let a small file describe a huge structure ("billion
 * laughs": a list of ten aliases to a list of ten aliases to…); whoever then walks the result
 * (a schema validator, a merge) would walk every copy. A real pinbot config holds a few hundred
 * values; even 1,000 globs in each of its lists stay far below this.
 */
export const MAX_PLAIN_VALUES = 100_000;

export type PlainValue =
  | { readonly ok: true; readonly value: unknown }
  /** `offset`: where in the text the reason applies. */
  | { readonly ok: false; readonly offset: number; readonly message: string };

/**
 * A composed document as plain JavaScript data (objects, arrays, strings, numbers, booleans,
 * null), as the yaml library's `toJS` gives it, in time linear in the document: aliases are
 * resolved once (`aliasTargets`) where `toJS` searches the document again for each one, and the
 * value an alias names is built once and shared, as `toJS` does. Refused instead: values beyond
 * `maxValues` with aliases expanded, an alias inside the collection it names (a cycle), a key
 * that is a list or a mapping, and merge keys (`<<`, only special in YAML 1.1 documents; in the
 * default 1.2 schema `<<` is a plain key). Recursion is bounded by the document's nesting, which composeYamlStream caps.
 */
export function plainValue(document: Document, maxValues: number = MAX_PLAIN_VALUES): PlainValue {
  const builder = new PlainBuilder(aliasTargets(document), maxValues);
  try {
    return { ok: true, value: builder.build(document.contents) };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, offset: error.offset, message: error.message };
    throw error;
  }
}

class Refusal extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const startOf = (node: unknown): number => (node as Node | null | undefined)?.range?.[0] ?? 0;

class PlainBuilder {
  /** Each collection or scalar already built, and how many values it amounts to. */
  private readonly built = new Map<Node, Built>();
  /** Collections being built: an alias to one of them would make a cycle. */
  private readonly open = new Set<Node>();
  private total = 0;

  constructor(
    private readonly aliases: ReadonlyMap<Node, Node>,
    private readonly maxValues: number,
  ) {}

  build(node: unknown): unknown {
    return this.visit(node).value;
  }

  private visit(node: unknown): Built {
    if (node === null || node === undefined) return this.count(node, { value: null, size: 1 });
    if (isAlias(node)) {
      const target = this.aliases.get(node);
      if (target === undefined)
        throw new Refusal(startOf(node), `Unresolved alias (the anchor must be set before the alias): ${node.source}`);
      if (this.open.has(target)) throw new Refusal(startOf(node), `the alias *${node.source} is inside the collection it names`);
      const shared = this.built.get(target) ?? this.visit(target);
      // The alias stands for a copy of everything its target amounts to.
      return this.count(node, shared);
    }
    const known = this.built.get(node as Node);
    if (known !== undefined) return known;
    if (isScalar(node)) return this.remember(node, this.count(node, { value: node.value, size: 1 }));
    if (isSeq(node) || isMap(node)) {
      this.open.add(node);
      const built = isSeq(node) ? this.sequence(node.items) : this.mapping(node.items);
      this.open.delete(node);
      this.total += 1;
      this.check(node);
      return this.remember(node, built);
    }
    throw new Refusal(startOf(node), 'unsupported YAML node');
  }

  private sequence(items: readonly unknown[]): Built {
    let size = 1;
    const value = items.map((item) => {
      const built = this.visit(item);
      size += built.size;
      return built.value;
    });
    return { value, size };
  }

  private mapping(pairs: ReadonlyArray<{ readonly key: unknown; readonly value: unknown }>): Built {
    const object: Record<string, unknown> = {};
    let size = 1;
    for (const pair of pairs) {
      const key = this.key(pair.key);
      const built = this.visit(pair.value);
      size += built.size;
      // defineProperty, not assignment: a `__proto__` key must stay a plain (invalid) key.
      Object.defineProperty(object, key, { value: built.value, enumerable: true, writable: true, configurable: true });
    }
    return { value: object, size };
  }

  /** Keys become strings, as `toJS` makes them for plain objects: `1: x` has the key "1", `~: x` the key "". */
  private key(node: unknown): string {
    const resolved = isAlias(node) ? this.aliases.get(node) : node;
    if (isAlias(node) && resolved === undefined) {
      throw new Refusal(startOf(node), `Unresolved alias (the anchor must be set before the alias): ${node.source}`);
    }
    if (resolved === null || resolved === undefined) return '';
    if (!isScalar(resolved)) throw new Refusal(startOf(node), 'a mapping key must be a plain value, not a list or a mapping');
    const value: unknown = resolved.value;
    if (typeof value === 'symbol') throw new Refusal(startOf(node), 'merge keys (<<) are not supported here; write the keys out');
    if (value === null) return '';
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
      return String(value);
    // A tagged scalar (`!!binary`, a timestamp) is an object: no key of pinbot's looks like one.
    throw new Refusal(startOf(node), 'a mapping key must be a plain value, not a tagged one');
  }

  private count(node: unknown, built: Built): Built {
    this.total += isAlias(node) ? built.size : isScalar(node) || node === null || node === undefined ? 1 : 0;
    this.check(node);
    return built;
  }

  private check(node: unknown): void {
    if (this.total > this.maxValues) {
      throw new Refusal(
        startOf(node),
        `the document amounts to more than ${this.maxValues.toLocaleString('en-US')} values with its aliases spelled out`,
      );
    }
  }

  private remember(node: Node, built: Built): Built {
    this.built.set(node, built);
    return built;
  }
}

/** A value and how many values it amounts to, aliases expanded. */
interface Built {
  readonly value: unknown;
  readonly size: number;
}
