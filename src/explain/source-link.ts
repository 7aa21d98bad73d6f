/**
 * The source repository of an image and a compare link between the two revisions, when the
 * source is on GitHub or GitLab. Registry text becomes a link only when every piece is of a
 * known, harmless shape: an https URL on those hosts, path segments of name characters, and
 * revisions that are commit ids or plain ref names. Pure.
 */
import type { ImageFacts } from './oci-facts.js';
import type { SourceChange } from './types.js';

const SEGMENT = /^[A-Za-z0-9_.-]+$/;
/** A commit id, or a tag/branch name without `..`, spaces or URL syntax. */
const REVISION = /^[A-Za-z0-9][A-Za-z0-9._/+-]{0,99}$/;

interface Repository {
  readonly host: 'github.com' | 'gitlab.com';
  readonly path: string;
}

export function sourceChange(old: ImageFacts, next: ImageFacts): SourceChange | undefined {
  const url = next.source ?? old.source;
  const oldRevision = old.revision;
  const newRevision = next.revision;
  if (url === undefined && oldRevision === undefined && newRevision === undefined) return undefined;
  const change: { -readonly [K in keyof SourceChange]: SourceChange[K] } = {};
  const shownUrl = url === undefined ? undefined : httpUrl(url);
  if (shownUrl !== undefined) change.url = shownUrl;
  if (oldRevision !== undefined) change.oldRevision = oldRevision;
  if (newRevision !== undefined) change.newRevision = newRevision;
  const compareUrl = compareLink(old.source ?? url, next.source ?? url, oldRevision, newRevision);
  if (compareUrl !== undefined) change.compareUrl = compareUrl;
  return Object.keys(change).length === 0 ? undefined : change;
}

function compareLink(
  oldSource: string | undefined,
  newSource: string | undefined,
  oldRevision: string | undefined,
  newRevision: string | undefined,
): string | undefined {
  if (oldSource === undefined || newSource === undefined || oldRevision === undefined || newRevision === undefined) return undefined;
  if (oldRevision === newRevision || !safeRevision(oldRevision) || !safeRevision(newRevision)) return undefined;
  const before = repositoryOf(oldSource);
  const after = repositoryOf(newSource);
  // Revisions of two different repositories can't be compared.
  if (before === undefined || after === undefined || before.host !== after.host || before.path !== after.path) return undefined;
  const compare = after.host === 'gitlab.com' ? '-/compare' : 'compare';
  return `https://${after.host}/${after.path}/${compare}/${oldRevision}...${newRevision}`;
}

function safeRevision(revision: string): boolean {
  return REVISION.test(revision) && !revision.includes('..');
}

/**
 * `https://github.com/o/r`, `https://github.com/o/r.git`, `git+https://…`, `git@github.com:o/r.git`,
 * `https://gitlab.com/group/sub/project` (GitLab nests groups); `/tree/…` suffixes are dropped.
 */
export function repositoryOf(source: string): Repository | undefined {
  const scp = /^git@(github\.com|gitlab\.com):(.+)$/.exec(source);
  const url = scp ? parseUrl(`https://${scp[1]}/${scp[2]}`) : parseUrl(source.replace(/^git\+/, ''));
  if (url === undefined || url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.port !== '') return undefined;
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  if (host !== 'github.com' && host !== 'gitlab.com') return undefined;
  let segments = url.pathname.split('/').filter((segment) => segment !== '');
  const cut = segments.findIndex((segment) => segment === '-' || segment === 'tree' || segment === 'blob');
  if (cut >= 0) segments = segments.slice(0, cut);
  if (host === 'github.com') segments = segments.slice(0, 2);
  const last = segments.length - 1;
  if (last >= 0) segments[last] = segments[last]!.replace(/\.git$/, '');
  if (segments.length < 2 || !segments.every((segment) => SEGMENT.test(segment) && !/^\.+$/.test(segment))) return undefined;
  return { host, path: segments.join('/') };
}

/** The source URL when it is a plain http(s) URL without credentials; otherwise it is not shown as one. */
function httpUrl(source: string): string | undefined {
  const scp = /^git@(github\.com|gitlab\.com):(.+?)(?:\.git)?$/.exec(source);
  if (scp) return `https://${scp[1]}/${scp[2]}`;
  const url = parseUrl(source.replace(/^git\+/, ''));
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.username !== '' || url.password !== '') {
    return undefined;
  }
  return url.href;
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
