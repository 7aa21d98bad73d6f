import { constants, promises as fs, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

/**
 * Opens a file the way every file from a repository is read: never through a symlink, never a
 * FIFO, socket or device, and never more than a cap. Checks are made on the opened descriptor
 * (`fstat`), not on the path before opening it, so nothing can be swapped in between (issue 8,
 * finding 7: a config symlinked to `/dev/zero` grew the CLI to 3.4 GB; a FIFO hung it).
 *
 * `O_NONBLOCK` makes opening a FIFO return at once instead of waiting for a writer; it means
 * nothing for regular files, which are all this ever reads from.
 */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

export type RegularFileRefusal = 'symlink' | 'directory' | 'not-regular' | 'too-large';

export type OpenRegularOutcome =
  | { readonly kind: 'open'; readonly handle: FileHandle; readonly stats: Stats }
  | { readonly kind: 'absent' }
  | { readonly kind: 'refused'; readonly reason: RegularFileRefusal; readonly message: string }
  | { readonly kind: 'error'; readonly code: string; readonly message: string };

export type ReadRegularOutcome =
  { readonly kind: 'file'; readonly bytes: Uint8Array; readonly stats: Stats } | Exclude<OpenRegularOutcome, { kind: 'open' }>;

/** Opens `path` for reading if it is a regular file (not a symlink); the caller closes the handle. */
export async function openRegularFile(path: string): Promise<OpenRegularOutcome> {
  let handle: FileHandle;
  try {
    handle = await fs.open(path, OPEN_FLAGS);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') return { kind: 'absent' };
    // O_NOFOLLOW on a symlink: ELOOP on Linux and macOS, EMLINK on FreeBSD.
    if (code === 'ELOOP' || code === 'EMLINK') return refused('symlink', 'is a symlink; not followed');
    // Linux may refuse to open some sockets and devices at all.
    if (code === 'ENXIO' || code === 'ENODEV' || code === 'EOPNOTSUPP') return refused('not-regular', NOT_REGULAR);
    return { kind: 'error', code, message: describeCode(code) };
  }
  try {
    const stats = await handle.stat();
    if (stats.isFile()) return { kind: 'open', handle, stats };
    await handle.close();
    return stats.isDirectory() ? refused('directory', 'is a directory, not a file') : refused('not-regular', NOT_REGULAR);
  } catch (error) {
    await handle.close().catch(() => undefined);
    const code = errorCode(error);
    return { kind: 'error', code, message: describeCode(code) };
  }
}

/**
 * The whole content of a regular file of at most `maxBytes` bytes. A file that grows past the
 * cap while it is read is refused too: at most `maxBytes + 1` bytes are ever read.
 */
export async function readRegularFile(path: string, maxBytes: number): Promise<ReadRegularOutcome> {
  const opened = await openRegularFile(path);
  if (opened.kind !== 'open') return opened;
  const { handle, stats } = opened;
  try {
    if (stats.size > maxBytes) return refused('too-large', tooLarge(stats.size, maxBytes));
    const bytes = await readUpTo(handle, maxBytes + 1);
    if (bytes.length > maxBytes) return refused('too-large', tooLarge(bytes.length, maxBytes));
    return { kind: 'file', bytes, stats };
  } catch (error) {
    const code = errorCode(error);
    return { kind: 'error', code, message: describeCode(code) };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Up to `length` bytes from the start of an open file (fewer at its end). */
export async function readUpTo(handle: FileHandle, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

const NOT_REGULAR = 'is not a regular file (a FIFO, socket or device); not read';

function refused(reason: RegularFileRefusal, message: string): { kind: 'refused'; reason: RegularFileRefusal; message: string } {
  return { kind: 'refused', reason, message };
}

function tooLarge(size: number, maxBytes: number): string {
  return `${formatBytes(size)} is over the ${formatBytes(maxBytes)} limit; not read`;
}

/** `1 MiB`, `2.5 MiB (2621440 bytes)`: readable, and exact when it isn't a round number. */
function formatBytes(bytes: number): string {
  const mebibytes = bytes / (1024 * 1024);
  if (bytes >= 1024 * 1024) return Number.isInteger(mebibytes) ? `${mebibytes} MiB` : `${mebibytes.toFixed(1)} MiB (${bytes} bytes)`;
  return `${bytes} bytes`;
}

function describeCode(code: string): string {
  if (code === 'EACCES' || code === 'EPERM') return `could not be read: permission denied (${code})`;
  return `could not be read (${code})`;
}

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unknown error';
}
