import { MAX_FILE_SIZE } from '../discover/discover.js';
import { compileGlobs } from '../discover/globs.js';
import type { PinbotConfig } from '../config/schema.js';
import type { GitObjectCache } from '../github/cache.js';
import { readBlob, readTree } from '../github/repo-tree.js';
import type { DefaultBranchHead, GitHubClient, RepoRef, TreeEntry, TreeListing } from '../github/types.js';
import type { FileScanner } from '../scan/pool/scan-pool.js';
import { scanSources, type SourcesScan } from '../scan/scan-sources.js';

export interface RepositorySnapshot {
  readonly scan: SourcesScan;
  /** Every blob of the base tree by path (modes are needed to write files back). */
  readonly entries: ReadonlyMap<string, TreeEntry>;
  /** False when the tree listing was cut short: absence of a file proves nothing then. */
  readonly complete: boolean;
  /** Candidate files that could not be read: the run must not act as if they held no pins. */
  readonly unreadable: readonly string[];
  readonly oversized: readonly string[];
}

/**
 * Reads the default branch's tree (no clone), picks candidate files by the same globs as the
 * CLI, and scans their blobs. Blob reads are cached by sha, so a rescan of an unchanged
 * repository reads nothing but the tree.
 */
export async function readRepository(
  octokit: GitHubClient,
  repo: RepoRef,
  listing: TreeListing,
  config: PinbotConfig,
  cache: GitObjectCache | undefined,
  scanFile: FileScanner,
): Promise<RepositorySnapshot> {
  const filter = compileGlobs(config.include, config.exclude);
  const entries = new Map(listing.entries.map((entry) => [entry.path, entry]));
  const candidates = listing.entries.filter((entry) => filter.matches(entry.path));
  const oversized = candidates.filter((entry) => entry.size > MAX_FILE_SIZE).map((entry) => entry.path);
  const unreadable: string[] = [];
  const scan = await scanSources(
    candidates
      .filter((entry) => entry.size <= MAX_FILE_SIZE)
      .map((entry) => ({
        path: entry.path,
        read: async () => {
          try {
            return await readBlob(octokit, repo, entry.sha, cache ? { cache } : {});
          } catch (error) {
            unreadable.push(entry.path);
            throw error;
          }
        },
      })),
    scanFile,
  );
  return { scan, entries, complete: listing.complete, unreadable, oversized };
}

/** Lists the default branch's tree (recursive; walked directory by directory when truncated). */
export function listTree(
  octokit: GitHubClient,
  repo: RepoRef,
  head: DefaultBranchHead,
  cache: GitObjectCache | undefined,
): Promise<TreeListing> {
  return readTree(octokit, repo, head.treeSha, cache ? { cache } : {});
}

/** The config file's path, as the tree spells it; both spellings at once is an error, as in the CLI. */
export function configPathIn(listing: TreeListing): { path: string } | { error: string } {
  const yml = listing.entries.some((entry) => entry.path === '.github/pinbot.yml');
  const yaml = listing.entries.some((entry) => entry.path === '.github/pinbot.yaml');
  if (yml && yaml) return { error: '.github/pinbot.yml and .github/pinbot.yaml both exist: keep one' };
  return { path: yaml ? '.github/pinbot.yaml' : '.github/pinbot.yml' };
}
