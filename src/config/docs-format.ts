import { stringify } from 'yaml';
import type { JsonSchemaProperty } from './json-schema.js';

/**
 * Markdown pieces of the configuration reference, each derived from one JSON Schema property so
 * that the page states exactly what the schema (and so pinbot) accepts.
 */

/** The largest safe integer zod writes as `maximum` for `z.int()`; it is no real limit, so it is not shown. */
const NO_LIMIT = Number.MAX_SAFE_INTEGER;

/** Defaults whose inline form is longer than this are shown as a YAML block instead. */
const INLINE_DEFAULT_LIMIT = 50;

/** A human reading of a property's type and constraints, e.g. "list of strings of 1–50 characters". */
export function describeType(property: JsonSchemaProperty): string {
  if (property.anyOf !== undefined) return property.anyOf.map(describeType).join(', or ');
  if (property.enum !== undefined) return `one of ${property.enum.map((value) => code(JSON.stringify(value))).join(', ')}`;
  switch (property.type) {
    case 'array': {
      if (property.items === undefined) throw new Error('an array property needs "items"');
      const atLeast = property.minItems === undefined || property.minItems === 0 ? '' : `, at least ${property.minItems}`;
      const atMost = property.maxItems === undefined ? '' : `, at most ${property.maxItems.toLocaleString('en-US')}`;
      const items = property.items.type === 'object' ? `mappings with ${keyList(property.items)}` : describeString(property.items, true);
      return `list of ${items}${atLeast}${atMost}`;
    }
    case 'object': {
      if (property.properties !== undefined) return `mapping with ${keyList(property)}`;
      const { propertyNames, additionalProperties } = property;
      if (propertyNames === undefined || typeof additionalProperties !== 'object') {
        throw new Error('an object property needs "propertyNames" and an "additionalProperties" schema');
      }
      return `map from ${describeString(propertyNames, false)} to ${describeString(additionalProperties, false)}`;
    }
    case 'integer': {
      const bounds = [
        property.minimum === undefined ? undefined : `at least ${property.minimum}`,
        property.maximum === undefined || property.maximum >= NO_LIMIT ? undefined : `at most ${property.maximum}`,
      ].filter((part) => part !== undefined);
      return bounds.length === 0 ? 'integer' : `integer, ${bounds.join(', ')}`;
    }
    case 'string':
      return describeString(property, false);
    case 'boolean':
      return '`true` or `false`';
    default:
      throw new Error(`no description for JSON Schema type ${JSON.stringify(property.type)}`);
  }
}

/** `` `from` and `to` `` (required keys), or `` `a`, `b` or `c` (each optional) ``. */
function keyList(property: JsonSchemaProperty): string {
  const keys = Object.keys(property.properties ?? {}).map(code);
  const required = property.required ?? [];
  const last = keys.pop() ?? '';
  if (required.length === keys.length + 1) return keys.length === 0 ? last : `${keys.join(', ')} and ${last}`;
  return `${keys.length === 0 ? last : `${keys.join(', ')} or ${last}`} (each optional)`;
}

/** The keys of the mapping alternative of a setting (the `ignore` and `ignoreTags` of `pin`), if it has one. */
export function mappingKeys(property: JsonSchemaProperty): Readonly<Record<string, JsonSchemaProperty>> | undefined {
  return property.properties ?? property.anyOf?.find((alternative) => alternative.properties !== undefined)?.properties;
}

function describeString(property: JsonSchemaProperty, plural: boolean): string {
  if (property.type !== 'string') throw new Error(`expected a string schema, got ${JSON.stringify(property.type)}`);
  const noun = plural ? 'strings' : 'string';
  const { minLength = 0, maxLength } = property;
  if (maxLength !== undefined) {
    return minLength > 0 ? `${noun} of ${minLength}–${maxLength} characters` : `${noun} of at most ${maxLength} characters`;
  }
  return minLength > 0 ? `non-empty ${noun}` : noun;
}

/** A default short enough for a table cell, or undefined when it needs a YAML block (see {@link yamlBlock}). */
export function inlineDefault(value: unknown): string | undefined {
  const text = flow(value);
  return text.length <= INLINE_DEFAULT_LIMIT ? code(text) : undefined;
}

/** One-line JSON, which is also valid YAML flow style: `["dependencies", "docker"]`. */
function flow(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flow).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([key, entry]) => `${JSON.stringify(key)}: ${flow(entry)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value);
}

/** `key: value` as it would be written in `.github/pinbot.yml`, fenced as a YAML code block. */
export function yamlBlock(data: Record<string, unknown>): string {
  return ['```yaml', yamlText(data).trimEnd(), '```'].join('\n');
}

/** YAML text without line folding, so that an example is exactly what a user would type. */
export function yamlText(data: Record<string, unknown>): string {
  return stringify(data, { lineWidth: 0 });
}

/** An inline code span; the fence grows when the text itself holds backticks. */
export function code(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Schema descriptions are plain text: keep `<image>` or `*` from being read as HTML or emphasis. */
export function escapeText(text: string): string {
  return text.replace(/[\\`*_[\]|]/g, (character) => `\\${character}`).replace(/</g, '&lt;');
}

/** A table cell: a `|` even inside a code span would end the cell in GitHub's Markdown. */
export function escapeCell(markdown: string): string {
  return markdown.replace(/(?<!\\)\|/g, '\\|');
}
