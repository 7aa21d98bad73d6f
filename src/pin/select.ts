import { compileGlob } from '../discover/glob.js';
import type { ImageReference } from '../reference/types.js';
import type { UnpinnedReference } from '../scan/types.js';
import type { PinSettings } from './settings.js';

/** A tag-only reference the configuration says to leave alone, and the pattern that says so. */
export interface IgnoredReference {
  readonly reference: UnpinnedReference;
  /** E.g. `pin.ignore "localhost:5000/**"` or `pin.ignoreTags "latest"`. */
  readonly rule: string;
}

export interface PinSelection {
  readonly candidates: UnpinnedReference[];
  readonly ignored: IgnoredReference[];
}

/**
 * Pure: which tag-only references `pin` resolves, and which `pin.ignore` / `pin.ignoreTags`
 * leave alone. An image pattern matches the name as written (`node`), as Docker shows it
 * (`node`, `acme/api`, `ghcr.io/acme/api`) or in full (`docker.io/library/node`), so a pattern
 * need not know how each file spells the image. A tag pattern also matches the `latest` a
 * reference without a tag implies.
 */
export function selectPinnable(unpinned: readonly UnpinnedReference[], settings: PinSettings): PinSelection {
  const images = settings.ignore.map((pattern) => ({ pattern, matches: compileGlob([pattern]) }));
  const tags = settings.ignoreTags.map((pattern) => ({ pattern, matches: compileGlob([pattern]) }));
  const selection: PinSelection = { candidates: [], ignored: [] };
  // The same image and tag recur across files: each distinct one is matched once.
  const imageRule = memoized((names: readonly string[]) => images.find(({ matches }) => names.some(matches)));
  const tagRule = memoized((tag: string) => tags.find(({ matches }) => matches(tag)));
  for (const reference of unpinned) {
    const names = [...new Set([reference.image.originalName, familiarName(reference.image), reference.image.name])];
    const byImage = images.length === 0 ? undefined : imageRule(names.join('\n'), names);
    const byTag = byImage === undefined && tags.length > 0 ? tagRule(reference.image.tag, reference.image.tag) : undefined;
    if (byImage !== undefined) selection.ignored.push({ reference, rule: `pin.ignore ${JSON.stringify(byImage.pattern)}` });
    else if (byTag !== undefined) selection.ignored.push({ reference, rule: `pin.ignoreTags ${JSON.stringify(byTag.pattern)}` });
    else selection.candidates.push(reference);
  }
  return selection;
}

function memoized<A, R>(compute: (argument: A) => R): (key: string, argument: A) => R {
  const cache = new Map<string, R>();
  return (key, argument) => {
    if (cache.has(key)) return cache.get(key) as R;
    const result = compute(argument);
    cache.set(key, result);
    return result;
  };
}

/** The name as `docker images` shows it: Docker Hub's registry and `library/` left out. */
export function familiarName(image: Pick<ImageReference, 'registry' | 'repository' | 'name'>): string {
  if (image.registry !== 'docker.io') return image.name;
  return image.repository.startsWith('library/') && !image.repository.slice('library/'.length).includes('/')
    ? image.repository.slice('library/'.length)
    : image.repository;
}
