import { z } from 'zod';
import { DEFAULT_INCLUDE } from '../discover/globs.js';

/**
 * The schema of `.github/pinbot.yml`: one definition gives the TypeScript type, the validation
 * (strict: a misspelt key is an error, not silently ignored), the defaults, and the descriptions
 * an editor shows. To add a setting, add one field below with a doc comment, `.describe()` text
 * and a default, so that an empty file keeps meaning "all defaults".
 */

/** A glob matched against repository-relative paths such as `docker/api/Dockerfile`. */
const glob = z
  .string()
  .min(1, { error: 'a glob must not be empty' })
  .refine((value) => !value.startsWith('/') && !value.startsWith('./'), {
    error: 'globs match paths relative to the repository root: drop the leading "/" or "./"',
  });

/** Lowercase DNS name or IPv4 address, optional port: the host part of an image reference. */
const HOST = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::[0-9]{1,5})?$/;

/** Docker Hub's other names; image references are looked up under `docker.io`, so only that key can match. */
const DOCKER_HUB_ALIASES = new Set(['index.docker.io', 'registry-1.docker.io']);

const registryHost = z
  .string()
  .regex(HOST, { error: 'expected a lowercase registry host such as "ghcr.io" or "localhost:5000", without scheme or path' })
  .refine((value) => !DOCKER_HUB_ALIASES.has(value), { error: 'write "docker.io" for Docker Hub' });

const mirrorHost = z
  .string()
  .regex(HOST, { error: 'expected a lowercase mirror host such as "mirror.gcr.io", without scheme or path' });

export const PinbotConfigSchema = z
  .strictObject({
    /** Which files to scan; replaces the built-in list when set. */
    include: z
      .array(glob)
      .min(1, { error: 'include needs at least one glob; remove the key to use the built-in list' })
      .default(() => [...DEFAULT_INCLUDE])
      .readonly()
      .describe(
        'Globs (picomatch syntax, dotfiles included) of the files to scan, relative to the repository root. ' +
          'Replaces the built-in list of Dockerfiles, Containerfiles, compose files, workflows and YAML manifests.',
      ),

    /** Files to leave alone even when `include` matches them. */
    exclude: z
      .array(glob)
      .default(() => [])
      .readonly()
      .describe(
        'Globs of files to leave alone even when include matches them. A glob that matches a directory ' +
          'excludes everything beneath it, as in .gitignore.',
      ),

    /** Whether a changed index digest alone (no platform's image changed) is worth a pull request. */
    updateOnIndexOnlyChange: z
      .boolean()
      .default(false)
      .describe(
        'Propose an update when a multi-platform index digest changed but the manifest of every platform ' +
          'stayed the same (for example, only attestations were added). Off by default: such updates change nothing that runs.',
      ),

    /** Where to ask instead of a registry, e.g. `docker.io: mirror.gcr.io` to avoid Docker Hub rate limits. */
    registryMirrors: z
      .record(registryHost, mirrorHost)
      .default(() => ({}))
      .readonly()
      .describe(
        'Maps a registry host to a mirror host that pinbot asks instead, e.g. "docker.io: mirror.gcr.io". ' +
          'Files keep naming the original registry; only the lookups go to the mirror.',
      ),
  })
  .describe('pinbot settings for this repository (.github/pinbot.yml). Every key is optional.');

/** The settings after validation, with every default filled in. */
export type PinbotConfig = z.output<typeof PinbotConfigSchema>;

/** What a user may write in the file: every key optional. */
export type PinbotConfigInput = z.input<typeof PinbotConfigSchema>;

/** The settings of a repository without a config file (or with an empty one). */
export const DEFAULT_CONFIG: PinbotConfig = Object.freeze(PinbotConfigSchema.parse({}));
