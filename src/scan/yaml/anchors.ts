import { isAlias, isMap, isScalar, isSeq, type Alias, type Document, type Node } from 'yaml';

/**
 * What every alias of a document stands for, found in one pass. YAML's rule: an alias names the
 * most recent node before it (in document order) that carries the anchor; a later anchor of the
 * same name rebinds it. The yaml library's `Alias.resolve` searches the whole document for each
 * alias, so 8,000 aliases took 66 s (issue 8); this walks the document once, without recursion.
 */
export function aliasTargets(document: Document): Map<Alias, Node> {
  const anchors = new Map<string, Node>();
  const targets = new Map<Alias, Node>();
  // Document order is pre-order: a node before its contents, each key before its value.
  const pending: unknown[] = [document.contents];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target !== undefined) targets.set(node, target);
      continue;
    }
    if ((isMap(node) || isSeq(node) || isScalar(node)) && node.anchor) anchors.set(node.anchor, node);
    if (isMap(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) {
        const pair = node.items[i]!;
        pending.push(pair.value, pair.key);
      }
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) pending.push(node.items[i]);
    }
  }
  return targets;
}
