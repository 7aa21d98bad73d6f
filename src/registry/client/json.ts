/**
 * Reading a registry's JSON (manifests, indexes, image configs, token answers, error bodies)
 * against a zod schema: strict UTF-8, then JSON, then the schema, with the first problem said
 * in a few plain words (`manifests[0].digest is missing`). The one JSON entry point of the
 * registry code (issue 9 asked for the two hand-written helpers to become one). Pure.
 */
import type { z } from 'zod';

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

/** Longest excerpt of a registry's value quoted in a problem: its answers are untrusted text. */
const EXCERPT_LIMIT = 80;

export function parseJson<T>(input: string | Uint8Array | undefined, schema: z.ZodType<T>): Parsed<T> {
  if (input === undefined) return fail('it is empty');
  let data: unknown;
  try {
    const text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input);
    if (text.trim() === '') return fail('it is empty');
    data = JSON.parse(text);
  } catch (error) {
    return fail(`it is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, value: result.data };
  const [issue] = result.error.issues;
  return fail(issue === undefined ? 'it does not have the expected shape' : describeIssue(issue, data));
}

/** `"manifests[0].digest" is missing`, `it is not a JSON object`, or the schema's own words. */
function describeIssue(issue: z.core.$ZodIssue, data: unknown): string {
  const subject = issue.path.length === 0 ? 'it' : `"${formatPath(issue.path)}"`;
  if (issue.code !== 'invalid_type') return `${subject} ${issue.message}`;
  const value = valueAt(data, issue.path);
  if (value === undefined) return `${subject} is missing`;
  return `${subject} is not ${EXPECTED[issue.expected] ?? issue.expected}`;
}

const EXPECTED: Readonly<Record<string, string>> = {
  object: 'a JSON object',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
};

/** `manifests[0].platform.architecture`, for messages (a key such as `os.version` is shown as it is). */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, position) => {
      if (typeof segment === 'number') return `[${segment}]`;
      return position === 0 ? String(segment) : `.${String(segment)}`;
    })
    .join('');
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/** A registry's value for a problem message: JSON, bounded. */
export function excerpt(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > EXCERPT_LIMIT ? `${text.slice(0, EXCERPT_LIMIT - 1)}…` : text;
}

function fail<T>(problem: string): Parsed<T> {
  return { ok: false, problem };
}
