import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/**
 * Finds the 1-based line of the value (or, with `atKey`, the key) at `path` in a parsed YAML
 * document, so config errors can point at the line to fix. When the path runs out of nodes
 * (a default was applied, or the key is missing) it returns the deepest line it reached.
 */
export function lineAt(document: Document, lineCounter: LineCounter, path: readonly PropertyKey[], atKey: boolean): number | undefined {
  let node: unknown = document.contents;
  let line = lineOf(node, lineCounter);
  for (const [index, segment] of path.entries()) {
    const last = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (pair === undefined) return line;
      if (last && atKey) return lineOf(pair.key, lineCounter) ?? line;
      // `key:` with no value has no value node; the key's line is the place to fix.
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
    } else {
      return line;
    }
    line = lineOf(node, lineCounter) ?? line;
  }
  return line;
}

function lineOf(node: unknown, lineCounter: LineCounter): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range === undefined || range === null ? undefined : lineCounter.linePos(range[0]).line;
}
