import { parseImageReference } from '../../reference/parse.js';
import type { Selection } from './scan-file.js';

/**
 * Issue 11's rule for `image` strings whose surroundings pinbot has no schema for (a resource
 * of an unknown kind, a Helm values file, a workflow's `matrix`): the string is an image only
 * when it is a reference with a digest. A tag alone, a variable or any other text could be
 * anything, so it is not reported at all, not even as skipped.
 */
export const PINNED_ONLY = (value: string): Selection => {
  if (!value.includes('@')) return { kind: 'not-image' };
  const parsed = parseImageReference(value);
  return parsed.ok && parsed.reference.digest !== undefined ? { kind: 'image', offset: 0, length: value.length } : { kind: 'not-image' };
};
