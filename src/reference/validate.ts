/**
 * Checks each part of a reference against its grammar production and, when it fails, says
 * precisely what is wrong with that part. Pure functions; the caller ties problems to the input.
 */
import type { Problem } from './errors.js';
import { quote } from './errors.js';
import { DIGEST_REGEXP, DOMAIN_REGEXP, PATH_COMPONENT_REGEXP, PATH_REGEXP, TAG_REGEXP, digestAlgorithm, anchored } from './grammar.js';

/** A part either fits its production or carries the problem that stops it. */
export type Verdict = { readonly ok: true } | { readonly ok: false; readonly problem: Problem };

/** A digest verdict also reports the algorithm, which callers need even when it is not sha256. */
export type DigestVerdict = { readonly ok: true; readonly algorithm: string } | { readonly ok: false; readonly problem: Problem };

const VALID: Verdict = { ok: true };

/** The tag production allows 1 + 127 characters. */
export const MAX_TAG_LENGTH = 128;

/** sha256 is the digest pinbot resolves, so it is held to its exact form: 64 lowercase hex. */
const SHA256_HEX = /^[a-f0-9]{64}$/;

const DIGEST_ALGORITHM_REGEXP = new RegExp(anchored(digestAlgorithm));

function invalid(code: Problem['code'], detail: string): { ok: false; problem: Problem } {
  return { ok: false, problem: { code, detail } };
}

/** Checks a registry host as written, e.g. `ghcr.io`, `localhost:5000`, `[::1]:5000`. */
export function checkHost(domain: string): Verdict {
  if (DOMAIN_REGEXP.test(domain)) {
    return VALID;
  }
  if (domain.startsWith('[') && domain.includes('%')) {
    return invalid('invalid-format', `registry host ${quote(domain)} has an IPv6 zone identifier, which is not supported`);
  }
  return invalid(
    'invalid-format',
    `registry host ${quote(domain)} is not a valid host: expected dot-separated labels of letters, digits ` +
      `and inner "-", or a bracketed IPv6 address, optionally followed by a numeric ":port"`,
  );
}

/** Checks a repository path (everything after the registry), e.g. `library/node`. */
export function checkPath(path: string): Verdict {
  if (PATH_REGEXP.test(path)) {
    return VALID;
  }
  if (PATH_REGEXP.test(path.toLowerCase())) {
    return invalid('uppercase-repository', `repository path ${quote(path)} must be lowercase`);
  }
  const components = path.split('/');
  if (components.some((component) => component === '')) {
    return invalid('invalid-format', `repository path ${quote(path)} has an empty component (a leading, doubled or trailing "/")`);
  }
  const bad = components.find((component) => !PATH_COMPONENT_REGEXP.test(component)) ?? path;
  return invalid(
    'invalid-format',
    `path component ${quote(bad)} is not valid: components are lowercase letters and digits, ` +
      `separated inside by one ".", one or two "_", or dashes, and never start or end with a separator`,
  );
}

/** Checks a tag, e.g. `22-slim`. */
export function checkTag(tag: string): Verdict {
  if (TAG_REGEXP.test(tag)) {
    return VALID;
  }
  if (tag === '') {
    return invalid('invalid-tag', 'the tag after ":" is empty');
  }
  if (tag.length > MAX_TAG_LENGTH) {
    return invalid('invalid-tag', `the tag is ${tag.length} characters long; tags are at most ${MAX_TAG_LENGTH}`);
  }
  if (tag.startsWith('.') || tag.startsWith('-')) {
    return invalid('invalid-tag', `tag ${quote(tag)} must not start with "." or "-"`);
  }
  return invalid('invalid-tag', `tag ${quote(tag)} may contain only letters, digits, "_", "." and "-"`);
}

/** Checks a digest, e.g. `sha256:<64 hex>`; other algorithms pass if they fit the grammar. */
export function checkDigest(digest: string): DigestVerdict {
  if (digest === '') {
    return invalid('invalid-digest', 'the digest after "@" is empty');
  }
  const colon = digest.indexOf(':');
  if (colon < 0) {
    return invalid('invalid-digest', `digest ${quote(digest)} must be written "algorithm:hex", e.g. "sha256:" and 64 hex characters`);
  }
  const algorithm = digest.slice(0, colon);
  const hex = digest.slice(colon + 1);
  if (algorithm === 'sha256') {
    return checkSha256Hex(hex);
  }
  if (!DIGEST_ALGORITHM_REGEXP.test(algorithm)) {
    return invalid('invalid-digest', `digest algorithm ${quote(algorithm)} is not valid (letters and digits, starting with a letter)`);
  }
  if (!DIGEST_REGEXP.test(digest)) {
    return invalid('invalid-digest', `the ${algorithm} digest value ${quote(hex)} must be at least 32 hex characters`);
  }
  return { ok: true, algorithm };
}

function checkSha256Hex(hex: string): DigestVerdict {
  if (SHA256_HEX.test(hex)) {
    return { ok: true, algorithm: 'sha256' };
  }
  const what = !/^[0-9a-fA-F]*$/.test(hex)
    ? 'it has characters that are not hex'
    : hex.length !== 64
      ? `it has ${hex.length}`
      : 'it has uppercase letters';
  return invalid('invalid-digest', `a sha256 digest must be exactly 64 lowercase hex characters, but ${what}`);
}
