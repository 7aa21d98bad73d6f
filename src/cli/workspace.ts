import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { loadConfigFromDirectory } from '../config/load.js';
import type { PinbotConfig } from '../config/schema.js';
import { discoverFiles, type SkippedFile } from '../discover/discover.js';
import type { SourceFile } from '../scan/scan-sources.js';
import { UsageError } from './io.js';

/** One PATH argument made ready to scan: its files (paths relative to it) and its config. */
export interface Workspace {
  /** Absolute directory the relative file paths start from. */
  readonly root: string;
  readonly config: PinbotConfig;
  readonly files: SourceFile[];
  readonly skippedFiles: SkippedFile[];
}

/**
 * Opens each PATH: a directory is discovered with its own `.github/pinbot.yml`; a file is
 * scanned as named, whatever its name (the user asked for it). Unreadable PATHs and invalid
 * configs are usage errors: nothing is scanned with a config the user didn't mean.
 */
export async function openWorkspaces(paths: readonly string[], cwd: string): Promise<Workspace[]> {
  const targets = paths.length > 0 ? paths : ['.'];
  const workspaces: Workspace[] = [];
  for (const target of targets) workspaces.push(await openWorkspace(path.resolve(cwd, target), target));
  return workspaces;
}

async function openWorkspace(absolute: string, asGiven: string): Promise<Workspace> {
  const info = await stat(absolute).catch(() => undefined);
  if (info === undefined) throw new UsageError(`cannot read ${asGiven}: no such file or directory`);
  if (info.isFile()) {
    const root = path.dirname(absolute);
    const loaded = await loadConfig(root);
    return { root, config: loaded, files: [fileAt(root, path.basename(absolute))], skippedFiles: [] };
  }
  if (!info.isDirectory()) throw new UsageError(`cannot read ${asGiven}: not a file or directory`);
  const config = await loadConfig(absolute);
  const discovered = await discoverFiles(absolute, { include: config.include, exclude: config.exclude });
  return {
    root: absolute,
    config,
    files: discovered.files.map((file) => fileAt(absolute, file.path)),
    skippedFiles: discovered.skipped,
  };
}

async function loadConfig(root: string): Promise<PinbotConfig> {
  const loaded = await loadConfigFromDirectory(root);
  if (!loaded.ok) throw new UsageError(`invalid configuration: ${loaded.errors.join('; ')}`);
  return loaded.config;
}

function fileAt(root: string, relativePath: string): SourceFile {
  return { path: relativePath, read: () => readFile(path.join(root, ...relativePath.split('/'))) };
}
