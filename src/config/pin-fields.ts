import { z } from 'zod';
import { globListProblem, globProblem, MAX_GLOB_LENGTH } from '../discover/glob.js';

/**
 * The `pin` setting of `.github/pinbot.yml` (issue 10): whether the GitHub App proposes pinning
 * tag-only images, and which images and tags `pinbot pin` and the App leave alone. `true` turns
 * pinning on with no exceptions; a mapping turns it on with them; `false` (the default) keeps
 * the App from proposing pins, while `pinbot pin` still pins when someone runs it.
 */

/**
 * Each pattern is matched against every tag-only reference's names: a list holds at most 50,
 * within the same size cap as `include` (issue 8: long glob lists hung the matcher). As there,
 * a pattern's own checks are the cheap ones, and its glob syntax is checked only once the list
 * is known to be within its caps.
 */
export const MAX_PIN_PATTERNS = 50;

function patternList(what: string, check: (value: string) => string | undefined) {
  const pattern = z
    .string()
    .min(1, { error: `${what} must not be empty` })
    .max(MAX_GLOB_LENGTH, { error: `${what} may be at most ${MAX_GLOB_LENGTH} characters` })
    .superRefine((value, context) => {
      const problem = check(value);
      if (problem !== undefined) context.addIssue({ code: 'custom', message: problem, input: value });
    });
  return z
    .array(pattern)
    .max(MAX_PIN_PATTERNS, { error: `at most ${MAX_PIN_PATTERNS} patterns are allowed` })
    .superRefine((patterns, context) => {
      if (patterns.length > MAX_PIN_PATTERNS) return;
      const tooBig = globListProblem(patterns);
      if (tooBig !== undefined) return void context.addIssue({ code: 'custom', message: tooBig, input: patterns });
      patterns.forEach((value, index) => {
        const problem = value === '' || value.length > MAX_GLOB_LENGTH ? undefined : globProblem(value);
        if (problem !== undefined) context.addIssue({ code: 'custom', message: problem, path: [index], input: value });
      });
    });
}

/** Image names as written or canonical (`node`, `docker.io/library/node`, `ghcr.io/acme/*`), never with a tag. */
const imagePatterns = patternList('an image pattern', (value) => {
  if (value.includes('@')) return 'an image pattern names images, not digests: drop the "@…" part';
  // A `:` after the last `/` is a tag (`node:22`); earlier ones are a registry's port (`localhost:5000/app`).
  if (value.slice(value.lastIndexOf('/') + 1).includes(':')) {
    return 'an image pattern names images without a tag: drop the ":…" part, or list the tag under ignoreTags';
  }
  return undefined;
});

/** Tags or tag globs: `latest`, `*-rc*`. */
const tagPatterns = patternList('a tag pattern', (value) =>
  /[/:@]/.test(value) ? 'a tag pattern is a tag alone, such as "latest" or "*-rc*", without "/", ":" or "@"' : undefined,
);

const pinSettings = z.strictObject({
  ignore: imagePatterns
    .default(() => [])
    .readonly()
    .describe(
      'Globs of image names never to pin, matched against the name as written (e.g. "node"), as Docker shows it ' +
        'and in full (e.g. "docker.io/library/node"); "*" stays within one "/"-separated part, "**" spans parts.',
    ),
  ignoreTags: tagPatterns
    .default(() => [])
    .readonly()
    .describe('Globs of tags never to pin, e.g. "latest" (which also covers images written without a tag) or "*-rc*".'),
});

export const pin = z
  .union([z.boolean(), pinSettings])
  .default(false)
  .describe(
    'Pinning of images written with a tag but no digest: true (or a mapping with ignore and ignoreTags) lets the ' +
      'GitHub App open one pull request (branch pinbot/pin) that adds the digest each tag points to now, and keep it ' +
      'current. Off by default. "pinbot pin" pins whenever it is run and honours ignore and ignoreTags either way.',
  );

export type PinSetting = z.output<typeof pin>;
