import { decodeFile } from '../rewrite/decode.js';
import { scanFile } from './scan-file.js';
import type { FoundReference, ScanProblem, SkippedCandidate } from './types.js';

/** A file to scan, wherever it comes from (a directory, a git tree): read lazily. */
export interface SourceFile {
  readonly path: string;
  read(): Promise<Uint8Array>;
}

export interface SourcesScan {
  readonly references: FoundReference[];
  readonly skipped: SkippedCandidate[];
  readonly problems: ScanProblem[];
  /** Decoded text of every file that holds a reference, for the rewriter. */
  readonly texts: Map<string, string>;
}

/**
 * Reads, decodes and scans each file. A file that can't be read or decoded becomes a problem
 * for that file alone; the scan of the rest goes on.
 */
export async function scanSources(files: Iterable<SourceFile>): Promise<SourcesScan> {
  const result: SourcesScan = { references: [], skipped: [], problems: [], texts: new Map() };
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = await file.read();
    } catch (error) {
      result.problems.push({ file: file.path, message: `could not read the file: ${describeError(error)}` });
      continue;
    }
    const decoded = decodeFile(bytes);
    if (!decoded.ok) {
      result.problems.push({ file: file.path, message: decoded.message });
      continue;
    }
    const scan = scanFile(file.path, decoded.text);
    result.references.push(...scan.references);
    result.skipped.push(...scan.skipped);
    result.problems.push(...scan.problems);
    if (scan.references.length > 0) result.texts.set(file.path, decoded.text);
  }
  return result;
}

function describeError(error: unknown): string {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.message : String(error);
}
