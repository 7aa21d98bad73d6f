import { validateConfig } from '../config/load.js';
import type { PinbotConfig } from '../config/schema.js';
import { mergeConfigs } from './config-merge.js';
import { oneLine, toGitHubError } from './errors.js';
import { RouteRefusedError } from './route-guard.js';
import type { GitHubClient, RepoRef } from './types.js';

/**
 * A repository's `.github/pinbot.yml` through Probot's config loader: the repository's own file,
 * else the owner's `.github` repository's file, plus whatever `_extends` names. `_extends` may
 * only name repositories of the same owner: another owner's file would let that owner steer
 * which pull requests the app opens here.
 */

export const APP_CONFIG_PATH = '.github/pinbot.yml';

/** A file that contributed to the config. */
export interface ConfigSource {
  readonly owner: string;
  readonly repo: string;
  readonly path: string;
}

export type RepoConfigResult =
  | { readonly ok: true; readonly config: PinbotConfig; readonly files: readonly ConfigSource[] }
  /** Each error starts with the file (`.github/pinbot.yml`, or `acme/.github:.github/pinbot.yml` for another repository). */
  | { readonly ok: false; readonly errors: readonly string[] };

const PLUGIN_PREFIX = '[@probot/octokit-plugin-config] ';

/**
 * Loads, merges (lists replace, mappings merge) and validates the config at `branch` (default:
 * the default branch; a PR's head sha works too). No file anywhere means all defaults. Invalid
 * YAML, invalid settings or a cross-owner `_extends` come back as `ok: false` with errors for a
 * check run; a failed request throws a GitHubError so the caller writes nothing (fail closed).
 *
 * Cost: 1 request when the repository has the file; 2 when it falls back to the owner's
 * `.github` repository; +1 per `_extends` hop.
 */
export async function loadRepoConfig(
  octokit: GitHubClient,
  repo: RepoRef,
  options: { readonly branch?: string; readonly path?: string } = {},
): Promise<RepoConfigResult> {
  let loaded;
  try {
    loaded = await octokit.config.get({
      owner: repo.owner,
      repo: repo.repo,
      // `.github/pinbot.yaml` when the repository spells it so (the CLI reads both spellings too).
      path: options.path ?? APP_CONFIG_PATH,
      ...(options.branch === undefined ? {} : { branch: options.branch }),
      defaults: (configs) => mergeConfigs(configs),
    });
  } catch (error) {
    return loaderFailure(error, repo);
  }

  const files = loaded.files;
  const foreign = files.findIndex((file) => !sameOwner(file.owner, repo.owner));
  if (foreign !== -1) {
    const target = files[foreign] as ConfigSource;
    const from = files[foreign - 1] ?? target;
    return { ok: false, errors: [crossOwnerError(sourceName(from, repo), target, repo)] };
  }

  const present = files.filter((file) => file.config !== null);
  const errors = present.flatMap((file) => {
    const checked = validateConfig(file.config, sourceName(file, repo));
    return checked.ok ? [] : checked.errors;
  });
  if (errors.length > 0) return { ok: false, errors };

  const merged = validateConfig(loaded.config, present[0] === undefined ? APP_CONFIG_PATH : sourceName(present[0], repo));
  if (!merged.ok) return merged;
  return { ok: true, config: merged.config, files: present.map(({ owner, repo: name, path }) => ({ owner, repo: name, path })) };
}

/** `.github/pinbot.yml` for the repository itself, `acme/.github:.github/pinbot.yml` for another. */
function sourceName(file: ConfigSource, repo: RepoRef): string {
  const same = sameOwner(file.owner, repo.owner) && file.repo.toLowerCase() === repo.repo.toLowerCase();
  return same ? file.path : `${file.owner}/${file.repo}:${file.path}`;
}

/** GitHub logins are case-insensitive. */
function sameOwner(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function crossOwnerError(from: string, target: ConfigSource, repo: RepoRef): string {
  return (
    `${from}: _extends: ${target.owner}/${target.repo}:${target.path} belongs to another owner; ` +
    `only repositories of ${repo.owner} can be extended`
  );
}

/** Sorts the loader's failures into config mistakes (returned) and request failures (thrown). */
function loaderFailure(error: unknown, repo: RepoRef): RepoConfigResult {
  const fields = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const url = (fields.request as { url?: unknown } | undefined)?.url;
  if (typeof fields.status === 'number' && typeof url === 'string') {
    const file = contentsFile(url);
    // A file of another owner can only have been asked for because of an `_extends`.
    if (file !== undefined && !sameOwner(file.owner, repo.owner)) {
      return { ok: false, errors: [crossOwnerError(APP_CONFIG_PATH, file, repo)] };
    }
    throw toGitHubError(error);
  }
  // Only an `_extends` chooses other names than the repository's own (which were checked before).
  if (error instanceof RouteRefusedError) return { ok: false, errors: [`${APP_CONFIG_PATH}: _extends: ${error.problem}`] };
  if (!(error instanceof Error) || !error.message.startsWith(PLUGIN_PREFIX)) {
    throw toGitHubError(error, APP_CONFIG_PATH);
  }
  return { ok: false, errors: [describePluginError(error, repo)] };
}

/** The loader's own errors name API URLs; say which file and what is wrong in the user's terms. */
function describePluginError(error: Error, repo: RepoRef): string {
  const message = error.message.slice(PLUGIN_PREFIX.length);
  const urls = [...message.matchAll(/\S+\/repos\/[^/\s]+\/[^/\s]+\/contents\/[^\s?]+(?:\?\S*)?/g)].map((match) => match[0]);
  const first = urls[0] === undefined ? undefined : contentsFile(urls[0]);
  const source = first === undefined ? APP_CONFIG_PATH : sourceName(first, repo);

  if (/\(invalid YAML\)/.test(message)) {
    const cause = error.cause as { message?: unknown; linePos?: { line: number; col: number }[] } | undefined;
    const position = cause?.linePos?.[0];
    const where = position === undefined ? source : `${source}:${position.line}:${position.col}`;
    const detail =
      typeof cause?.message === 'string' ? cause.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') : undefined;
    return `${where}: invalid YAML${detail ? `: ${oneLine(detail)}` : ''}`;
  }
  if (/YAML is not an object/.test(message)) return `${source}: expected a mapping of settings, got a single value`;
  if (/is either a directory or a submodule/.test(message)) return `${source}: is a directory or a submodule, expected a YAML file`;
  const invalidExtends = /^Invalid value (.+) for _extends in /.exec(message);
  if (invalidExtends) {
    return `${source}: _extends: invalid value ${invalidExtends[1]}; expected "repo", "owner/repo" or "repo:path.yml"`;
  }
  let readable = message;
  for (const url of urls) {
    const file = contentsFile(url);
    if (file !== undefined) readable = readable.replace(url, sourceName(file, repo));
  }
  return `${source}: ${oneLine(readable)}`;
}

/** The file behind a `…/repos/{owner}/{repo}/contents/{path}` API URL. */
function contentsFile(url: string): ConfigSource | undefined {
  const match = /\/repos\/([^/\s]+)\/([^/\s]+)\/contents\/([^\s?]+)/.exec(url);
  if (match === null) return undefined;
  const [, owner = '', name = '', path = ''] = match;
  try {
    return { owner: decodeURIComponent(owner), repo: decodeURIComponent(name), path: decodeURIComponent(path) };
  } catch {
    return undefined;
  }
}
