import { promises as fs, type Stats } from 'node:fs';
import { join } from 'node:path';
import { MAX_FILE_SIZE } from '../discover/discover.js';
import { readRegularFile } from '../fs/read-regular-file.js';
import { decodeFile } from '../text/decode.js';
import { readConfigYaml, type ConfigYamlRead } from './config-yaml.js';
import { describeIssues, formatPath } from './format-issues.js';
import { PinbotConfigSchema, type PinbotConfig } from './schema.js';
import { lineAt } from './yaml-lines.js';

export type ParseConfigResult =
  | { readonly ok: true; readonly config: PinbotConfig }
  /** Each error names the file, the line when known, the key path and what is wrong. */
  | { readonly ok: false; readonly errors: readonly string[] };

export type LoadConfigResult =
  /** `source` is the config file's path relative to the root, or null when defaults were used. */
  | { readonly ok: true; readonly config: PinbotConfig; readonly source: string | null }
  | { readonly ok: false; readonly errors: readonly string[] };

/** The places a repository's config may live, relative to its root, in order of preference. */
export const CONFIG_PATHS: readonly string[] = ['.github/pinbot.yml', '.github/pinbot.yaml'];

/**
 * Parses and validates config text. `source` names the file in messages. An empty file (or one
 * with only comments) means all defaults. The YAML is read safely (`readConfigYaml`): a hostile
 * file gets an error, never a hang or a crash.
 */
export function parseConfig(yamlText: string, source: string): ParseConfigResult {
  const read = readConfigYaml(yamlText, source);
  if (!read.ok) return read;
  return validateRead(read, read.data, source);
}

/**
 * Validates `data` read from YAML by `readConfigYaml`; errors carry the line of the key or value
 * at fault. `data` is the read's own value, or part of it (the App leaves `_extends` out).
 */
export function validateRead(read: ConfigYamlRead, data: unknown, source: string): ParseConfigResult {
  const { document, lineCounter } = read;
  const parsed = PinbotConfigSchema.safeParse(data ?? {}, { reportInput: true });
  if (parsed.success) return { ok: true, config: parsed.data };

  const located = describeIssues(parsed.error.issues, PinbotConfigSchema).map((problem) => {
    const line = document === null ? undefined : lineAt(document, lineCounter, problem.path, problem.atKey);
    const where = line === undefined ? source : `${source}:${line}`;
    // A key problem is reported against the mapping that holds the key: `unknown key "x"` at the top level.
    const shown = problem.atKey ? problem.path.slice(0, -1) : problem.path;
    const prefix = shown.length === 0 ? '' : `${formatPath(shown)}: `;
    return { line: line ?? 0, text: `${where}: ${prefix}${problem.message}` };
  });
  // zod reports unknown keys after the known keys' mistakes; people fix a file top to bottom.
  return { ok: false, errors: located.sort((a, b) => a.line - b.line).map((error) => error.text) };
}

/**
 * Validates an already-parsed config object (e.g. one the GitHub config loader read and merged).
 * Errors read like parseConfig's, `source: path: message`, without a line number since the
 * YAML text is not at hand. `null`/`undefined` mean an empty file: all defaults.
 */
export function validateConfig(object: unknown, source: string): ParseConfigResult {
  const parsed = PinbotConfigSchema.safeParse(object ?? {}, { reportInput: true });
  if (parsed.success) return { ok: true, config: parsed.data };
  const errors = describeIssues(parsed.error.issues, PinbotConfigSchema).map((problem) => {
    const shown = problem.atKey ? problem.path.slice(0, -1) : problem.path;
    return shown.length === 0 ? `${source}: ${problem.message}` : `${source}: ${formatPath(shown)}: ${problem.message}`;
  });
  return { ok: false, errors };
}

/**
 * Reads `<root>/.github/pinbot.yml` (or `.yaml`). No file means defaults; both files at once
 * is an error rather than a silent choice, since edits to the ignored one would do nothing.
 *
 * The file is read like any file pinbot scans (issue 8, finding 7): a regular file inside the
 * tree, not a symlink (nor under a symlinked `.github`), FIFO or device, at most 1 MiB.
 */
export async function loadConfigFromDirectory(
  root: string,
  /** How messages name the file (the CLI shows it under the PATH when given several). */
  shownAs: (path: string) => string = (path) => path,
): Promise<LoadConfigResult> {
  const present: { path: string; bytes: Uint8Array }[] = [];
  for (const path of CONFIG_PATHS) {
    const read = await readConfigFile(root, path);
    if (read.kind === 'error') return { ok: false, errors: [`${shownAs(path)}: ${read.message}`] };
    if (read.kind === 'file') present.push({ path, bytes: read.bytes });
  }

  const [first, second] = present;
  if (first === undefined) return { ok: true, config: PinbotConfigSchema.parse({}), source: null };
  const shown = shownAs(first.path);
  if (second !== undefined) {
    return { ok: false, errors: [`${shown}: ${shownAs(second.path)} also exists; keep only one of them`] };
  }
  const decoded = decodeFile(first.bytes);
  if (!decoded.ok) return { ok: false, errors: [`${shown}: ${decoded.message}`] };
  const parsed = parseConfig(decoded.text, shown);
  return parsed.ok ? { ...parsed, source: first.path } : parsed;
}

type ReadOutcome =
  | { readonly kind: 'file'; readonly bytes: Uint8Array }
  | { readonly kind: 'absent' }
  | { readonly kind: 'error'; readonly message: string };

async function readConfigFile(root: string, path: string): Promise<ReadOutcome> {
  const absolute = join(root, ...path.split('/'));
  const read = await readRegularFile(absolute, MAX_FILE_SIZE);
  if (read.kind === 'absent') return read;
  if (read.kind === 'refused' && read.reason === 'directory') return { kind: 'error', message: 'is a directory, expected a YAML file' };
  if (read.kind === 'refused' || read.kind === 'error') return { kind: 'error', message: read.message };
  // O_NOFOLLOW guards the last component only: `.github` itself could be a symlink out of the tree.
  if (!(await isInTree(root, path, read.stats))) {
    return { kind: 'error', message: 'is reached through a symlinked directory; not followed' };
  }
  return { kind: 'file', bytes: read.bytes };
}

/**
 * Whether the file that was read is the one at `path` in the tree, with no symlink on the way.
 * Checked after reading, against the descriptor's own identity, so a directory swapped for a
 * symlink (or back) between the two is caught either way.
 */
async function isInTree(root: string, path: string, read: Stats): Promise<boolean> {
  try {
    const realRoot = await fs.realpath(root);
    const real = await fs.realpath(join(root, ...path.split('/')));
    if (real !== join(realRoot, ...path.split('/'))) return false;
    const now = await fs.stat(real);
    return now.dev === read.dev && now.ino === read.ino;
  } catch {
    return false;
  }
}
