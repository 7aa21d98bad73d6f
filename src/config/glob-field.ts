import { z } from 'zod';
import { globProblem } from '../discover/glob.js';

/** A glob matched against repository-relative paths such as `docker/api/Dockerfile`. */
export const glob = z
  .string()
  .min(1, { error: 'a glob must not be empty' })
  .refine((value) => !value.startsWith('/') && !value.startsWith('./'), {
    error: 'globs match paths relative to the repository root: drop the leading "/" or "./"',
  })
  .superRefine((value, context) => {
    const problem = globProblem(value);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem, input: value });
  });
