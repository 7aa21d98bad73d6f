import { z } from 'zod';
import { globProblem } from '../discover/glob.js';

/**
 * The `pin` setting of `.github/pinbot.yml` (issue 10): whether the GitHub App proposes pinning
 * tag-only images, and which images and tags `pinbot pin` and the App leave alone. `true` turns
 * pinning on with no exceptions; a mapping turns it on with them; `false` (the default) keeps
 * the App from proposing pins, while `pinbot pin` still pins when someone runs it.
 */

/** Patterns are globs: `*` stays within one `/`-separated part of a name, `**` spans parts. */
function pattern(what: string, check: (value: string) => string | undefined) {
  return z
    .string()
    .min(1, { error: `${what} must not be empty` })
    .superRefine((value, context) => {
      const problem = check(value) ?? globProblem(value);
      if (problem !== undefined) context.addIssue({ code: 'custom', message: problem, input: value });
    });
}

/** An image name as written or canonical (`node`, `docker.io/library/node`, `ghcr.io/acme/*`), never with a tag. */
const imagePattern = pattern('an image pattern', (value) => {
  if (value.includes('@')) return 'an image pattern names images, not digests: drop the "@…" part';
  // A `:` after the last `/` is a tag (`node:22`); earlier ones are a registry's port (`localhost:5000/app`).
  if (value.slice(value.lastIndexOf('/') + 1).includes(':')) {
    return 'an image pattern names images without a tag: drop the ":…" part, or list the tag under ignoreTags';
  }
  return undefined;
});

/** A tag or tag glob: `latest`, `*-rc*`. */
const tagPattern = pattern('a tag pattern', (value) =>
  /[/:@]/.test(value) ? 'a tag pattern is a tag alone, such as "latest" or "*-rc*", without "/", ":" or "@"' : undefined,
);

const pinSettings = z.strictObject({
  ignore: z
    .array(imagePattern)
    .default(() => [])
    .readonly()
    .describe(
      'Globs of image names never to pin, matched against the name as written (e.g. "node"), as Docker shows it ' +
        'and in full (e.g. "docker.io/library/node"); "*" stays within one "/"-separated part, "**" spans parts.',
    ),
  ignoreTags: z
    .array(tagPattern)
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
