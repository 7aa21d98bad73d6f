import { randomBytes } from 'node:crypto';
import { constants, promises as nodeFs, type BigIntStats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { openRegularFile } from '../fs/read-regular-file.js';
import { copyOwnerAndMode, describeError, holds, sameFile, sameVersion, writeRefusal } from './target-file.js';
import { trackTempFile } from './temp-files.js';

export type ReplaceOutcome =
  | { readonly kind: 'written' }
  /** Someone else changed the file since it was scanned: it is left as they made it. */
  | { readonly kind: 'changed'; readonly message: string }
  /** The file is not one pinbot may replace (a symlink, a FIFO, read-only, an owner it can't keep). */
  | { readonly kind: 'refused'; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string };

/** The file operations the writer needs; injectable so tests can make one of them fail. */
export type ReplaceFs = Pick<typeof nodeFs, 'access' | 'lstat' | 'open' | 'rename' | 'unlink'>;

export interface ReplaceOptions {
  readonly fileSystem?: ReplaceFs;
  /** Runs once the temporary file is complete, just before the last checks: a test seam for concurrent edits. */
  readonly afterTempWritten?: (path: string) => Promise<void> | void;
  /** The user pinbot runs as; `process.getuid()` by default (undefined on Windows). */
  readonly uid?: number;
}

const TEMP_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/**
 * Replaces a file whose content must still be `expected` with `next`, so that readers see the
 * old or the new file, never half of one, and no one's edit is lost (issue 8, finding 9):
 *
 * 1. The file is opened without following symlinks or blocking (a FIFO swapped in is refused at
 *    once), checked on its descriptor to be a regular file the user may write, and its bytes
 *    compared with what was scanned.
 * 2. `next` goes to a temporary file in the same directory (same file system, so the rename is
 *    atomic) with the original's owner and mode, flushed to disk.
 * 3. Last checks, immediately before the rename: the bytes are read again through the same
 *    descriptor, its inode, size, mtime and ctime compared with step 1, and the path must still
 *    name that inode. An edit made at any moment up to here (an append while the temporary file
 *    existed, an editor saving by rename, a symlink or FIFO put in its place) leaves the file as
 *    the other writer made it, and is reported.
 * 4. The rename. What remains is the instant between the last check and the rename: a write in
 *    that window goes to the replaced copy. It is detected afterwards (the old inode changed) and
 *    reported, but that write is not in the file.
 *
 * On every failure the temporary file is removed, and the target is untouched.
 */
export async function replaceFileIfUnchanged(
  path: string,
  expected: Uint8Array,
  next: Uint8Array,
  options: ReplaceOptions = {},
): Promise<ReplaceOutcome> {
  const fileSystem = options.fileSystem ?? nodeFs;
  const opened = await openRegularFile(path);
  if (opened.kind === 'absent') return { kind: 'changed', message: 'the file disappeared while pinbot was running; not created again' };
  if (opened.kind === 'refused') return { kind: 'refused', message: `${refusalText(opened.reason)}; refusing to replace it` };
  if (opened.kind === 'error') return { kind: 'failed', message: `the file ${opened.message}` };
  const { handle } = opened;
  try {
    const before = await handle.stat({ bigint: true });
    const refusal = await writeRefusal(path, before, fileSystem, options.uid ?? process.getuid?.());
    if (refusal !== undefined) return { kind: 'refused', message: refusal };
    if (!(await holds(handle, expected))) return CHANGED;
    return await writeAndRename(path, handle, before, expected, next, { ...options, fileSystem });
  } catch (error) {
    return { kind: 'failed', message: `could not write the file (${describeError(error)})` };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

const CHANGED: ReplaceOutcome = { kind: 'changed', message: 'the file changed while pinbot was running; left as the other writer made it' };

async function writeAndRename(
  path: string,
  original: FileHandle,
  before: BigIntStats,
  expected: Uint8Array,
  next: Uint8Array,
  options: ReplaceOptions & { fileSystem: ReplaceFs },
): Promise<ReplaceOutcome> {
  const { fileSystem } = options;
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.pinbot-tmp`);
  const untrack = trackTempFile(temp);
  let created = false;
  let renamed = false;
  try {
    // O_EXCL fails instead of clobbering if the random name is somehow taken; 0o600 until the mode is copied.
    const handle = await fileSystem.open(temp, TEMP_FLAGS, 0o600);
    created = true;
    try {
      await handle.writeFile(next);
      const ownerProblem = await copyOwnerAndMode(handle, before);
      if (ownerProblem !== undefined) return { kind: 'refused', message: ownerProblem };
      await handle.sync();
    } finally {
      await handle.close();
    }
    await options.afterTempWritten?.(path);

    if (!(await holds(original, expected))) return CHANGED;
    const last = await original.stat({ bigint: true });
    if (!sameVersion(before, last)) return CHANGED;
    const atPath = await fileSystem.lstat(path, { bigint: true });
    if (!sameFile(before, atPath)) return CHANGED;
    await fileSystem.rename(temp, path);
    renamed = true;

    // Unlinking the old inode changed its ctime; a write would change its bytes, size or mtime.
    const after = await original.stat({ bigint: true });
    if (after.size !== last.size || after.mtimeNs !== last.mtimeNs || !(await holds(original, expected))) {
      return {
        kind: 'failed',
        message:
          'another program wrote to the file at the very moment pinbot replaced it; that write went to the replaced copy ' +
          'and is not in the file: check it',
      };
    }
  } catch (error) {
    return { kind: 'failed', message: `could not write the file (${describeError(error)})` };
  } finally {
    if (created && !renamed) await fileSystem.unlink(temp).catch(() => undefined);
    untrack();
  }
  await syncDirectory(dirname(path), fileSystem);
  return { kind: 'written' };
}

function refusalText(reason: 'symlink' | 'directory' | 'not-regular' | 'too-large'): string {
  if (reason === 'symlink') return 'the file is a symlink now';
  if (reason === 'directory') return 'a directory is in the file’s place now';
  if (reason === 'not-regular') return 'the file is not a regular file now (a FIFO, socket or device)';
  return 'the file is too large';
}

/**
 * Makes the rename itself durable. Best effort: some platforms cannot open or sync a directory,
 * and by now the new content is already in place.
 */
async function syncDirectory(directory: string, fileSystem: ReplaceFs): Promise<void> {
  try {
    const handle = await fileSystem.open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Durability of the directory entry is an optimisation, not part of the contract.
  }
}
