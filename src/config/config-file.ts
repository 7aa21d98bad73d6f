import { readConfigYaml } from './config-yaml.js';
import { validateRead } from './load.js';

/** A config file's settings as written (no defaults), ready to merge with the files it extends. */
export type ConfigFileParse =
  /**
   * `data`: the file's mapping without `_extends`, or null for an empty file. `extendsValue`:
   * what `_extends` said (undefined when absent), checked by the loader that follows it.
   */
  | { readonly ok: true; readonly data: Record<string, unknown> | null; readonly extendsValue: unknown }
  /** Each error names the file and, when known, the line: ready for a check run. */
  | { readonly ok: false; readonly errors: readonly string[] };

/** Parses one config file somewhere the event loop does not wait on it (the App's pool). */
export type ConfigFileParser = (text: string, source: string) => Promise<ConfigFileParse>;

/**
 * One config file of the App's chain (the repository's own, the owner's `.github` default, an
 * `_extends` target): read with `readConfigYaml` like the CLI's, and validated on its own with
 * line numbers, so a mistake is reported against the file and line that hold it rather than
 * against the merged result. Pure; the App runs it in a worker (`config-worker.ts`): a 1 MiB
 * file takes a second or more to compose, far past what the event loop may wait (issue 8).
 */
export function parseConfigFile(text: string, source: string): ConfigFileParse {
  const read = readConfigYaml(text, source);
  if (!read.ok) return read;
  if (read.data === null) return { ok: true, data: null, extendsValue: undefined };
  if (typeof read.data !== 'object' || Array.isArray(read.data)) {
    return {
      ok: false,
      errors: [`${source}: expected a mapping of settings, got ${Array.isArray(read.data) ? 'a list' : 'a single value'}`],
    };
  }
  const { _extends: extendsValue, ...settings } = read.data as Record<string, unknown>;
  const checked = validateRead(read, settings, source);
  if (!checked.ok) return checked;
  return { ok: true, data: settings, extendsValue };
}
