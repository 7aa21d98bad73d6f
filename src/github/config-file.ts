import type { ConfigFileParser } from '../config/config-file.js';
import { MAX_CONFIG_BYTES } from '../config/config-yaml.js';
import { decodeFile } from '../text/decode.js';
import { GitHubError } from './errors.js';
import { getRaw } from './raw-content.js';
import type { GitHubClient } from './types.js';

/** A config file in some repository: the App's own, the owner's `.github`, an `_extends` target. */
export interface ConfigSource {
  readonly owner: string;
  readonly repo: string;
  readonly path: string;
}

export type ConfigFileRead =
  | { readonly kind: 'missing' }
  | { readonly kind: 'file'; readonly data: Record<string, unknown> | null; readonly extendsValue: unknown }
  /** Each error names the file (`source`), ready for a check run. */
  | { readonly kind: 'invalid'; readonly errors: readonly string[] };

/**
 * Reads one config file the way the CLI reads its own (issue 8): raw bytes through the contents
 * API, at most 1 MiB (the rest is never read), strict UTF-8, then `parse` (the App's worker
 * pool) for the YAML and the settings. `ref` undefined means the default branch. A request that
 * fails throws a GitHubError, so the caller writes nothing; 404 means there is no such file.
 *
 * Cost: 1 request.
 */
export async function readConfigFile(
  octokit: GitHubClient,
  file: ConfigSource & { readonly ref?: string },
  source: string,
  parse: ConfigFileParser,
): Promise<ConfigFileRead> {
  const parameters = { owner: file.owner, repo: file.repo, path: file.path, ...(file.ref === undefined ? {} : { ref: file.ref }) };
  let answer;
  try {
    answer = await getRaw(octokit, 'GET /repos/{owner}/{repo}/contents/{path}', parameters, MAX_CONFIG_BYTES);
  } catch (error) {
    if (error instanceof GitHubError && error.status === 404) return { kind: 'missing' };
    throw error;
  }
  if (answer.kind === 'not-a-file') return invalid(`${source}: is a directory or a submodule, expected a YAML file`);
  if (answer.kind === 'too-large') {
    return invalid(`${source}: the file is larger than the ${MAX_CONFIG_BYTES.toLocaleString('en-US')} bytes a config file may have`);
  }
  const decoded = decodeFile(answer.bytes);
  if (!decoded.ok) return invalid(`${source}: ${decoded.message}`);
  const parsed = await parse(decoded.text, source);
  return parsed.ok ? { kind: 'file', data: parsed.data, extendsValue: parsed.extendsValue } : { kind: 'invalid', errors: parsed.errors };
}

const invalid = (error: string): ConfigFileRead => ({ kind: 'invalid', errors: [error] });
