import type { ConfigFileParser } from '../config/config-file.js';
import { validateConfig } from '../config/load.js';
import type { PinbotConfig } from '../config/schema.js';
import { redactSecrets } from '../text/secrets.js';
import { readConfigFile, type ConfigSource } from './config-file.js';
import { mergeConfigs } from './config-merge.js';
import { repoNameProblem } from './names.js';
import type { GitHubClient, RepoRef } from './types.js';

/**
 * A repository's `.github/pinbot.yml`, with the conventions of Probot's config loader: the
 * repository's own file, else the owner's `.github` repository's file, plus whatever `_extends`
 * names. Read by pinbot itself rather than by Probot's plugin, whose YAML parse (quadratic
 * duplicate-key checks, no size cap) ran on the event loop (issue 8). `_extends` may only name
 * repositories of the same owner: another owner's file would let that owner steer which pull
 * requests the app opens here; such a file is never even read.
 */

export const APP_CONFIG_PATH = '.github/pinbot.yml';

export type { ConfigSource };

export type RepoConfigResult =
  | { readonly ok: true; readonly config: PinbotConfig; readonly files: readonly ConfigSource[] }
  /** Each error starts with the file (`.github/pinbot.yml`, or `acme/.github:.github/pinbot.yml` for another repository). */
  | { readonly ok: false; readonly errors: readonly string[] };

export interface RepoConfigOptions {
  /** Where to read the repository's own file (a branch or a sha); default its default branch. */
  readonly branch?: string;
  /** `.github/pinbot.yaml` when the repository spells it so (the CLI reads both spellings too). */
  readonly path?: string;
  /** Parses one file off the event loop (`configFileParserIn` the App's pool). */
  readonly parse: ConfigFileParser;
}

/** An `_extends` chain longer than this is a mistake (or a loop through many names), not a setup. */
export const MAX_EXTENDS_HOPS = 10;

/** `repo`, `owner/repo`, `repo:path.yml` or `owner/repo:path.yml`, as Probot's config loader reads `_extends`. */
const EXTENDS = /^(?:([a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38})\/)?([-_.\w]+)(?::([-_./\w]+\.ya?ml))?$/i;

/**
 * Loads, merges (lists replace, mappings merge) and validates the config at `branch`. No file
 * anywhere means all defaults. Invalid YAML or settings (each file checked with its line numbers),
 * a cross-owner `_extends` or a loop come back as `ok: false` with errors for a check run; a
 * failed request throws a GitHubError so the caller writes nothing (fail closed).
 *
 * Cost: 1 request when the repository has the file; 2 when it falls back to the owner's
 * `.github` repository; +1 per `_extends` hop.
 */
export async function loadRepoConfig(octokit: GitHubClient, repo: RepoRef, options: RepoConfigOptions): Promise<RepoConfigResult> {
  const path = options.path ?? APP_CONFIG_PATH;
  const read = (file: ConfigSource, ref?: string) =>
    readConfigFile(octokit, { ...file, ...(ref === undefined ? {} : { ref }) }, sourceName(file, repo), options.parse);

  let current: ConfigSource = { owner: repo.owner, repo: repo.repo, path };
  let file = await read(current, options.branch);
  if (file.kind === 'missing' && repo.repo.toLowerCase() !== '.github') {
    current = { owner: repo.owner, repo: '.github', path };
    file = await read(current);
  }
  const present: Array<{ source: ConfigSource; data: Record<string, unknown> | null }> = [];
  for (let hops = 0; ; hops++) {
    if (file.kind === 'invalid') return { ok: false, errors: file.errors };
    if (file.kind === 'missing') break;
    present.push({ source: current, data: file.data });
    if (file.extendsValue === undefined || file.extendsValue === null) break;
    const from = sourceName(current, repo);
    const target = extendsTarget(file.extendsValue, repo.owner, path);
    if (typeof target === 'string') return { ok: false, errors: [`${from}: _extends: ${target}`] };
    if (target.owner.toLowerCase() !== repo.owner.toLowerCase()) {
      return {
        ok: false,
        errors: [`${from}: _extends: ${describe(target)} belongs to another owner; only repositories of ${repo.owner} can be extended`],
      };
    }
    if (present.some(({ source }) => sameFile(source, target))) {
      return { ok: false, errors: [`${from}: _extends: ${describe(target)} was already read: the files extend each other in a loop`] };
    }
    if (hops >= MAX_EXTENDS_HOPS)
      return { ok: false, errors: [`${from}: _extends: more than ${MAX_EXTENDS_HOPS} files extend each other`] };
    current = target;
    file = await read(current);
  }

  const merged = validateConfig(
    mergeConfigs(present.map(({ data }) => data).reverse()),
    present[0] === undefined ? path : sourceName(present[0].source, repo),
  );
  if (!merged.ok) return merged;
  return { ok: true, config: merged.config, files: present.map(({ source }) => source) };
}

/** Where `_extends` points, or what is wrong with it. */
function extendsTarget(value: unknown, owner: string, path: string): ConfigSource | string {
  const match = typeof value === 'string' ? EXTENDS.exec(value) : null;
  if (match === null) {
    const shown = redactSecrets(JSON.stringify(value) ?? String(value), 80);
    return `invalid value ${shown}; expected "repo", "owner/repo" or "repo:path.yml"`;
  }
  const [, targetOwner, targetRepo = '', targetPath] = match;
  // The name becomes a URL segment: `..` would step outside `/repos/` (issue 8, finding 12).
  const problem = repoNameProblem(targetRepo);
  if (problem !== undefined) return `repository ${JSON.stringify(targetRepo)} ${problem}`;
  return { owner: targetOwner ?? owner, repo: targetRepo, path: targetPath ?? path };
}

/** `.github/pinbot.yml` for the repository itself, `acme/.github:.github/pinbot.yml` for another. */
function sourceName(file: ConfigSource, repo: RepoRef): string {
  const same = file.owner.toLowerCase() === repo.owner.toLowerCase() && file.repo.toLowerCase() === repo.repo.toLowerCase();
  return same ? file.path : describe(file);
}

const describe = (file: ConfigSource): string => `${file.owner}/${file.repo}:${file.path}`;

/** GitHub logins and repository names are case-insensitive; paths are not. */
function sameFile(a: ConfigSource, b: ConfigSource): boolean {
  return a.owner.toLowerCase() === b.owner.toLowerCase() && a.repo.toLowerCase() === b.repo.toLowerCase() && a.path === b.path;
}
