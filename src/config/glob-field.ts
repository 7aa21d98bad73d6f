import { z } from 'zod';
import { globListProblem, globProblem, MAX_GLOB_LENGTH, MAX_GLOB_LIST_SIZE, MAX_GLOBS } from '../discover/glob.js';

const ROOTED = 'globs match paths relative to the repository root: drop the leading "/" or "./"';
const isRooted = (value: string): boolean => value.startsWith('/') || value.startsWith('./');

/** A glob matched against repository-relative paths such as `docker/api/Dockerfile`. */
export const glob = z
  .string()
  .min(1, { error: 'a glob must not be empty' })
  .refine((value) => !isRooted(value), { error: ROOTED })
  .superRefine((value, context) => {
    const problem = globProblem(value);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem, input: value });
  });

/** What a list of globs may hold, in words for the docs and editors. */
export const GLOB_CAPS =
  `At most ${MAX_GLOBS.toLocaleString('en-US')} globs of up to ${MAX_GLOB_LENGTH} characters, ` +
  `${MAX_GLOB_LIST_SIZE / 1024} KiB in all with {…} alternatives spelled out ({a,b}c counts as ac and bc).`;

/** A glob in a list: only the cheap checks here; `globList` checks the syntax once the list is within its caps. */
const listedGlob = z
  .string()
  .min(1, { error: 'a glob must not be empty' })
  .max(MAX_GLOB_LENGTH, { error: `a glob may be at most ${MAX_GLOB_LENGTH} characters` })
  .refine((value) => !isRooted(value), { error: ROOTED });

/**
 * A list of globs, at most MAX_GLOBS of them and MAX_GLOB_LIST_SIZE characters with `{…}`
 * spelled out (issue 8: 300 long globs hung the matcher, and even checking 3,000 of them one
 * by one took seconds). The caps are checked first, so an oversized list costs one error and no
 * parsing.
 */
export const globList = z
  .array(listedGlob)
  .max(MAX_GLOBS, { error: `at most ${MAX_GLOBS.toLocaleString('en-US')} globs are allowed` })
  .superRefine((globs, context) => {
    if (globs.length > MAX_GLOBS) return;
    const tooBig = globListProblem(globs);
    if (tooBig !== undefined) {
      context.addIssue({ code: 'custom', message: tooBig, input: globs });
      return;
    }
    globs.forEach((value, index) => {
      if (value === '' || value.length > MAX_GLOB_LENGTH || isRooted(value)) return;
      const problem = globProblem(value);
      if (problem !== undefined) context.addIssue({ code: 'custom', message: problem, path: [index], input: value });
    });
  });
