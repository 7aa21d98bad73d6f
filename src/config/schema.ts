import { z } from 'zod';
import { DEFAULT_INCLUDE } from '../discover/globs.js';
import { DEFAULT_TIMEZONE } from '../schedule/schedule.js';
import { label, login, scheduleEntry, teamSlug, timezone } from './app-fields.js';
import { GLOB_CAPS, globList } from './glob-field.js';
import { policy, POLICY_DESCRIPTION } from './policy-fields.js';
import { DEFAULT_IMMUTABLE_TAGS, tagPatternProblem } from '../reference/tag-shape.js';
import { parseDuration } from '../schedule/release-age.js';
import { pin } from './pin-fields.js';

/**
 * The schema of `.github/pinbot.yml`: one definition gives the TypeScript type, the validation
 * (strict: a misspelt key is an error, not silently ignored), the defaults, and the descriptions
 * an editor shows. To add a setting, add one field below with a doc comment, `.describe()` text
 * and a default, so that an empty file keeps meaning "all defaults".
 */

/** Lowercase DNS name or IPv4 address, optional port: the host part of an image reference. */
const HOST = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::[0-9]{1,5})?$/;

/** Docker Hub's other names; image references are looked up under `docker.io`, so only that key can match. */
const DOCKER_HUB_ALIASES = new Set(['index.docker.io', 'registry-1.docker.io']);

const registryHost = z
  .string()
  .regex(HOST, { error: 'expected a lowercase registry host such as "ghcr.io" or "localhost:5000", without scheme or path' })
  .refine((value) => !DOCKER_HUB_ALIASES.has(value), { error: 'write "docker.io" for Docker Hub' });

/** An RE2 regular expression for tags (issue 12): linear-time matching, whatever a repository writes. */
const tagPattern = z.string().superRefine((value, context) => {
  const problem = tagPatternProblem(value);
  if (problem !== undefined) context.addIssue({ code: 'custom', message: problem, input: value });
});

/** `3 days`, `12 hours`, `1 week`, `90 minutes`. */
const duration = z.string().superRefine((value, context) => {
  const parsed = parseDuration(value);
  if (!parsed.ok) context.addIssue({ code: 'custom', message: parsed.problem, input: value });
});

const mirrorHost = z.string().regex(HOST, { error: 'expected a lowercase mirror host such as "mirror.gcr.io", without scheme or path' });

export const PinbotConfigSchema = z
  .strictObject({
    /** Which files to scan; replaces the built-in list when set. */
    include: globList
      .min(1, { error: 'include needs at least one glob; remove the key to use the built-in list' })
      .default(() => [...DEFAULT_INCLUDE])
      .readonly()
      .describe(
        'Globs of the files to scan, relative to the repository root, dotfiles included. ' +
          'Replaces the built-in list of Dockerfiles, Containerfiles, compose files, workflows and YAML manifests. ' +
          GLOB_CAPS,
      ),

    /** Files to leave alone even when `include` matches them. */
    exclude: globList
      .default(() => [])
      .readonly()
      .describe(
        'Globs of files to leave alone even when include matches them. A glob that matches a directory ' +
          'excludes everything beneath it, as in .gitignore. ' +
          GLOB_CAPS,
      ),

    /** Whether a changed index digest alone (no platform's image changed) is worth a pull request. */
    updateOnIndexOnlyChange: z
      .boolean()
      .default(false)
      .describe(
        'Propose an update when a multi-platform index digest changed but the manifest of every platform ' +
          'stayed the same (for example, only attestations were added). Off by default: such updates change nothing that runs.',
      ),

    /** Where to ask first, e.g. `docker.io: mirror.gcr.io` to spare Docker Hub's rate limits. */
    registryMirrors: z
      .record(registryHost, mirrorHost)
      .default(() => ({}))
      .readonly()
      .describe(
        'Maps a registry host to a mirror host that pinbot asks first, e.g. "docker.io: mirror.gcr.io"; ' +
          'when the mirror fails, the registry itself is asked. Files keep naming the original registry; ' +
          'the JSON output of `pinbot check` and `pinbot update` names the host that answered each stale pin ' +
          '(`host`), and a failure names the host that failed.',
      ),

    /** One PR for the repository, or one per image and tag (GitHub App). */
    group: z
      .enum(['repository', 'image'])
      .default('repository')
      .describe(
        'How the GitHub App groups updates into pull requests: "repository" opens one PR (branch pinbot/digests) ' +
          'for every stale pin; "image" opens one PR per image and tag (branch pinbot/<image>-<tag>).',
      ),

    /** Labels put on the app's PRs; missing labels are created. */
    labels: z
      .array(label)
      .default(() => ['dependencies', 'docker'])
      .readonly()
      .describe('Labels the GitHub App adds to its pull requests; labels that do not exist yet are created.'),

    /** Users asked to review each PR. */
    reviewers: z
      .array(login)
      .default(() => [])
      .readonly()
      .describe('GitHub logins the GitHub App requests reviews from on each pull request, e.g. "octocat".'),

    /** Teams asked to review each PR. */
    teamReviewers: z
      .array(teamSlug)
      .default(() => [])
      .readonly()
      .describe('Slugs of teams in the repository\'s organisation that the GitHub App requests reviews from, e.g. "platform-team".'),

    /** Users assigned to each PR. */
    assignees: z
      .array(login)
      .default(() => [])
      .readonly()
      .describe('GitHub logins the GitHub App assigns to each pull request.'),

    /** At most this many app PRs open at once in the repository. */
    openPullRequestsLimit: z
      .int()
      .min(0, { error: 'must be 0 or more (0 stops the GitHub App from opening pull requests)' })
      .default(10)
      .describe('The most pull requests the GitHub App keeps open in this repository at once; 0 opens none.'),

    /** Start of PR titles and commit messages. */
    commitMessagePrefix: z
      .string()
      .max(100, { error: 'the prefix may be at most 100 characters long' })
      .refine((value) => !/[\r\n]/.test(value), { error: 'the prefix must be a single line' })
      .default('chore(deps)')
      .describe(
        'What pull request titles and commit messages start with, followed by ": ", ' +
          'e.g. "chore(deps): update node:22-slim digest to 1a2b3c4". An empty string leaves the prefix out.',
      ),

    /** When the app may open or update PRs; scans run regardless. */
    schedule: z
      .array(scheduleEntry)
      .default(() => [])
      .readonly()
      .describe(
        'When the GitHub App may open or update pull requests, as a list of entries such as "every weekday", ' +
          '"on monday and friday", "before 6am", "after 10pm and before 5am" or "before 6am on monday"; any matching ' +
          'entry allows it. Times are 6am, 6:30pm or 18:00 in the configured timezone. Empty: any time. ' +
          'Scans still run outside the schedule.',
      ),

    /** The time zone `schedule` is read in. */
    timezone: timezone
      .default(DEFAULT_TIMEZONE)
      .describe('IANA time zone the schedule is read in, e.g. "Europe/Berlin"; daylight saving time is followed.'),

    /** Whether forks are scanned by the app at all. */
    forks: z
      .boolean()
      .default(false)
      .describe(
        'Whether the GitHub App scans this repository when it is a fork. Off by default: forks are skipped by ' +
          'the scheduler and by installation scans.',
      ),

    /** When an open PR's branch is rebuilt on the current default branch. */
    rebaseWhen: z
      .enum(['base-moved', 'conflicted'])
      .default('base-moved')
      .describe(
        'When the GitHub App rebuilds an open pull request\'s branch on the current default branch: "base-moved" ' +
          'whenever the default branch moved; "conflicted" only when a file the pull request edits changed there.',
      ),

    /** Whether the App proposes pinning tag-only images, and what `pin` leaves alone (issue 10). */
    pin,

    /** What every image reference must satisfy (`pinbot verify`, the `pinbot / policy` check run); issue 14. */
    policy: policy.optional().describe(POLICY_DESCRIPTION),

    /** Tags whose digest should never move; a move is flagged (issue 12). */
    immutableTags: z
      .array(tagPattern)
      .max(50, { error: 'at most 50 patterns' })
      .default(() => [...DEFAULT_IMMUTABLE_TAGS])
      .readonly()
      .describe(
        'RE2 regular expressions (matched anywhere in the tag; anchor with ^ and $) for tags that look immutable. ' +
          'When such a tag points to a new digest, pinbot warns "immutable-looking tag re-pointed" in the pull ' +
          'request, labels it pinbot:tag-moved, and says so in check --explain and --json. The default matches full ' +
          'versions (1.2.3, v1.2.3-alpine), commit ids (3f2a9c1, sha-3f2a9c1) and date or build stamps ' +
          '(bookworm-20240110, build-1234); an empty list turns the warning off. RE2 has no lookarounds or backreferences.',
      ),

    /** How old a new digest must be before it is proposed (issue 12). */
    minimumReleaseAge: duration
      .default('0 days')
      .describe(
        'How long a new digest must have existed before pinbot proposes it, e.g. "3 days", "12 hours" or "1 week". ' +
          "The age counts from the image's created time, or, when the image does not say (or says something " +
          'implausible), from when pinbot first saw the digest. Held updates are listed as waiting by check and are ' +
          'not failures; a digest replaced while it waits restarts the wait from the newest one. "0 days" proposes at once.',
      ),
  })
  .describe('pinbot settings for this repository (.github/pinbot.yml). Every key is optional.');

/** The settings after validation, with every default filled in. */
export type PinbotConfig = z.output<typeof PinbotConfigSchema>;

/** What a user may write in the file: every key optional. */
export type PinbotConfigInput = z.input<typeof PinbotConfigSchema>;

/** The settings of a repository without a config file (or with an empty one). */
export const DEFAULT_CONFIG: PinbotConfig = Object.freeze(PinbotConfigSchema.parse({}));
