import pLimit from 'p-limit';
import type { Pin, Resolution } from '../registry/resolver/resolution.js';
import type { Resolver } from '../registry/resolver/resolver.js';
import type { FoundReference } from '../scan/types.js';

export interface ResolveOptions {
  /** How many distinct pins are in flight at once (the client also limits each host). */
  readonly concurrency?: number;
  /** Called after each distinct pin resolves, for progress display. */
  readonly onProgress?: (done: number, total: number) => void;
}

export function pinOf(reference: FoundReference): Pin {
  const { registry, repository, tag, digest } = reference.image;
  const pin: Pin = { registry, repository, tag, digest, platform: reference.platform };
  return reference.platforms === undefined ? pin : { ...pin, platforms: reference.platforms };
}

function pinKey(pin: Pin): string {
  return `${pin.registry}/${pin.repository}:${pin.tag}@${pin.digest}|${pin.platform ?? ''}|${(pin.platforms ?? []).join(' ')}`;
}

/**
 * Resolves every reference, each distinct pin once (the same pin in ten files costs one
 * resolution). Never rejects: the resolver turns every failure into a `failed` resolution.
 */
export async function resolveReferences(
  references: readonly FoundReference[],
  resolver: Resolver,
  options: ResolveOptions = {},
): Promise<(reference: FoundReference) => Resolution> {
  const pins = new Map<string, Pin>();
  for (const reference of references) {
    const pin = pinOf(reference);
    pins.set(pinKey(pin), pin);
  }
  const resolved = new Map<string, Resolution>();
  let done = 0;
  await pLimit(options.concurrency ?? 16).map(pins, async ([key, pin]) => {
    resolved.set(key, await resolver.resolve(pin));
    options.onProgress?.(++done, pins.size);
  });
  return (reference) => {
    const resolution = resolved.get(pinKey(pinOf(reference)));
    if (resolution === undefined) throw new Error(`no resolution for ${reference.image.original}`);
    return resolution;
  };
}
