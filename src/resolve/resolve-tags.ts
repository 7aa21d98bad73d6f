import pLimit from 'p-limit';
import { tagKey, tagOf } from '../pin/plan.js';
import type { Resolver } from '../registry/resolver/resolver.js';
import type { TagResolution, TagToPin } from '../registry/resolver/tag-resolution.js';
import type { UnpinnedReference } from '../scan/types.js';
import type { ResolveOptions } from './resolve-references.js';

/**
 * Resolves the tag of every tag-only reference, each distinct tag once: a thousand references
 * to two hundred tags cost two hundred lookups (one HEAD each). Never rejects: the resolver turns
 * every failure into a `failed` resolution.
 */
export async function resolveTags(
  references: readonly UnpinnedReference[],
  resolver: Resolver,
  options: ResolveOptions = {},
): Promise<(tag: TagToPin) => TagResolution> {
  const tags = new Map<string, TagToPin>();
  for (const reference of references) {
    const tag = tagOf(reference);
    tags.set(tagKey(tag), tag);
  }
  let done = 0;
  const resolved = new Map<string, TagResolution>();
  await pLimit(options.concurrency ?? 16).map(tags, async ([key, tag]) => {
    resolved.set(key, await resolver.resolveTag(tag));
    options.onProgress?.(++done, tags.size);
  });
  return (tag) => {
    const resolution = resolved.get(tagKey(tag));
    if (resolution === undefined) throw new Error(`no resolution for ${tagKey(tag)}`);
    return resolution;
  };
}
