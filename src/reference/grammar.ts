/**
 * The image reference grammar of distribution/reference, written as data: every production is a
 * named regex source composed from smaller ones, so the grammar reads top-down like its spec.
 *
 *   reference      := name [":" tag] ["@" digest]
 *   name           := [domain "/"] path
 *   domain         := host [":" port]          host := domain-name | "[" IPv6 "]"
 *   path           := path-component ["/" path-component]*
 *   path-component := [a-z0-9]+ (separator [a-z0-9]+)*
 *   tag            := [\w][\w.-]{0,127}
 *   digest         := algorithm ":" hex        hex := [0-9a-fA-F]{32,}
 *
 * JavaScript regexes backtrack (Go's RE2 does not), so every repetition below is written so that
 * a character can be consumed by only one branch: each loop iteration starts with a mandatory
 * delimiter the previous part cannot contain. That keeps matching linear even on hostile input.
 */

/** Wraps parts in a non-capturing group that may be absent. */
export function optional(...parts: string[]): string {
  return `(?:${parts.join('')})?`;
}

/** Wraps parts in a non-capturing group that may repeat zero or more times. */
export function anyTimes(...parts: string[]): string {
  return `(?:${parts.join('')})*`;
}

/** Wraps parts in a capturing group, so callers can pull that production out of a match. */
export function capture(...parts: string[]): string {
  return `(${parts.join('')})`;
}

/** Alternation inside a non-capturing group (so `|` never leaks into the surrounding pattern). */
export function oneOf(...alternatives: string[]): string {
  return `(?:${alternatives.join('|')})`;
}

/** Escapes regex metacharacters so punctuation like `.` or `[` matches itself. */
export function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Pins the pattern to the whole input: a reference is never "found inside" a longer string here. */
export function anchored(...parts: string[]): string {
  return `^${parts.join('')}$`;
}

// ---------------------------------------------------------------------------------------------
// Repository path

/** Path text is lowercase letters and digits only; uppercase is reserved for registry hosts. */
export const alphanumeric = '[a-z0-9]+';

/** One `.`, one `_`, `__`, or a run of dashes (so hostnames like `my--app` still fit). */
export const separator = oneOf('[._]', '__', '[-]+');

/** A component starts and ends with an alphanumeric run; separators sit only between runs. */
export const pathComponent = alphanumeric + anyTimes(separator, alphanumeric);

/** The repository path (the "remote name"): components joined by single slashes. */
export const path = pathComponent + anyTimes(literal('/'), pathComponent);

// ---------------------------------------------------------------------------------------------
// Registry host

/** A DNS label: letters/digits, inner dashes allowed, never leading or trailing a dash. */
export const domainNameComponent = '[a-zA-Z0-9]' + optional('[a-zA-Z0-9-]*', '[a-zA-Z0-9]');

/** Dot-separated labels; also covers decimal IPv4 addresses such as `192.168.1.1`. */
export const domainName = domainNameComponent + anyTimes(literal('.'), domainNameComponent);

/** Bracketed IPv6 in compressed or full form; zone ids (`%eth0`) and embedded IPv4 are excluded. */
export const ipv6Address = literal('[') + '[a-fA-F0-9:]+' + literal(']');

/** The host part of a registry: a DNS-style name or a bracketed IPv6 address. */
export const host = oneOf(domainName, ipv6Address);

/** A numeric port after a colon; the digit count is not limited here, as upstream. */
export const port = literal(':') + '[0-9]+';

/** The registry as written before the first `/`, e.g. `ghcr.io`, `localhost:5000`, `[::1]:5000`. */
export const domainAndPort = host + optional(port);

/** A full name; which first component is really a host is decided by normalisation, not here. */
export const name = optional(domainAndPort, literal('/')) + path;

// ---------------------------------------------------------------------------------------------
// Tag and digest

/** Tags are word characters, dots and dashes, not starting with `.` or `-`, at most 128 long. */
export const tag = '[\\w][\\w.-]{0,127}';

/** An algorithm component such as `sha256` or `b64`: a letter, then letters and digits. */
export const digestAlgorithmComponent = '[A-Za-z][A-Za-z0-9]*';

/** Algorithm components combine with one of `+ . _ -`, e.g. `sha256+b64u` or `multihash.blake3`. */
export const digestAlgorithmSeparator = '[-_+.]';

/** The digest algorithm, e.g. `sha256`, `sha512`. */
export const digestAlgorithm = digestAlgorithmComponent + anyTimes(digestAlgorithmSeparator, digestAlgorithmComponent);

/** At least 128 bits of hex; the exact length is the algorithm's business (sha256: 64). */
export const digestHex = '[0-9a-fA-F]{32,}';

/** `algorithm:hex`, e.g. `sha256:6c3c…`. */
export const digest = digestAlgorithm + literal(':') + digestHex;

/** A bare 64-hex image ID; it is rejected as a name because it would be ambiguous with an ID. */
export const identifier = '[a-f0-9]{64}';

// ---------------------------------------------------------------------------------------------
// Compiled, anchored matchers (no `g`/`y` flags, so `test`/`exec` keep no state between calls)

/** Whole reference; groups: 1 name, 2 tag, 3 digest. */
export const REFERENCE_REGEXP = new RegExp(
  anchored(capture(name), optional(literal(':'), capture(tag)), optional(literal('@'), capture(digest))),
);

/** Whole name; groups: 1 domain (if the first component fits the host grammar), 2 path. */
export const NAME_REGEXP = new RegExp(anchored(optional(capture(domainAndPort), literal('/')), capture(path)));

/** A registry host with optional port. */
export const DOMAIN_REGEXP = new RegExp(anchored(domainAndPort));

/** A repository path. */
export const PATH_REGEXP = new RegExp(anchored(path));

/** One component of a repository path (used to point at the exact component that is wrong). */
export const PATH_COMPONENT_REGEXP = new RegExp(anchored(pathComponent));

/** A tag. */
export const TAG_REGEXP = new RegExp(anchored(tag));

/** A digest; groups: 1 algorithm, 2 hex. */
export const DIGEST_REGEXP = new RegExp(anchored(capture(digestAlgorithm), literal(':'), capture(digestHex)));

/** A bare 64-hex image ID. */
export const IDENTIFIER_REGEXP = new RegExp(anchored(identifier));
