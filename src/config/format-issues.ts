import { z } from 'zod';
import { clip, jsonText } from '../text/safe-text.js';
import { looksSecret, MAX_VALUE_EXCERPT, REDACTED, redactSecrets } from '../text/secrets.js';

/** A validation problem at a path in the config, phrased for the person editing the file. */
export interface ConfigProblem {
  /** Path into the document, e.g. `['include', 1]`. */
  readonly path: readonly PropertyKey[];
  /** Whether the problem is the key itself (unknown or invalid key) rather than its value. */
  readonly atKey: boolean;
  readonly message: string;
}

/**
 * Turns zod issues into one problem per mistake, in YAML words (list, mapping) rather than
 * JavaScript ones, naming the value that was found. `schema` is used to suggest known keys.
 *
 * A config file may hold anything (issue 8, finding 7: a config symlinked to a token file printed
 * the token), and these messages reach terminals, logs and public check runs: values and keys
 * are quoted as excerpts of at most 40 characters, secrets as `…redacted…`.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], schema: z.ZodType): ConfigProblem[] {
  return issues.flatMap((issue): ConfigProblem[] => {
    switch (issue.code) {
      case 'invalid_type':
        return [{ path: issue.path, atKey: false, message: `expected ${expected(issue.expected)}, got ${found(issue.input)}` }];
      case 'invalid_value':
        return [{ path: issue.path, atKey: false, message: `expected ${choices(issue.values)}, got ${found(issue.input)}` }];
      case 'unrecognized_keys': {
        const known = knownKeys(schema, issue.path);
        return issue.keys.map((key) => ({
          path: [...issue.path, key],
          atKey: true,
          message: `unknown key ${quote(key)}${suggestion(key, known)}`,
        }));
      }
      case 'invalid_union':
        return describeUnion(issue, schema);
      case 'invalid_key': {
        const key = issue.path.at(-1);
        const reasons = issue.issues.map((inner) => inner.message).join('; ');
        return [{ path: issue.path, atKey: true, message: `invalid key ${quote(String(key))}: ${redactSecrets(reasons)}` }];
      }
      default:
        // Custom checks (globs, schedule phrases, time zones) may quote the value they refuse.
        return [{ path: issue.path, atKey: false, message: redactSecrets(issue.message) }];
    }
  });
}

/**
 * A value that fits no alternative (`pin: yes` for `true`, `false` or a mapping): when it has the
 * shape of one alternative (a mapping for the mapping), that alternative's problems are the ones
 * to fix; otherwise, which shapes would do.
 */
function describeUnion(issue: z.core.$ZodIssueInvalidUnion, schema: z.ZodType): ConfigProblem[] {
  const shapeMatched = issue.errors.find((branch) => !branch.some((inner) => inner.code === 'invalid_type' && inner.path.length === 0));
  if (shapeMatched !== undefined && shapeMatched.length > 0) {
    return describeIssues(
      shapeMatched.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })),
      schema,
    );
  }
  const shapes = issue.errors.flatMap((branch) =>
    branch.flatMap((inner) => (inner.code === 'invalid_type' && inner.path.length === 0 ? [expected(inner.expected)] : [])),
  );
  const wanted = [...new Set(shapes)];
  if (wanted.length === 0) return [{ path: issue.path, atKey: false, message: redactSecrets(issue.message) }];
  const alternatives = wanted.length <= 1 ? wanted.join('') : `${wanted.slice(0, -1).join(', ')}, or ${wanted.at(-1) ?? ''}`;
  return [{ path: issue.path, atKey: false, message: `expected ${alternatives}, got ${found(issue.input)}` }];
}

/** `include[1]`, `registryMirrors["docker.io"]`: how the path reads in an error message. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      const name = String(segment);
      if (/^[A-Za-z_][A-Za-z0-9_]{0,39}$/.test(name) && !looksSecret(name)) return index === 0 ? name : `.${name}`;
      return `[${quote(name)}]`;
    })
    .join('');
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  boolean: 'true or false',
  number: 'a number',
  int: 'a whole number',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
};

function expected(type: string): string {
  return EXPECTED[type] ?? type;
}

/** `"a" or "b"`, `one of "a", "b", "c"`: the values an enum or literal allows. */
function choices(values: readonly unknown[]): string {
  const quoted = values.map((value) => JSON.stringify(value));
  if (quoted.length <= 2) return quoted.join(' or ');
  return `one of ${quoted.join(', ')}`;
}

/** Names what the user wrote, with the value for scalars so `yes` vs `true` mix-ups are obvious. */
function found(value: unknown): string {
  // A key with nothing after the colon (`exclude:`) is null in YAML.
  if (value === null) return 'an empty value';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `string ${quote(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${typeof value} ${value}`;
  return typeof value;
}

/**
 * `"what was written"`, cut to 40 characters, every control character escaped; `…redacted…`
 * when it looks like a credential.
 */
export function quote(value: string): string {
  return looksSecret(value) ? REDACTED : jsonText(clip(value, MAX_VALUE_EXCERPT));
}

/** Keys longer than this are never near a known key; skipping them keeps the distance table small. */
const MAX_SUGGESTED_KEY = 64;

function suggestion(key: string, known: readonly string[]): string {
  if (key.length > MAX_SUGGESTED_KEY) return known.length > 0 ? `; known keys: ${known.join(', ')}` : '';
  const close = known
    .map((candidate) => ({ candidate, distance: editDistance(key.toLowerCase(), candidate.toLowerCase()) }))
    .filter(({ distance }) => distance <= Math.max(2, Math.floor(key.length / 4)))
    .sort((a, b) => a.distance - b.distance)[0];
  if (close !== undefined) return ` (did you mean ${JSON.stringify(close.candidate)}?)`;
  return known.length > 0 ? `; known keys: ${known.join(', ')}` : '';
}

/** The keys of the object schema found by following `path`, looking through defaults and wrappers. */
function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: z.ZodType | undefined = schema;
  for (const segment of [...path, null]) {
    while (
      current instanceof z.ZodDefault ||
      current instanceof z.ZodReadonly ||
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable ||
      current instanceof z.ZodUnion
    ) {
      // Of a union (`pin`: a boolean or a mapping), only the mapping has keys to suggest.
      current =
        current instanceof z.ZodUnion
          ? (current.options as readonly z.ZodType[]).find((option) => option instanceof z.ZodObject)
          : (current.unwrap() as z.ZodType);
    }
    if (segment === null) break;
    if (current instanceof z.ZodObject) current = current.shape[String(segment)] as z.ZodType | undefined;
    else if (current instanceof z.ZodArray) current = current.element as z.ZodType;
    else if (current instanceof z.ZodRecord) current = current.valueType as z.ZodType;
    else return [];
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

/** Levenshtein distance; the keys compared are short, so the quadratic table is fine. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, substitution));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}
