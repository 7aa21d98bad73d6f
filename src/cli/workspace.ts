import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { loadConfigFromDirectory } from '../config/load.js';
import type { PinbotConfig } from '../config/schema.js';
import { DiscoverRootError, discoverFiles, MAX_FILE_SIZE, type DiscoverFileSystem, type SkippedFile } from '../discover/discover.js';
import { nodeFileSystem } from '../discover/file-system.js';
import { readRegularFile } from '../fs/read-regular-file.js';
import type { SourceFile } from '../scan/scan-sources.js';
import { UsageError } from './io.js';

/** One PATH argument made ready to scan: its files (paths relative to it) and its config. */
export interface Workspace {
  /** Absolute directory the relative file paths start from. */
  readonly root: string;
  /**
   * How a path relative to `root` is shown. With one PATH, as it is (relative to that PATH);
   * with several, behind the PATH as given (`services/api/Dockerfile`), so two trees that both
   * have a `Dockerfile` never print the same row.
   */
  readonly displayPath: (relativePath: string) => string;
  readonly config: PinbotConfig;
  readonly files: SourceFile[];
  readonly skippedFiles: SkippedFile[];
}

/**
 * Opens each PATH: a directory is discovered with its own `.github/pinbot.yml`; a file is
 * scanned as named, whatever its name (the user asked for it). Unreadable PATHs and invalid
 * configs are usage errors: nothing is scanned with a config the user didn't mean.
 */
export async function openWorkspaces(
  paths: readonly string[],
  cwd: string,
  fileSystem: DiscoverFileSystem = nodeFileSystem,
): Promise<Workspace[]> {
  const targets = paths.length > 0 ? paths : ['.'];
  const workspaces: Workspace[] = [];
  // PATHs may overlap (`pinbot update . deploy`): each file belongs to the first PATH that
  // covers it, so it is reported once and written once, not rewritten from a stale scan.
  const claimed = new Set<string>();
  const unclaimed = (root: string, relativePath: string): boolean => {
    const absolute = path.join(root, ...relativePath.split('/'));
    if (claimed.has(absolute)) return false;
    claimed.add(absolute);
    return true;
  };
  for (const target of targets) {
    const workspace = await openWorkspace(path.resolve(cwd, target), target, targets.length > 1, fileSystem);
    workspaces.push({
      ...workspace,
      files: workspace.files.filter((file) => unclaimed(workspace.root, file.path)),
      skippedFiles: workspace.skippedFiles.filter((file) => unclaimed(workspace.root, file.path)),
    });
  }
  return workspaces;
}

async function openWorkspace(
  absolute: string,
  asGiven: string,
  several: boolean,
  fileSystem: DiscoverFileSystem,
): Promise<Omit<Workspace, 'files' | 'skippedFiles'> & Pick<Workspace, 'files' | 'skippedFiles'>> {
  const info = await stat(absolute).catch(() => undefined);
  if (info === undefined) throw new UsageError(`cannot read ${asGiven}: no such file or directory`);
  if (info.isFile()) {
    const root = path.dirname(absolute);
    const displayPath = displayUnder(several ? path.dirname(asGiven) : undefined);
    const loaded = await loadConfig(root, displayPath);
    // A file the user named is read even through a symlink they named; still never a FIFO, nor over the cap.
    const real = await realpath(absolute);
    return {
      root,
      displayPath,
      config: loaded,
      files: [{ ...fileAt(root, path.basename(absolute)), read: () => readCandidate(real) }],
      skippedFiles: [],
    };
  }
  if (!info.isDirectory()) throw new UsageError(`cannot read ${asGiven}: not a file or directory`);
  const displayPath = displayUnder(several ? asGiven : undefined);
  const config = await loadConfig(absolute, displayPath);
  const discovered = await discoverFiles(absolute, { include: config.include, exclude: config.exclude, fileSystem }).catch(
    (error: unknown) => {
      // The PATH itself can't be walked (no read permission, gone meanwhile): a user error, not a crash.
      if (!(error instanceof DiscoverRootError)) throw error;
      const reason = error.message.startsWith(`${absolute}: `) ? error.message.slice(absolute.length + 2) : error.message;
      throw new UsageError(`cannot read ${asGiven}: ${reason}`);
    },
  );
  return {
    root: absolute,
    displayPath,
    config,
    files: discovered.files.map((file) => fileAt(absolute, file.path)),
    skippedFiles: discovered.skipped,
  };
}

/** One line per mistake, in file order, each naming the config file as the rows name files. */
async function loadConfig(root: string, displayPath: (relativePath: string) => string): Promise<PinbotConfig> {
  const loaded = await loadConfigFromDirectory(root, displayPath);
  if (!loaded.ok) throw new UsageError(loaded.errors.map((error) => `invalid configuration: ${error}`).join('\n'));
  return loaded.config;
}

/** `prefix/relative` with `/` separators, `./` and `..` folded; no prefix: the path as it is. */
function displayUnder(prefix: string | undefined): (relativePath: string) => string {
  if (prefix === undefined) return (relativePath) => relativePath;
  const base = prefix.split(path.sep).join('/');
  return (relativePath) => path.posix.join(base, relativePath);
}

/**
 * Paths are shown relative to the PATH given, but the scanner is chosen by the whole path: a
 * workflow named by `pinbot refs .github/workflows/ci.yml` (shown as `ci.yml`) is still a workflow.
 */
function fileAt(root: string, relativePath: string): SourceFile {
  const absolute = path.join(root, ...relativePath.split('/'));
  return { path: relativePath, kindPath: absolute.split(path.sep).join('/'), read: () => readCandidate(absolute) };
}

/**
 * Discovery checked the file, but it may have been swapped since (for a symlink, a FIFO, a huge
 * file): it is opened without following links, checked on the descriptor, and capped again.
 */
async function readCandidate(absolute: string): Promise<Uint8Array> {
  const read = await readRegularFile(absolute, MAX_FILE_SIZE);
  if (read.kind === 'file') return read.bytes;
  throw new Error(read.kind === 'absent' ? 'it disappeared after it was found (ENOENT)' : read.message);
}
