import { z } from 'zod';
import { CONFIG_EXAMPLES, type ConfigExamples } from './examples.js';
import { PinbotConfigSchema } from './schema.js';

/**
 * The JSON Schema of `.github/pinbot.yml`, generated from the zod schema so that editors
 * validate and complete the same settings, defaults and descriptions pinbot itself enforces.
 * It covers the shape (types, enums, lengths, host patterns); checks that only code can do (the
 * schedule grammar, known time zones, Docker Hub aliases) are left to pinbot's own errors.
 */

/** Where the generated schema is committed, relative to the repository root. */
export const SCHEMA_FILE = 'schema/pinbot.schema.json';

/** The JSON Schema keywords one setting is described with (the subset zod emits for this schema). */
export interface JsonSchemaProperty {
  readonly type?: string;
  readonly description?: string;
  readonly default?: unknown;
  readonly examples?: readonly unknown[];
  readonly enum?: readonly unknown[];
  readonly items?: JsonSchemaProperty;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly pattern?: string;
  readonly propertyNames?: JsonSchemaProperty;
  readonly additionalProperties?: JsonSchemaProperty | boolean;
  /** A section of settings (`policy`), or the mapping form of `pin`: its own keys, each described like a top-level one. */
  readonly properties?: Readonly<Record<string, JsonSchemaProperty>>;
  readonly required?: readonly string[];
  /** Alternatives, e.g. `pin`: `true`, `false` or a mapping. */
  readonly anyOf?: readonly JsonSchemaProperty[];
}

export interface ConfigJsonSchema {
  readonly $schema: string;
  readonly title: string;
  readonly description: string;
  readonly type: 'object';
  readonly properties: Readonly<Record<string, JsonSchemaProperty>>;
  readonly additionalProperties: false;
}

const TITLE = 'pinbot configuration';

export function buildJsonSchema(): ConfigJsonSchema {
  const generated = z.toJSONSchema(PinbotConfigSchema, {
    // Input side: a key with a default may be left out, so nothing is `required`.
    io: 'input',
    // Draft 7 has the widest editor support (yaml-language-server, JetBrains IDEs) and every
    // keyword this schema needs.
    target: 'draft-07',
    override: ({ jsonSchema }) => {
      // zod marks `.readonly()` fields readOnly, but that only freezes the parsed value; in JSON
      // Schema it would tell tools the user is not meant to write the key.
      delete jsonSchema.readOnly;
    },
  });

  const { $schema, type, properties, additionalProperties, description } = generated;
  // The schema is strict; a JSON Schema that allowed unknown keys would let a misspelt key pass
  // in the editor and then fail in pinbot.
  if ($schema === undefined || type !== 'object' || additionalProperties !== false || properties === undefined) {
    throw new Error('PinbotConfigSchema must convert to a closed JSON Schema object with properties');
  }
  if (description === undefined) throw new Error('PinbotConfigSchema needs a .describe() text');

  const withExamples: Record<string, JsonSchemaProperty> = {};
  for (const [key, property] of Object.entries(properties)) {
    withExamples[key] = { ...(property as JsonSchemaProperty), examples: [exampleFor(key)] };
  }
  return { $schema, title: TITLE, description, type, properties: withExamples, additionalProperties };
}

/** The schema as committed: two-space indented JSON with a trailing newline. */
export function renderJsonSchema(): string {
  return `${JSON.stringify(buildJsonSchema(), null, 2)}\n`;
}

function exampleFor(key: string): unknown {
  if (!Object.hasOwn(CONFIG_EXAMPLES, key)) throw new Error(`src/config/examples.ts has no example for "${key}"`);
  // A copy, so a caller editing the returned schema cannot change the shared examples.
  return structuredClone(CONFIG_EXAMPLES[key as keyof ConfigExamples]);
}
