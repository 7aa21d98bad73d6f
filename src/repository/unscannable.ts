import { MAX_FILE_SIZE } from '../discover/discover.js';
import { kindForPath } from '../scan/kind.js';
import type { ScanProblem } from '../scan/types.js';
import { codeSpan } from '../pr/markdown.js';
import { echoed, MAX_ECHOED_MESSAGE } from '../text/safe-text.js';

/**
 * Candidate files the App could not scan, or only in part, and why: files over the size cap,
 * files whose whole scan failed (unreadable as text, too complex, over the findings cap: a
 * problem without a line), and YAML files with a document that could not be read (the images in
 * it are unknown). A Dockerfile problem with a line concerns one instruction the scanner could
 * read no image from either way, so it doesn't count. Pure.
 *
 * The App must not act as if such a file held no pins (issue 8): a pull request that changes
 * one is left exactly as it is (`unscanned` in decide.ts), and the files are named in the log
 * and the `pinbot` check run.
 */
export function unscannableFiles(oversized: readonly string[], problems: readonly ScanProblem[]): ReadonlyMap<string, string> {
  const files = new Map<string, string>();
  const limit = `${MAX_FILE_SIZE / 1024 / 1024} MiB`;
  for (const file of oversized) files.set(file, `larger than the ${limit} a candidate file may have`);
  for (const problem of problems) {
    if (files.has(problem.file)) continue;
    if (problem.line === undefined || kindForPath(problem.file) !== 'dockerfile') files.set(problem.file, problem.message);
  }
  return files;
}

/** At most this many files are named in a check run; the log names them all (capped too). */
const MAX_NAMED_FILES = 20;

/** The `pinbot` check run's note about them, or none. */
export function unscannableNote(files: ReadonlyMap<string, string>): string[] {
  if (files.size === 0) return [];
  const named = [...files]
    .slice(0, MAX_NAMED_FILES)
    .map(([file, reason]) => `${codeSpan(echoed(file, 200))} (${codeSpan(echoed(reason, MAX_ECHOED_MESSAGE))})`);
  const more = files.size > MAX_NAMED_FILES ? ` and ${files.size - MAX_NAMED_FILES} more` : '';
  return [
    `Not scanned: ${named.join(', ')}${more}. Their pins are unknown this run, so pull requests that change them are left as they are, and no pull request covers them.`,
  ];
}
