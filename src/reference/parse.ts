/**
 * Parses image references such as `node:22-slim@sha256:…` the way Docker does
 * (distribution/reference `ParseNormalizedNamed`), returning a typed result instead of throwing.
 */
import type { Problem } from './errors.js';
import { referenceError, quote } from './errors.js';
import { IDENTIFIER_REGEXP } from './grammar.js';
import { canonicalize, splitDomain } from './normalize.js';
import type { ImageReference, ParseReferenceResult } from './types.js';
import type { Verdict } from './validate.js';
import { checkDigest, checkHost, checkPath, checkTag } from './validate.js';

/**
 * Longest input considered at all. The longest real reference is a ~253-character host, a
 * 255-character path, a 128-character tag and a sha512 digest: well under this. Anything longer
 * is rejected before any regex runs, so no input can make parsing slow.
 */
export const MAX_REFERENCE_LENGTH = 1024;

/** Upstream's limit on the canonical repository path (`library/` included). */
export const MAX_PATH_LENGTH = 255;

/** The three parts of a reference as written, split on the only characters that can delimit them. */
interface RawParts {
  readonly name: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
}

/**
 * Splits `name[:tag][@digest]`. `@` occurs only as the digest separator, and a tag can contain
 * neither `/` nor `:`, so the tag colon is the last `:` after the last `/` (earlier colons belong
 * to a registry port or an IPv6 host). Stray `@`s are reported by the caller.
 */
function splitParts(text: string): RawParts {
  const at = text.lastIndexOf('@');
  const nameAndTag = at < 0 ? text : text.slice(0, at);
  const digest = at < 0 ? undefined : text.slice(at + 1);
  const colon = nameAndTag.lastIndexOf(':');
  if (colon < 0 || colon < nameAndTag.lastIndexOf('/')) {
    return { name: nameAndTag, tag: undefined, digest };
  }
  return { name: nameAndTag.slice(0, colon), tag: nameAndTag.slice(colon + 1), digest };
}

/** Finds the first problem with the name, in reading order: registry first, then path. */
function checkName(name: string): Verdict {
  const split = splitDomain(name);
  if (split.domain !== undefined) {
    const host = checkHost(split.domain);
    if (!host.ok) {
      // Upstream reports `Foo_Bar/app` (not a host, but a fine path once lowercased) as uppercase.
      const asPath = checkPath(name);
      return !asPath.ok && asPath.problem.code === 'uppercase-repository' ? asPath : host;
    }
    if (split.path === '') {
      const detail = `nothing follows registry ${quote(split.domain)}; a repository path is required`;
      return { ok: false, problem: { code: 'invalid-format', detail } };
    }
  }
  const path = checkPath(split.path);
  if (!path.ok && name.startsWith('[') && !name.includes('/')) {
    const detail = 'an IPv6 registry host must be followed by "/" and a repository path, e.g. "[::1]:5000/app"';
    return { ok: false, problem: { code: 'invalid-format', detail } };
  }
  return path;
}

/** Parses and normalises one image reference; never throws. */
export function parseImageReference(text: string): ParseReferenceResult {
  const fail = (problem: Problem): ParseReferenceResult => ({ ok: false, error: referenceError(text, problem) });

  if (text === '') {
    return fail({ code: 'empty', detail: 'it is empty; a repository name is required' });
  }
  if (text.length > MAX_REFERENCE_LENGTH) {
    return fail({ code: 'invalid-format', detail: `it is longer than ${MAX_REFERENCE_LENGTH} characters, far beyond any real reference` });
  }
  if (/\s/.test(text)) {
    return fail({ code: 'invalid-format', detail: 'it contains whitespace' });
  }
  if (IDENTIFIER_REGEXP.test(text)) {
    return fail({ code: 'invalid-format', detail: 'a bare 64-character hex string is an image ID, not a repository name' });
  }

  const parts = splitParts(text);
  if (parts.name === '') {
    return fail({ code: 'invalid-format', detail: 'it has no repository name before the tag or digest' });
  }
  if (parts.digest !== undefined && (parts.name.includes('@') || parts.digest.includes('/'))) {
    // `user@host/app` or `app@x@sha256:…`: an `@` that cannot be the digest separator.
    return fail({ code: 'invalid-format', detail: '"@" may appear only once, to introduce the digest at the end' });
  }
  const name = checkName(parts.name);
  if (!name.ok) {
    return fail(name.problem);
  }
  if (parts.tag !== undefined) {
    const tag = checkTag(parts.tag);
    if (!tag.ok) {
      return fail(tag.problem);
    }
  }
  let digestAlgorithm: string | undefined;
  if (parts.digest !== undefined) {
    const digest = checkDigest(parts.digest);
    if (!digest.ok) {
      return fail(digest.problem);
    }
    digestAlgorithm = digest.algorithm;
  }

  const { registry, repository } = canonicalize(splitDomain(parts.name));
  if (repository.length > MAX_PATH_LENGTH) {
    return fail({
      code: 'name-too-long',
      detail: `the repository path ${quote(repository)} must be at most ${MAX_PATH_LENGTH} characters`,
    });
  }

  const reference: ImageReference = {
    original: text,
    originalName: parts.name,
    registry,
    repository,
    name: `${registry}/${repository}`,
    tag: parts.tag,
    digest: parts.digest,
    digestAlgorithm,
  };
  return { ok: true, reference };
}
