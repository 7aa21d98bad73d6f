import type { JsonSchemaProperty } from '../../src/config/json-schema.js';

/**
 * A JSON Schema validator for exactly the keywords pinbot's generated schema uses, so tests can
 * check what an editor would accept without a validator dependency. `unknownKeywords` lets a test
 * fail when the generator starts emitting a keyword this validator would silently ignore.
 */

/** Keywords that constrain values and are checked below. */
const ASSERTIONS = new Set([
  'anyOf',
  'type',
  'properties',
  'additionalProperties',
  'propertyNames',
  'required',
  'enum',
  'items',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'pattern',
]);

/** Keywords that only annotate. */
const ANNOTATIONS = new Set(['$schema', 'title', 'description', 'default', 'examples']);

export interface SubsetSchema extends JsonSchemaProperty {
  readonly properties?: Readonly<Record<string, SubsetSchema>>;
  readonly required?: readonly string[];
  readonly anyOf?: readonly SubsetSchema[];
}

/** Every keyword in `schema` (at any depth) that this validator neither checks nor knows to be an annotation. */
export function unknownKeywords(schema: SubsetSchema): string[] {
  const unknown = Object.keys(schema).filter((keyword) => !ASSERTIONS.has(keyword) && !ANNOTATIONS.has(keyword));
  const children = [
    ...Object.values(schema.properties ?? {}),
    schema.items,
    schema.propertyNames,
    typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined,
    ...(schema.anyOf ?? []),
  ].filter((child) => child !== undefined);
  return [...unknown, ...children.flatMap((child) => unknownKeywords(child))];
}

/** The violations of `schema` by `value`, each as `path: what`; empty when the value is valid. */
export function validate(schema: SubsetSchema, value: unknown, path = '$'): string[] {
  const { anyOf } = schema;
  if (anyOf !== undefined && !anyOf.some((alternative) => validate(alternative, value, path).length === 0)) {
    return [`${path}: matches no alternative`];
  }
  if (schema.type !== undefined && !hasType(value, schema.type)) return [`${path}: expected ${schema.type}`];
  const errors: string[] = [];
  if (schema.enum !== undefined && !schema.enum.some((allowed) => allowed === value)) errors.push(`${path}: not in enum`);
  if (typeof value === 'string') errors.push(...stringErrors(schema, value, path));
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${path}: below minimum`);
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${path}: above maximum`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${path}: too few items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push(`${path}: too many items`);
    const { items } = schema;
    if (items !== undefined) value.forEach((item, index) => errors.push(...validate(items, item, `${path}[${index}]`)));
  }
  if (isObject(value)) errors.push(...objectErrors(schema, value, path));
  return errors;
}

function stringErrors(schema: SubsetSchema, value: string, path: string): string[] {
  // JSON Schema counts characters as code points, not UTF-16 units.
  const length = [...value].length;
  const errors: string[] = [];
  if (schema.minLength !== undefined && length < schema.minLength) errors.push(`${path}: too short`);
  if (schema.maxLength !== undefined && length > schema.maxLength) errors.push(`${path}: too long`);
  if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) errors.push(`${path}: pattern`);
  return errors;
}

function objectErrors(schema: SubsetSchema, value: Record<string, unknown>, path: string): string[] {
  const errors: string[] = [];
  for (const key of schema.required ?? []) if (!Object.hasOwn(value, key)) errors.push(`${path}: missing ${key}`);
  for (const [key, entry] of Object.entries(value)) {
    const at = `${path}.${key}`;
    if (schema.propertyNames !== undefined) errors.push(...validate(schema.propertyNames, key, `${at} (key)`));
    const declared = schema.properties !== undefined && Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
    if (declared !== undefined) errors.push(...validate(declared, entry, at));
    else if (schema.additionalProperties === false) errors.push(`${at}: not allowed`);
    else if (typeof schema.additionalProperties === 'object') errors.push(...validate(schema.additionalProperties, entry, at));
  }
  return errors;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return typeof value === type;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
