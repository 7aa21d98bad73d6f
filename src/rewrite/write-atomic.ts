import { randomBytes } from 'node:crypto';
import { promises as nodeFs } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export type WriteFileResult = { readonly ok: true } | { readonly ok: false; readonly error: string };

/** The file operations the writer needs; injectable so tests can make one of them fail. */
export type AtomicWriteFs = Pick<typeof nodeFs, 'lstat' | 'open' | 'rename' | 'unlink'>;

/** Permission bits plus setuid/setgid/sticky: what `chmod` accepts. */
const MODE_BITS = 0o7777;

/**
 * Replaces a file's content so that readers see either the old or the new file, never a half
 * written one: the text goes to a temp file in the same directory (same file system, so the
 * rename is atomic), is flushed to disk, then renamed over the target. The target's mode is
 * kept. On any failure the target is untouched and the temp file is removed.
 *
 * Symlinks are refused rather than followed or replaced: pinbot never discovers files through
 * symlinks, so a symlink here means the tree changed under us.
 */
export async function writeFileAtomic(path: string, text: string, fileSystem: AtomicWriteFs = nodeFs): Promise<WriteFileResult> {
  const original = await existingMode(path, fileSystem);
  if (!original.ok) return original;

  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.pinbot-tmp`);
  let created = false;
  try {
    // `wx` fails instead of clobbering if the random name is somehow taken. A new file gets the
    // usual 0o666 less the umask; an existing file's mode is copied below.
    const handle = await fileSystem.open(temp, 'wx', original.mode === null ? 0o666 : 0o600);
    created = true;
    try {
      await handle.writeFile(Buffer.from(text, 'utf8'));
      // chmod on the handle is exact; a mode passed to open() would be reduced by the umask.
      if (original.mode !== null) await handle.chmod(original.mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fileSystem.rename(temp, path);
    created = false;
  } catch (error) {
    if (created) await fileSystem.unlink(temp).catch(() => undefined);
    return { ok: false, error: `${path}: could not write the file (${describe(error)})` };
  }
  await syncDirectory(dirname(path), fileSystem);
  return { ok: true };
}

type ModeOutcome = { readonly ok: true; readonly mode: number | null } | { readonly ok: false; readonly error: string };

/** The target's permission bits, null when it does not exist yet, or why it must not be replaced. */
async function existingMode(path: string, fileSystem: AtomicWriteFs): Promise<ModeOutcome> {
  try {
    const stats = await fileSystem.lstat(path);
    if (stats.isSymbolicLink()) return { ok: false, error: `${path}: is a symlink; refusing to replace it` };
    if (!stats.isFile()) return { ok: false, error: `${path}: is not a regular file; refusing to replace it` };
    return { ok: true, mode: stats.mode & MODE_BITS };
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { ok: true, mode: null };
    return { ok: false, error: `${path}: could not read the file's mode (${describe(error)})` };
  }
}

/**
 * Makes the rename itself durable. Best effort: some platforms cannot open or sync a directory,
 * and by now the new content is already in place.
 */
async function syncDirectory(directory: string, fileSystem: AtomicWriteFs): Promise<void> {
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

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

function describe(error: unknown): string {
  const code = errorCode(error);
  // Duck-typed rather than `instanceof Error`: errors from another realm (vm, workers) fail that check.
  const message = typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
  return code !== undefined && !message.includes(code) ? `${code}: ${message}` : message;
}
