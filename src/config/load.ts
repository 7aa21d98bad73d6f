import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { decodeFile } from '../text/decode.js';
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
 * with only comments) means all defaults.
 */
export function parseConfig(yamlText: string, source: string): ParseConfigResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(yamlText, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    return { ok: false, errors: document.errors.map((error) => syntaxError(error, lineCounter, source)) };
  }

  let data: unknown;
  try {
    data = document.toJS();
  } catch (error) {
    // toJS throws for an alias without an anchor, or for alias expansion beyond the yaml library's limit.
    const message = typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
    return { ok: false, errors: [`${source}: invalid YAML: ${message}`] };
  }

  const parsed = PinbotConfigSchema.safeParse(data ?? {}, { reportInput: true });
  if (parsed.success) return { ok: true, config: parsed.data };

  const errors = describeIssues(parsed.error.issues, PinbotConfigSchema).map((problem) => {
    const line = lineAt(document, lineCounter, problem.path, problem.atKey);
    const where = line === undefined ? source : `${source}:${line}`;
    // A key problem is reported against the mapping that holds the key: `unknown key "x"` at the top level.
    const shown = problem.atKey ? problem.path.slice(0, -1) : problem.path;
    const prefix = shown.length === 0 ? '' : `${formatPath(shown)}: `;
    return `${where}: ${prefix}${problem.message}`;
  });
  return { ok: false, errors };
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
 */
export async function loadConfigFromDirectory(root: string): Promise<LoadConfigResult> {
  const present: { path: string; bytes: Uint8Array }[] = [];
  for (const path of CONFIG_PATHS) {
    const read = await readIfPresent(join(root, path));
    if (read.kind === 'error') return { ok: false, errors: [`${path}: ${read.message}`] };
    if (read.kind === 'file') present.push({ path, bytes: read.bytes });
  }

  const [first, second] = present;
  if (first === undefined) return { ok: true, config: PinbotConfigSchema.parse({}), source: null };
  if (second !== undefined) {
    return { ok: false, errors: [`${first.path}: ${second.path} also exists; keep only one of them`] };
  }
  const decoded = decodeFile(first.bytes);
  if (!decoded.ok) return { ok: false, errors: [`${first.path}: ${decoded.message}`] };
  const parsed = parseConfig(decoded.text, first.path);
  return parsed.ok ? { ...parsed, source: first.path } : parsed;
}

type ReadOutcome =
  | { readonly kind: 'file'; readonly bytes: Uint8Array }
  | { readonly kind: 'absent' }
  | { readonly kind: 'error'; readonly message: string };

async function readIfPresent(path: string): Promise<ReadOutcome> {
  try {
    return { kind: 'file', bytes: await fs.readFile(path) };
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unknown error';
    if (code === 'ENOENT') return { kind: 'absent' };
    if (code === 'EISDIR') return { kind: 'error', message: 'is a directory, expected a YAML file' };
    return { kind: 'error', message: `could not be read (${code})` };
  }
}

function syntaxError(error: YAMLError, lineCounter: LineCounter, source: string): string {
  const { line, col } = lineCounter.linePos(error.pos[0]);
  const message = error.code === 'MULTIPLE_DOCS' ? 'expected a single YAML document, found a second one' : error.message;
  return `${source}:${line}:${col}: invalid YAML: ${message}`;
}
