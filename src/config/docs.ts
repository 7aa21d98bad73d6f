import { describeType, code, escapeCell, escapeText, inlineDefault, mappingKeys, yamlBlock, yamlText } from './docs-format.js';
import { buildJsonSchema, SCHEMA_FILE, type JsonSchemaProperty } from './json-schema.js';
import { CONFIG_PATHS } from './load.js';

/**
 * The configuration reference (docs/configuration.md), rendered from the generated JSON Schema:
 * every key's type, default and description come from src/config/schema.ts, and its example from
 * src/config/examples.ts, so the page cannot describe settings pinbot does not have. Pure: the
 * generator script writes the result and a test compares it with the committed page.
 */

/** Where the rendered page is committed, relative to the repository root. */
export const DOCS_FILE = 'docs/configuration.md';

/** The editor hint for a schema copied next to the config file (the path is relative to the YAML file). */
const LOCAL_SCHEMA_HINT = '# yaml-language-server: $schema=pinbot.schema.json';

/** The editor hint for the schema served from pinbot's repository; the user fills in where they take pinbot from. */
const REMOTE_SCHEMA_HINT = `# yaml-language-server: $schema=https://raw.githubusercontent.com/OWNER/REPOSITORY/REF/${SCHEMA_FILE}`;

/** A config file setting every key to its example value, starting with the editor hint. */
export function renderSampleConfig(): string {
  const { properties } = buildJsonSchema();
  const sample: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(properties)) sample[key] = exampleOf(key, property);
  return `${LOCAL_SCHEMA_HINT}\n${yamlText(sample)}`;
}

export function renderConfigDocs(): string {
  const schema = buildJsonSchema();
  const entries = Object.entries(schema.properties);
  const [primary, alternative] = CONFIG_PATHS;
  const sections = [
    '<!-- Generated from src/config/schema.ts by `npm run schema`. Edit the schema, not this page. -->',
    '# Configuration reference',
    `pinbot reads ${code(primary ?? '')}${alternative === undefined ? '' : ` (or ${code(alternative)}, but not both)`} ` +
      'from the root of the repository. Every key is optional: without the file, or with an empty one, every ' +
      'default below applies. A key pinbot does not know is an error, so a misspelt setting never goes unnoticed.',
    ...editorSection(),
    '## Sample configuration',
    'Every key, set to an example value. Copy it and delete the keys you want to keep at their defaults:',
    ['```yaml', renderSampleConfig().trimEnd(), '```'].join('\n'),
    '## Keys',
    summaryTable(entries),
    ...entries.flatMap(([key, property]) => keySection(key, property)),
  ];
  return `${sections.join('\n\n')}\n`;
}

function editorSection(): string[] {
  return [
    '## Editor validation',
    `[${code(SCHEMA_FILE)}](../${SCHEMA_FILE}) is a JSON Schema of this file. Editors that use the YAML ` +
      'language server (VS Code with the Red Hat YAML extension, Neovim, Helix, and others) check the file ' +
      'against it as you type, complete keys and show the descriptions below. Point the first line of ' +
      `${code(CONFIG_PATHS[0] ?? '')} at the schema, either at a copy next to it ` +
      `(${code(`.github/${SCHEMA_FILE.split('/').pop() ?? ''}`)}; the path is relative to the YAML file):`,
    ['```yaml', LOCAL_SCHEMA_HINT, '```'].join('\n'),
    'or at the raw file in the pinbot repository you use, at the tag of the pinbot version you run, so the schema ' +
      'matches the settings that version knows:',
    ['```yaml', REMOTE_SCHEMA_HINT, '```'].join('\n'),
    'The schema checks types, allowed values, lengths and host formats. A few checks need pinbot itself: the ' +
      `${code('schedule')} phrases, time zone names, Docker Hub's alternative host names and globs starting with ` +
      `${code('/')} or ${code('./')}. pinbot reports those with the file, line and key when it reads the file.`,
  ];
}

function summaryTable(entries: readonly (readonly [string, JsonSchemaProperty])[]): string {
  const rows = entries.map(([key, property]) => {
    const shown = isSection(property)
      ? 'not set'
      : (inlineDefault(defaultOf(key, property)) ?? `see [${code(key)}](#${key.toLowerCase()})`);
    return `| [${code(key)}](#${key.toLowerCase()}) | ${escapeCell(describeType(property))} | ${escapeCell(shown)} |`;
  });
  return ['| Key | Type | Default |', '| --- | --- | --- |', ...rows].join('\n');
}

function keySection(key: string, property: JsonSchemaProperty): string[] {
  if (isSection(property)) return sectionOfKeys(key, property);
  const value = defaultOf(key, property);
  const inline = inlineDefault(value);
  const facts = [`- **Type:** ${describeType(property)}`, `- **Default:** ${inline ?? 'the list below'}`].join('\n');
  const keys = subKeys(key, mappingKeys(property) ?? {});
  return [
    `### ${code(key)}`,
    escapeText(descriptionOf(key, property)),
    facts,
    ...(keys.length > 0 ? [keys.join('\n')] : []),
    ...(inline === undefined ? [yamlBlock({ [key]: value })] : []),
    'Example:',
    yamlBlock({ [key]: exampleOf(key, property) }),
  ];
}

/** A section of settings (`policy`) has no default: leaving it out means the feature is off. */
function isSection(property: JsonSchemaProperty): boolean {
  return property.type === 'object' && property.properties !== undefined && !('default' in property);
}

function sectionOfKeys(key: string, property: JsonSchemaProperty): string[] {
  const facts = [`- **Type:** ${describeType(property)}`, '- **Default:** not set'].join('\n');
  const keys = subKeys(key, property.properties ?? {});
  return [
    `### ${code(key)}`,
    escapeText(descriptionOf(key, property)),
    facts,
    keys.join('\n'),
    'Example:',
    yamlBlock({ [key]: exampleOf(key, property) }),
  ];
}

/** One line per key of a mapping setting (`policy`, or the mapping form of `pin`): type, default, description. */
function subKeys(key: string, properties: Readonly<Record<string, JsonSchemaProperty>>): string[] {
  return Object.entries(properties).map(([name, sub]) => {
    const shown = inlineDefault(defaultOf(`${key}.${name}`, sub)) ?? 'see the example';
    return `- ${code(name)} (${describeType(sub)}, default ${shown}): ${escapeText(descriptionOf(`${key}.${name}`, sub))}`;
  });
}

// Every setting has a description, a default and an example (schema.ts and examples.ts require
// them); a missing one is a programming error, so it throws rather than rendering a gap.

function descriptionOf(key: string, property: JsonSchemaProperty): string {
  if (property.description === undefined) throw new Error(`setting "${key}" has no description`);
  return property.description;
}

function defaultOf(key: string, property: JsonSchemaProperty): unknown {
  if (!('default' in property)) throw new Error(`setting "${key}" has no default`);
  return property.default;
}

function exampleOf(key: string, property: JsonSchemaProperty): unknown {
  const [example] = property.examples ?? [];
  if (example === undefined) throw new Error(`setting "${key}" has no example`);
  return example;
}
