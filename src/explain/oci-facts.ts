/**
 * The facts an image states about itself in OCI annotations or labels, read from the places
 * they appear, most specific first: the index entry's descriptor (Docker Official Images put
 * them there), the image manifest, the index itself, then the image config (`created` and
 * `config.Labels`). Every value is registry text: control characters escaped and capped here,
 * so nothing downstream can print it raw (issue 8, finding 11). Pure.
 * https://github.com/opencontainers/image-spec/blob/v1.1.0/annotations.md#pre-defined-annotation-keys
 */
import { echoed } from '../text/safe-text.js';

export interface ImageFacts {
  /** RFC 3339 UTC, normalised. */
  readonly created?: string;
  readonly source?: string;
  readonly revision?: string;
  readonly baseName?: string;
  readonly baseDigest?: string;
}

const KEYS = {
  created: 'org.opencontainers.image.created',
  source: 'org.opencontainers.image.source',
  revision: 'org.opencontainers.image.revision',
  baseName: 'org.opencontainers.image.base.name',
  baseDigest: 'org.opencontainers.image.base.digest',
} as const;

/** Longest URL, name or revision carried into output; longer values are cut with `…`. */
const MAX_FACT = 200;
const SHA256 = /^sha256:[a-f0-9]{64}$/;

/** Where facts can come from, most specific first; `created` is the config's own field. */
export interface FactSource {
  readonly annotations?: Readonly<Record<string, string>>;
  readonly created?: string;
}

/** The first source stating each fact wins; values that are not what the key promises are ignored. */
export function readFacts(sources: readonly (FactSource | undefined)[]): ImageFacts {
  const first = (pick: (source: FactSource) => string | undefined, accept: (value: string) => string | undefined) => {
    for (const source of sources) {
      const raw = source === undefined ? undefined : pick(source);
      const value = raw === undefined ? undefined : accept(raw.trim());
      if (value !== undefined) return value;
    }
    return undefined;
  };
  const annotation = (key: string) => (source: FactSource) => source.annotations?.[key];
  const created = first((source) => source.annotations?.[KEYS.created] ?? source.created, normaliseTime);
  const facts: Record<string, string | undefined> = {
    created,
    source: first(annotation(KEYS.source), text),
    revision: first(annotation(KEYS.revision), text),
    baseName: first(annotation(KEYS.baseName), text),
    baseDigest: first(annotation(KEYS.baseDigest), (value) => (SHA256.test(value) ? value : undefined)),
  };
  return Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== undefined));
}

/** Enough for a reviewer: when, where from, and on what base. */
export function factsComplete(facts: ImageFacts): boolean {
  return facts.created !== undefined && facts.source !== undefined && facts.revision !== undefined;
}

/** RFC 3339 / ISO 8601 with a date and time, as `created` is specified; anything else is dropped. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$/;

function normaliseTime(value: string): string | undefined {
  if (!RFC3339.test(value)) return undefined;
  // Date parses milliseconds at most: drop extra fraction digits (Go writes nanoseconds).
  const parsed = new Date(value.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(parsed.getTime()) ? undefined : parsed.toISOString();
}

function text(value: string): string | undefined {
  return value === '' ? undefined : echoed(value, MAX_FACT);
}
