import pLimit from 'p-limit';
import { resolve } from 'node:path';
import { nodeFileSystem } from './file-system.js';
import { compileGlobs } from './globs.js';
import { describeError, inspectFile, inspectSymlink } from './inspect.js';
import type { DiscoveredFile, DiscoverFileSystem, DiscoverOptions, DiscoverResult, SkippedFile } from './types.js';

export type { DiscoveredFile, DiscoverFileSystem, DiscoverOptions, DiscoverResult, SkippedFile } from './types.js';

/** Files above this size are not image manifests anyone edits by hand; reading them would only cost time. */
export const MAX_FILE_SIZE = 1024 * 1024;

/**
 * Directories never entered, at any depth: version control metadata and installed packages hold
 * copies of other people's files, never the repository's own pins.
 */
export const IGNORED_DIRECTORIES: ReadonlySet<string> = new Set(['.git', '.hg', '.svn', '.bzr', '_darcs', 'CVS', 'node_modules']);

/** File checks (lstat, open, read a few KiB) in flight at once: enough to keep the thread pool busy. */
const INSPECT_CONCURRENCY = 32;

/** The root itself cannot be walked; the message names it and says why. */
export class DiscoverRootError extends Error {
  override readonly name = 'DiscoverRootError';
}

/**
 * Lists the files under `root` that match the include globs and no exclude glob, and reports the
 * matching paths that cannot be scanned (symlinks, oversized, binary, unreadable). Excluded
 * paths are dropped silently, and an excluded directory is not entered at all.
 *
 * The walk keeps its own stack of directories instead of recursing, so depth is bounded by
 * memory, not by the call stack. Results are sorted so runs are reproducible.
 */
export async function discoverFiles(root: string, options: DiscoverOptions): Promise<DiscoverResult> {
  const fileSystem = options.fileSystem ?? nodeFileSystem;
  const maxFileSize = options.maxFileSize ?? MAX_FILE_SIZE;
  const filter = compileGlobs(options.include, options.exclude);
  const absoluteRoot = resolve(root);
  const realRoot = await checkRoot(root, absoluteRoot, fileSystem);

  const files: DiscoveredFile[] = [];
  const skipped: SkippedFile[] = [];
  const pending: string[] = [''];

  for (let directory = pending.pop(); directory !== undefined; directory = pending.pop()) {
    let entries;
    try {
      entries = await fileSystem.readDirectory(resolve(absoluteRoot, directory));
    } catch (error) {
      if (directory === '') throw new DiscoverRootError(`${root}: could not list the directory (${describeError(error)})`);
      skipped.push({ path: directory, reason: 'unreadable', message: `could not list the directory (${describeError(error)})` });
      continue;
    }

    const checks: Array<() => Promise<DiscoveredFile | SkippedFile | null>> = [];
    for (const entry of entries) {
      if (IGNORED_DIRECTORIES.has(entry.name)) continue;
      const path = directory === '' ? entry.name : `${directory}/${entry.name}`;
      const absolutePath = resolve(absoluteRoot, path);

      if (entry.isDirectory()) {
        if (!filter.excludesDirectory(path)) pending.push(path);
      } else if (entry.isSymbolicLink()) {
        checks.push(() => inspectSymlink(fileSystem, path, absolutePath, realRoot, filter));
      } else if (!filter.matches(path)) {
        continue;
      } else if (entry.isFile()) {
        checks.push(async () => {
          const outcome = await inspectFile(fileSystem, path, absolutePath, maxFileSize);
          return outcome.found ? outcome.file : outcome.skipped;
        });
      } else {
        // A FIFO named Dockerfile would block a read forever; sockets and devices are no better.
        skipped.push({ path, reason: 'unreadable', message: 'not a regular file (a FIFO, socket or device)' });
      }
    }
    for (const outcome of await pLimit(INSPECT_CONCURRENCY).map(checks, (check) => check())) {
      if (outcome === null) continue;
      if ('reason' in outcome) skipped.push(outcome);
      else files.push(outcome);
    }
  }

  return { files: files.sort(byPath), skipped: skipped.sort(byPath) };
}

/** The root's real path, used to tell whether a symlink leads outside it. */
async function checkRoot(root: string, absoluteRoot: string, fileSystem: DiscoverFileSystem): Promise<string> {
  let realRoot: string;
  let isDirectory: boolean;
  try {
    realRoot = await fileSystem.realpath(absoluteRoot);
    isDirectory = (await fileSystem.stat(realRoot)).isDirectory();
  } catch (error) {
    const missing = typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
    throw new DiscoverRootError(missing ? `${root}: no such directory` : `${root}: cannot be scanned (${describeError(error)})`);
  }
  if (!isDirectory) throw new DiscoverRootError(`${root}: not a directory`);
  return realRoot;
}

/** Code unit order: the same on every machine, unlike `localeCompare`. */
function byPath(a: { readonly path: string }, b: { readonly path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
