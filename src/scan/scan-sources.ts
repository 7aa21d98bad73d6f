import pLimit from 'p-limit';
import { decodeFile } from '../text/decode.js';
import type { FileScanner } from './pool/scan-pool.js';
import type { FoundReference, ScanProblem, ScanResult, SkippedCandidate, UnpinnedReference } from './types.js';

/** A file to scan, wherever it comes from (a directory, a git tree): read lazily. */
export interface SourceFile {
  readonly path: string;
  /**
   * The path that decides which scanner reads the file, when `path` alone can't tell: a PATH
   * given inside a repository (`.github/workflows/ci.yml` shown as `ci.yml`) keeps the folders
   * that make a workflow a workflow here. Defaults to `path`.
   */
  readonly kindPath?: string;
  read(): Promise<Uint8Array>;
}

export interface SourcesScan {
  readonly references: FoundReference[];
  readonly unpinned: UnpinnedReference[];
  readonly skipped: SkippedCandidate[];
  readonly problems: ScanProblem[];
  /** Decoded text of every file that holds a reference, pinned or tag-only, for the rewriter. */
  readonly texts: Map<string, string>;
}

/**
 * Reads, decodes and scans each file with `scan` (the process's scan pool, which runs the pure
 * `scanFile` off the event loop with a budget per file). A file that can't be read, decoded or
 * scanned becomes a problem for that file alone; the scan of the rest goes on.
 */
export async function scanSources(files: Iterable<SourceFile>, scan: FileScanner): Promise<SourcesScan> {
  const result: SourcesScan = { references: [], unpinned: [], skipped: [], problems: [], texts: new Map() };
  // Reads overlap (they wait on the disk or the network), and so do scans (on worker threads).
  // Results are gathered in input order, so output is deterministic.
  const scans = await pLimit(READ_CONCURRENCY).map(files, (file) => scanOne(file, scan));
  for (const scan of scans) {
    result.references.push(...scan.references);
    result.unpinned.push(...scan.unpinned);
    result.skipped.push(...scan.skipped);
    result.problems.push(...scan.problems);
    if (scan.text !== undefined) result.texts.set(scan.path, scan.text);
  }
  return result;
}

const READ_CONCURRENCY = 32;

async function scanOne(file: SourceFile, scanFile: FileScanner): Promise<ScanResult & { path: string; text?: string }> {
  let bytes: Uint8Array;
  try {
    bytes = await file.read();
  } catch (error) {
    return {
      path: file.path,
      references: [],
      unpinned: [],
      skipped: [],
      problems: [{ file: file.path, message: `could not read the file: ${describeError(error)}` }],
    };
  }
  const decoded = decodeFile(bytes);
  if (!decoded.ok)
    return { path: file.path, references: [], unpinned: [], skipped: [], problems: [{ file: file.path, message: decoded.message }] };
  const scan = await scanFile(file.path, decoded.text, file.kindPath);
  const rewritable = scan.references.length > 0 || scan.unpinned.length > 0;
  return { path: file.path, ...scan, ...(rewritable ? { text: decoded.text } : {}) };
}

function describeError(error: unknown): string {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.message : String(error);
}
