import type { CST } from 'yaml';

/**
 * How deeply collections may nest in one YAML document. The yaml library composes nodes
 * recursively: near 700 levels it runs out of stack, and on Node 20 a second such overflow in
 * the same process aborted it outright (V8: "RegExpCompiler Allocation failed", issue 8), which
 * no try/catch can stop. Real manifests, even CRD schemas, stay far below 128 levels, which
 * leaves the composer (and Jest's deeper stacks) a wide margin.
 */
export const MAX_YAML_DEPTH = 128;

/**
 * The deepest collection nesting in a CST token (a document: 1 for a top-level mapping), found
 * without recursion so that the measurement itself cannot overflow the stack. Stops counting
 * once past `limit`.
 */
export function collectionDepth(token: CST.Token, limit: number = MAX_YAML_DEPTH): number {
  let deepest = 0;
  const pending: Array<{ token: CST.Token; depth: number }> = [{ token, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { token: current, depth } = next;
    if (current.type === 'document') {
      if (current.value !== undefined) pending.push({ token: current.value, depth });
    } else if (current.type === 'block-map' || current.type === 'block-seq' || current.type === 'flow-collection') {
      const inner = depth + 1;
      deepest = Math.max(deepest, inner);
      if (deepest > limit) return deepest;
      for (const item of current.items) {
        if (item.key) pending.push({ token: item.key, depth: inner });
        if (item.value) pending.push({ token: item.value, depth: inner });
      }
    }
  }
  return deepest;
}
