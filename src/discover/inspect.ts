import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { GlobFilter } from './globs.js';
import type { DiscoveredFile, DiscoverFileSystem, SkippedFile } from './types.js';

/** Binary sniffing reads this much, like git's own heuristic: a NUL early on means not text. */
export const BINARY_SNIFF_BYTES = 8 * 1024;

export type FileOutcome =
  { readonly found: true; readonly file: DiscoveredFile } | { readonly found: false; readonly skipped: SkippedFile };

/** Decides whether a regular file whose path matches the globs can be scanned. */
export async function inspectFile(
  fileSystem: DiscoverFileSystem,
  path: string,
  absolutePath: string,
  maxFileSize: number,
): Promise<FileOutcome> {
  const skip = (reason: SkippedFile['reason'], message: string): FileOutcome => ({
    found: false,
    skipped: { path, reason, message },
  });
  try {
    const { size } = await fileSystem.lstat(absolutePath);
    if (size > maxFileSize) {
      return skip('too-large', `${formatSize(size)} (${size} bytes) is over the ${formatSize(maxFileSize)} limit`);
    }
    const head = await fileSystem.readHead(absolutePath, BINARY_SNIFF_BYTES);
    const nul = head.indexOf(0);
    if (nul !== -1) return skip('binary', `binary file (NUL byte at byte ${nul})`);
    return { found: true, file: { path, absolutePath, size } };
  } catch (error) {
    return skip('unreadable', `could not read the file (${describeError(error)})`);
  }
}

/**
 * Symlinks are never followed: one pointing inside the root is skipped because its target is
 * scanned at its own path, and one pointing outside could expose files that are not part of the
 * repository. A link is only reported when it could have mattered: its own path matches the
 * globs, or it points to a directory that the walk would otherwise have entered.
 */
export async function inspectSymlink(
  fileSystem: DiscoverFileSystem,
  path: string,
  absolutePath: string,
  realRoot: string,
  filter: GlobFilter,
): Promise<SkippedFile | null> {
  let linkText: string;
  try {
    linkText = await fileSystem.readlink(absolutePath);
  } catch (error) {
    if (!filter.matches(path)) return null;
    return { path, reason: 'unreadable', message: `could not read the symlink (${describeError(error)})` };
  }

  const resolved = await resolveTarget(fileSystem, absolutePath, realRoot, path, linkText);
  const relevant = filter.matches(path) || (resolved.isDirectory && !filter.excludesDirectory(path));
  if (!relevant) return null;

  if (!isInside(realRoot, resolved.target)) {
    return { path, reason: 'symlink-outside-root', message: `symlink to ${linkText}, outside the root; not followed` };
  }
  const where = relative(realRoot, resolved.target).split(sep).join('/') || '.';
  const detail = resolved.problem ?? '; not followed (the target, if included, is scanned at its own path)';
  return { path, reason: 'symlink', message: `symlink to ${where}${detail}` };
}

interface ResolvedTarget {
  readonly target: string;
  readonly isDirectory: boolean;
  /** Why the link leads nowhere (missing target, loop), as a clause for the message; null when it resolves. */
  readonly problem: string | null;
}

/**
 * The real location a link leads to, through any chain of links. A dangling link (or a loop)
 * has no real location, so its text is resolved lexically against the link's real directory.
 */
async function resolveTarget(
  fileSystem: DiscoverFileSystem,
  absolutePath: string,
  realRoot: string,
  path: string,
  linkText: string,
): Promise<ResolvedTarget> {
  try {
    const target = await fileSystem.realpath(absolutePath);
    const stats = await fileSystem.stat(target);
    return { target, isDirectory: stats.isDirectory(), problem: null };
  } catch (error) {
    const linkDirectory = resolve(realRoot, dirname(path));
    const target = isAbsolute(linkText) ? resolve(linkText) : resolve(linkDirectory, linkText);
    const code = errorCode(error);
    const problem =
      code === 'ELOOP'
        ? ', a symlink loop'
        : code === 'ENOENT'
          ? ', which does not exist'
          : `, which cannot be resolved (${describeError(error)})`;
    return { target, isDirectory: false, problem };
  }
}

export function isInside(root: string, target: string): boolean {
  return target === root || target.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);
}

/** `permission denied (EACCES)`, or the error's own message when it has no errno code. */
export function describeError(error: unknown): string {
  const code = errorCode(error);
  if (code === 'EACCES' || code === 'EPERM') return `permission denied (${code})`;
  if (code === 'ENOENT') return 'it disappeared during the scan (ENOENT)';
  if (code !== undefined) return code;
  return typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/** `1 MiB`, `2.5 MiB`, `512 KiB`, `100 bytes`: readable sizes for the messages. */
export function formatSize(bytes: number): string {
  const units: [number, string][] = [
    [1024 * 1024, 'MiB'],
    [1024, 'KiB'],
  ];
  for (const [unit, name] of units) {
    if (bytes >= unit) {
      const value = bytes / unit;
      return `${Number.isInteger(value) ? value : value.toFixed(1)} ${name}`;
    }
  }
  return `${bytes} bytes`;
}
