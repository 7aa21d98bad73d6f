import { z } from 'zod';
import { scheduleEntryProblem, timeZoneProblem } from '../schedule/schedule.js';

/**
 * Value schemas for the GitHub App's settings in schema.ts; each error says how to write the
 * value. The format regexes tolerate a leading "@" (and a team's "org/") so that such a value
 * gets only the specific hint, not a second, vaguer error.
 */

/** GitHub logins: letters, digits and hyphens, at most 39 characters, written without `@`. */
export const login = z
  .string()
  .refine((value) => !value.startsWith('@'), { error: 'write the GitHub login without "@"' })
  .regex(/^@?[A-Za-z0-9][A-Za-z0-9-]{0,38}$/, { error: 'expected a GitHub login such as "octocat"' });

/** Team slugs as the pull request reviewers API takes them: the team in the repository's organisation. */
export const teamSlug = z
  .string()
  .refine((value) => !value.startsWith('@') && !value.includes('/'), {
    error: 'write the team\'s slug alone, without "@" or the organisation, e.g. "platform-team"',
  })
  .regex(/^[@A-Za-z0-9][@/A-Za-z0-9._-]*$/, { error: 'expected a team slug such as "platform-team"' });

/** GitHub limits label names to 50 characters. */
export const label = z
  .string()
  .min(1, { error: 'a label must not be empty' })
  .max(50, { error: 'GitHub label names are at most 50 characters' });

/** One `schedule` entry, checked by the same parser the App runs (src/pr/schedule-grammar.ts). */
export const scheduleEntry = z.string().superRefine((entry, context) => {
  const problem = scheduleEntryProblem(entry);
  if (problem !== undefined) context.addIssue({ code: 'custom', message: problem, input: entry });
});

/** An IANA time zone this runtime's ICU knows, e.g. `Europe/Berlin`. */
export const timezone = z.string().superRefine((name, context) => {
  const problem = timeZoneProblem(name);
  if (problem !== undefined) context.addIssue({ code: 'custom', message: problem, input: name });
});
