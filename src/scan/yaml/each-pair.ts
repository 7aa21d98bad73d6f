import type { NodeWalker, YamlNode } from './nodes.js';

/**
 * Calls `visit` with every key and value of every mapping under `root`, at any depth, and goes
 * on into the value when `visit` returns true. Each node is visited once (an alias leads to a
 * node already seen) and nothing recurses, so the walk is linear in the document however its
 * anchors repeat it (issue 8).
 */
export function eachPair(walk: NodeWalker, root: YamlNode | undefined, visit: (key: string, value: YamlNode) => boolean): void {
  const seen = new Set<YamlNode>();
  const pending: YamlNode[] = root === undefined ? [] : [root];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (seen.has(node)) continue;
    seen.add(node);
    if (!walk.isMapping(node)) {
      pending.push(...walk.items(node));
      continue;
    }
    for (const [key, value] of walk.pairs(node)) if (visit(key, value)) pending.push(value);
  }
}
