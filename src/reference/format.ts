import type { ImageReference } from './types.js';

/**
 * Which spelling of the name to write: `original` keeps the user's own (`node`, `index.docker.io/x`),
 * which is what rewrites must preserve; `canonical` is the lookup form (`docker.io/library/node`).
 */
export type NameSpelling = 'original' | 'canonical';

/** The parts of a reference that formatting needs (a parsed reference, or one with a new digest). */
export type FormattableReference = Pick<ImageReference, 'originalName' | 'name' | 'tag' | 'digest'>;

/** Writes `name[:tag][@digest]`; parsing the result gives back the same reference. */
export function formatReference(reference: FormattableReference, spelling: NameSpelling = 'original'): string {
  const name = spelling === 'original' ? reference.originalName : reference.name;
  const tag = reference.tag === undefined ? '' : `:${reference.tag}`;
  const digest = reference.digest === undefined ? '' : `@${reference.digest}`;
  return `${name}${tag}${digest}`;
}
