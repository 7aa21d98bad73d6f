/** What the registry said about one digest in one repository. */
export type DigestAnswer =
  | { readonly kind: 'exists' }
  | { readonly kind: 'missing'; readonly host: string; readonly message: string }
  | { readonly kind: 'unknown'; readonly message: string };

/**
 * Registry answers about digests, kept by a long-running App between checks of the same
 * repository. Only "exists" is remembered, and only for `ttlMs`: a digest can be deleted at any
 * time, and a failure or a 404 is worth asking about again next run.
 */
export interface DigestAnswerCache {
  get(key: string): DigestAnswer | undefined;
  set(key: string, answer: DigestAnswer): void;
}

export function createDigestAnswerCache(options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {}): DigestAnswerCache {
  const ttlMs = options.ttlMs ?? 60 * 60 * 1000;
  const maxEntries = options.maxEntries ?? 50_000;
  const now = options.now ?? Date.now;
  const seenAt = new Map<string, number>();
  return {
    get(key) {
      const at = seenAt.get(key);
      if (at === undefined) return undefined;
      if (now() - at < ttlMs) return { kind: 'exists' };
      seenAt.delete(key);
      return undefined;
    },
    set(key, answer) {
      if (answer.kind !== 'exists') return;
      seenAt.delete(key);
      seenAt.set(key, now());
      // Oldest first out: a Map iterates in insertion order.
      while (seenAt.size > maxEntries) seenAt.delete(seenAt.keys().next().value as string);
    },
  };
}
