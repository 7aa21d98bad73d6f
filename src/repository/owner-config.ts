import { LRUCache } from 'lru-cache';
import { checkFileVersion } from '../github/conditional.js';
import { APP_CONFIG_PATH } from '../github/config.js';
import type { GitHubClient } from '../github/types.js';

/**
 * Which version of the owner's `.github/pinbot.yml` (in its `.github` repository) is current:
 * a repository without its own file inherits it, and that file can change without any push to
 * the repository. Asked at most once per owner per `maxAgeMs` by this process, conditionally,
 * so an unchanged file costs nothing (issue 13); a missing one costs one request per owner and
 * window, shared by all of the owner's repositories.
 */
export interface OwnerConfigWatch {
  /** The file's blob sha, or `absent`. Throws a GitHubError when GitHub could not say. */
  version(octokit: GitHubClient, owner: string): Promise<string>;
}

interface Known {
  readonly version: string;
  readonly etag: string | undefined;
  readonly checkedAt: number;
}

export function createOwnerConfigWatch(options: { readonly maxAgeMs?: number; readonly now?: () => number } = {}): OwnerConfigWatch {
  const maxAgeMs = options.maxAgeMs ?? 5 * 60 * 1000;
  const now = options.now ?? Date.now;
  const known = new LRUCache<string, Known>({ max: 10_000 });
  const asking = new Map<string, Promise<string>>();

  const ask = async (octokit: GitHubClient, owner: string, key: string): Promise<string> => {
    const previous = known.get(key);
    const checkedAt = now();
    const answer = await checkFileVersion(octokit, { owner, repo: '.github' }, APP_CONFIG_PATH, previous?.etag);
    const next: Known =
      answer.kind === 'unchanged' && previous !== undefined
        ? { ...previous, checkedAt }
        : answer.kind === 'present'
          ? { version: answer.sha, etag: answer.etag, checkedAt }
          : { version: 'absent', etag: undefined, checkedAt };
    known.set(key, next);
    return next.version;
  };

  return {
    async version(octokit, owner) {
      const key = owner.toLowerCase();
      const cached = known.get(key);
      if (cached !== undefined && now() - cached.checkedAt < maxAgeMs) return cached.version;
      let pending = asking.get(key);
      if (pending === undefined) {
        pending = ask(octokit, owner, key).finally(() => asking.delete(key));
        asking.set(key, pending);
      }
      return pending;
    },
  };
}
