import { isMap, isNode, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';

/**
 * The first key (in document order) that repeats an earlier key of the same mapping, or
 * undefined. YAML forbids duplicate keys; the yaml library checks them by comparing each new key
 * with every earlier one, which took 38 s for one mapping of 40,000 keys (issue 8), so parsing
 * runs with `uniqueKeys: false` and this pass gives the same verdict with one set per mapping.
 * Keys are equal as the library's default sees them: the same node, or scalars of equal value.
 */
export function firstDuplicateKey(document: Document): Node | undefined {
  let first: Node | undefined;
  const pending: unknown[] = [document.contents];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key: unknown = pair.key;
        const identity = isScalar(key) ? scalarIdentity(key.value) : key;
        if (seen.has(identity) && isNode(key) && (first === undefined || start(key) < start(first))) first = key;
        seen.add(identity);
        pending.push(pair.key, pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) pending.push(isPair(item) ? item.value : item);
    }
  }
  return first;
}

/** NaN is never equal to itself, so a NaN key never repeats one, as in the library. */
function scalarIdentity(value: unknown): unknown {
  return typeof value === 'number' && Number.isNaN(value) ? Symbol('NaN') : value;
}

const start = (node: Node): number => node.range?.[0] ?? 0;
