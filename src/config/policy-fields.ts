import { z } from 'zod';
import { TAG_REGEXP } from '../reference/grammar.js';
import { glob, globList } from './glob-field.js';

/**
 * The `policy` section of `.github/pinbot.yml` (issue 14): which files must pin every image by
 * digest, which tags are never allowed there, and which environments must run what another one
 * ran. Enforced by `pinbot verify` and by the App's `pinbot / policy` check run.
 */

const tag = z.string().regex(TAG_REGEXP, { error: 'expected an image tag such as "latest" (letters, digits, "_", "." and "-")' });

const promotion = z
  .strictObject({
    from: glob.describe('Glob of the files of the environment images are promoted from, e.g. "deploy/staging/**".'),
    to: glob.describe('Glob of the files of the environment images are promoted to, e.g. "deploy/prod/**".'),
  })
  .describe('One promotion: every image a "to" file pins must be pinned, at the same digest, by some "from" file.');

/**
 * The most promotions a policy may have. Each is checked against every file of the tree, so
 * their number multiplies the work of every check (issue 8: hostile configs must cost linear
 * time); real setups chain a few environments (dev → staging → prod).
 */
export const MAX_PROMOTIONS = 50;

export const policy = z.strictObject({
  requireDigest: globList
    .default(() => [])
    .readonly()
    .describe(
      'Globs of the files where every image must be pinned by digest. Build stages and "scratch" need none; ' +
        'an image given by a variable pinbot cannot resolve is a violation, since nobody can tell what it pins.',
    ),
  forbidTags: z
    .array(tag)
    .default(() => [])
    .readonly()
    .describe(
      'Tags never allowed in requireDigest files, pinned or not, e.g. "latest". An image written without a tag ' +
        'counts as "latest", as Docker reads it.',
    ),
  promotions: z
    .array(promotion)
    .max(MAX_PROMOTIONS, { error: `at most ${MAX_PROMOTIONS} promotions are allowed` })
    .default(() => [])
    .readonly()
    .describe(
      'Promotions between environments: for every image (by canonical name) that a "to" file references, its ' +
        'digest must be one that a "from" file pins for the same image; tags may differ. An image no "from" file ' +
        `has at all was never promoted and is a violation too. At most ${MAX_PROMOTIONS} promotions.`,
    ),
});

/** Said of the optional wrapper in schema.ts, where the generated docs and editors look for it. */
export const POLICY_DESCRIPTION =
  'What image references must satisfy, checked by "pinbot verify" and by the GitHub App\'s "pinbot / policy" check run. ' +
  'Without this section, "pinbot verify" only checks that pinned digests still exist and the App runs no policy check.';

export type PolicyConfig = z.output<typeof policy>;
