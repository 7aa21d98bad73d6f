import { constants, promises as nodeFs, type BigIntStats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { readUpTo } from '../fs/read-regular-file.js';

/**
 * Facts about the file `update` is about to replace, all taken from its open descriptor or
 * compared against it: whether the user may write it, whether its bytes are still the ones
 * scanned, and whether the path still names that same, unchanged file.
 */

/** Permission bits plus setuid/setgid/sticky: what `chmod` accepts. */
export const MODE_BITS = 0o7777n;

/**
 * Why the user may not replace this file, or undefined when they may. A rename replaces a file
 * whatever its own permissions say (only the directory's count), so they are checked here
 * (issue 8, finding 9). `access` asks the kernel (owner, group, ACLs, a read-only mount); root
 * passes that for any file, so for root a file with no write bit at all counts as "do not edit",
 * as it does for editors.
 */
export async function writeRefusal(
  path: string,
  stats: BigIntStats,
  fileSystem: Pick<typeof nodeFs, 'access'>,
  uid: number | undefined,
): Promise<string | undefined> {
  const mode = `mode ${(stats.mode & 0o777n).toString(8).padStart(4, '0')}`;
  try {
    await fileSystem.access(path, constants.W_OK);
  } catch (error) {
    return `you may not write this file (${mode}, ${errorCode(error)}); left as it is`;
  }
  if (uid === 0 && (stats.mode & 0o222n) === 0n) return `the file is read-only (${mode}); left as it is, although pinbot runs as root`;
  return undefined;
}

/** Whether the open file holds exactly `expected` (reads at most one byte more than that). */
export async function holds(handle: FileHandle, expected: Uint8Array): Promise<boolean> {
  const bytes = await readUpTo(handle, expected.length + 1);
  return Buffer.compare(bytes, expected) === 0;
}

/** The same file (device and inode), unchanged: same size, same modification and change times. */
export function sameVersion(a: BigIntStats, b: BigIntStats): boolean {
  return sameFile(a, b) && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

export function sameFile(a: BigIntStats, b: BigIntStats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

/**
 * Gives the new file the old one's owner and mode. The owner first: changing it clears
 * setuid/setgid bits, which the mode then puts back. Returns why the owner could not be kept
 * (only root may give a file away), or undefined.
 */
export async function copyOwnerAndMode(temp: FileHandle, original: BigIntStats): Promise<string | undefined> {
  const own = await temp.stat({ bigint: true });
  if (own.uid !== original.uid || own.gid !== original.gid) {
    try {
      await temp.chown(Number(original.uid), Number(original.gid));
    } catch (error) {
      return `the file belongs to uid ${original.uid}, gid ${original.gid}, and pinbot could not keep that owner (${errorCode(error)}); left as it is`;
    }
  }
  // chmod on the handle is exact; a mode passed to open() would be reduced by the umask.
  await temp.chmod(Number(original.mode & MODE_BITS));
  return undefined;
}

export function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unknown error';
}

export function describeError(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  // Duck-typed rather than `instanceof Error`: errors from another realm (vm, workers) fail that check.
  const message = typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
  return code !== undefined && !message.includes(code) ? `${code}: ${message}` : message;
}
