import { createHash } from 'node:crypto';
import { canonicalize, splitDomain } from '../reference/normalize.js';

/**
 * Branch names for app PRs. A readable name (`pinbot/node-22-slim`) is used only when the name
 * alone decodes back to exactly the group's key; otherwise (lowercased tag, a port's `:`, an
 * ambiguous `-` split, length) a hash of the key is appended, so two keys never share a branch.
 */

export const BRANCH_PREFIX = 'pinbot/';
/** The branch of the single PR in `group: repository` mode (group key `all`). */
export const REPOSITORY_BRANCH = `${BRANCH_PREFIX}digests`;
/**
 * The branch of the pinning PR (issue 10): tag-only references pinned to digests. No image
 * group's branch can take this name: those always end in `-<tag>` or a hash.
 */
export const PIN_BRANCH = `${BRANCH_PREFIX}pin`;
export const MAX_BRANCH_LENGTH = 100;

/** Hex digits of sha256(key): 40 bits keeps accidental collisions out of reach in one repository. */
const HASH_LENGTH = 10;
const LOOKS_HASHED = new RegExp(`-[0-9a-f]{${HASH_LENGTH}}$`);

/** Whether a branch is one this app creates and manages. */
export function isAppBranch(name: string): boolean {
  return name.startsWith(BRANCH_PREFIX) && name.length > BRANCH_PREFIX.length;
}

/** The branch for a group: `all` → `pinbot/digests`; `<image>:<tag>` → `pinbot/<displayName>-<tag>`. */
export function branchForGroup(key: string, displayName: string): string {
  if (key === 'all') return REPOSITORY_BRANCH;
  // Tags contain neither ':' nor '/', so the last ':' ends the image (which may carry a port).
  const colon = key.lastIndexOf(':');
  const tag = colon < 0 ? '' : key.slice(colon + 1);
  const readable = sanitise(`${displayName}-${tag}`);
  const candidate = BRANCH_PREFIX + readable;
  // A readable name that happened to end like a hashed one could collide with one; hash it too.
  if (candidate.length <= MAX_BRANCH_LENGTH && !LOOKS_HASHED.test(readable) && decodeKey(readable) === key) {
    return candidate;
  }
  const hash = createHash('sha256').update(key, 'utf8').digest('hex').slice(0, HASH_LENGTH);
  const room = MAX_BRANCH_LENGTH - BRANCH_PREFIX.length - HASH_LENGTH - 1;
  const shortened = cleanComponents(readable.slice(0, room));
  return shortened === '' ? BRANCH_PREFIX + hash : `${BRANCH_PREFIX}${shortened}-${hash}`;
}

/**
 * Lowercase `[a-z0-9._-]` components joined by `/`, obeying `git check-ref-format`: no `..`, no
 * component starting or ending with `.`, `_` or `-`, none ending in `.lock`, no empty components.
 */
function sanitise(text: string): string {
  return cleanComponents(text.toLowerCase().replace(/[^a-z0-9._/-]+/g, '-'));
}

function cleanComponents(text: string): string {
  return text
    .split('/')
    .map((component) => {
      let cleaned = trimEdges(component.replace(/\.{2,}/g, '.'));
      while (cleaned.endsWith('.lock')) cleaned = trimEdges(cleaned.slice(0, -'.lock'.length));
      return cleaned;
    })
    .filter((component) => component !== '')
    .join('/');
}

/** git only forbids a leading `.`; starting and ending every component alphanumerically reads better. */
function trimEdges(component: string): string {
  return component.replace(/^[._-]+/, '').replace(/[._-]+$/, '');
}

/**
 * The key a readable name stands for, or undefined. The split between image and tag is the
 * first `-` in the last component that starts a version-like part (`22-slim`, `v1.2`), else the
 * first `-`: that reads `node-22-slim` as `node:22-slim`. Names it misreads simply get a hash.
 */
function decodeKey(readable: string): string | undefined {
  const slash = readable.lastIndexOf('/');
  const last = readable.slice(slash + 1);
  const versionLike = /-v?[0-9]/.exec(last);
  const dash = versionLike?.index ?? last.indexOf('-');
  if (dash < 0) return undefined;
  const { registry, repository } = canonicalize(splitDomain(readable.slice(0, slash + 1 + dash)));
  return `${registry}/${repository}:${last.slice(dash + 1)}`;
}
