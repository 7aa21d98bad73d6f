/** A file the walk found that matches the globs and is fit to scan. */
export interface DiscoveredFile {
  /** Relative to the root, `/` separators (the same form globs and scanners use). */
  readonly path: string;
  readonly absolutePath: string;
  /** Size in bytes. */
  readonly size: number;
}

export type DiscoverSkipReason = 'symlink-outside-root' | 'symlink' | 'too-large' | 'binary' | 'unreadable';

/** A path that would have been scanned but is not, and why, so reports can say so. */
export interface SkippedFile {
  readonly path: string;
  readonly reason: DiscoverSkipReason;
  /** What was found, phrased to follow the path: `charts/bundle.yaml: binary file (NUL byte at byte 13)`. */
  readonly message: string;
}

export interface DiscoverResult {
  /** Sorted by path (UTF-16 code unit order, independent of locale). */
  readonly files: DiscoveredFile[];
  readonly skipped: SkippedFile[];
}

/** The directory entry facts the walk relies on; `fs.Dirent` has them. */
export interface DirectoryEntry {
  readonly name: string;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

/**
 * The file system operations discovery uses. Node's is the default; tests pass a wrapper to
 * simulate failures that cannot be produced for real (a permission error while running as root).
 */
export interface DiscoverFileSystem {
  readDirectory(path: string): Promise<DirectoryEntry[]>;
  /** Size and kind of the entry itself, not following symlinks. */
  lstat(path: string): Promise<{ readonly size: number; isFile(): boolean; isDirectory(): boolean }>;
  /** Size and kind of what a path finally points to. */
  stat(path: string): Promise<{ readonly size: number; isFile(): boolean; isDirectory(): boolean }>;
  realpath(path: string): Promise<string>;
  readlink(path: string): Promise<string>;
  /** Up to `length` bytes from the start of the file. */
  readHead(path: string, length: number): Promise<Uint8Array>;
}

export interface DiscoverOptions {
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  /** Files larger than this many bytes are skipped as `too-large`; default 1 MiB. */
  readonly maxFileSize?: number;
  readonly fileSystem?: DiscoverFileSystem;
}
