import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parse } from 'yaml';
import { DOCS_FILE, renderConfigDocs, renderSampleConfig } from '../../src/config/docs.js';
import { CONFIG_EXAMPLES } from '../../src/config/examples.js';
import { buildJsonSchema, renderJsonSchema, SCHEMA_FILE } from '../../src/config/json-schema.js';
import { parseConfig } from '../../src/config/load.js';
import { DEFAULT_CONFIG, PinbotConfigSchema } from '../../src/config/schema.js';
import { unknownKeywords, validate } from './json-schema-subset.js';

const SOURCE = '.github/pinbot.yml';
const KEYS = Object.keys(PinbotConfigSchema.shape);

/** Compares a committed artifact with its rendering; the failure says how to refresh it. */
function expectCommitted(file: string, rendered: string): void {
  const url = new URL(`../../${file}`, import.meta.url);
  const committed = existsSync(url) ? readFileSync(url, 'utf8') : undefined;
  if (committed === rendered) return;
  const lines = committed?.split('\n') ?? [];
  const index = rendered.split('\n').findIndex((line, at) => line !== lines[at]);
  const where = committed === undefined ? 'is missing' : `is out of date (first difference at line ${index + 1})`;
  throw new Error(`${file} ${where}; run \`npm run schema\` and commit the result`);
}

function sampleFromDocs(docs: string): string {
  const match = /^## Sample configuration\n[\s\S]*?^```yaml\n([\s\S]*?)^```$/m.exec(docs);
  if (match?.[1] === undefined) throw new Error(`${DOCS_FILE} has no YAML block under "## Sample configuration"`);
  return match[1];
}

describe('committed configuration artifacts', () => {
  it(`${SCHEMA_FILE} is up to date`, () => {
    expectCommitted(SCHEMA_FILE, renderJsonSchema());
  });

  it(`${DOCS_FILE} is up to date`, () => {
    expectCommitted(DOCS_FILE, renderConfigDocs());
  });

  it('reports a stale artifact with the command that refreshes it', () => {
    expect(() => expectCommitted(SCHEMA_FILE, `${renderJsonSchema()} `)).toThrow(`${SCHEMA_FILE} is out of date (first difference at line`);
    expect(() => expectCommitted('schema/absent.json', '{}\n')).toThrow('schema/absent.json is missing; run `npm run schema`');
  });
});

describe('buildJsonSchema', () => {
  const schema = buildJsonSchema();

  it('is a closed draft-07 schema with every setting optional', () => {
    expect(schema).toMatchObject({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', additionalProperties: false });
    expect(schema).not.toHaveProperty('required');
    expect(Object.keys(schema.properties)).toEqual(KEYS);
    expect(renderJsonSchema()).not.toContain('readOnly');
  });

  it('states the defaults pinbot applies and an example each', () => {
    for (const key of KEYS) {
      const property = schema.properties[key];
      expect([key, property?.default]).toEqual([key, DEFAULT_CONFIG[key as keyof typeof DEFAULT_CONFIG]]);
      expect([key, property?.examples]).toEqual([key, [CONFIG_EXAMPLES[key as keyof typeof CONFIG_EXAMPLES]]]);
    }
  });

  it('returns a fresh object each time', () => {
    const first = buildJsonSchema() as unknown as { properties: Record<string, { examples: unknown[][] }> };
    first.properties.labels?.examples[0]?.push('changed');
    expect(buildJsonSchema()).toEqual(schema);
  });
});

describe('renderConfigDocs', () => {
  const docs = renderConfigDocs();

  it.each(KEYS)('documents %s with its description, type, default and example', (key) => {
    const section = docs.split(`\n### \`${key}\`\n`)[1]?.split('\n### ')[0] ?? '';
    expect(section).toContain('**Type:**');
    expect(section).toContain('**Default:**');
    expect(section).toContain(PinbotConfigSchema.shape[key as keyof typeof PinbotConfigSchema.shape].description?.slice(0, 40));
    expect(docs).toContain(`| [\`${key}\`](#${key.toLowerCase()}) |`);
  });

  it('explains editor validation with the yaml-language-server comment', () => {
    expect(docs).toContain('# yaml-language-server: $schema=pinbot.schema.json');
    expect(docs).toContain(`/${SCHEMA_FILE}\n`);
  });

  it('shows the rendered sample config, which sets every key and parses without errors', () => {
    const sample = sampleFromDocs(docs);
    expect(sample).toBe(renderSampleConfig());
    expect(sample.split('\n')[0]).toBe('# yaml-language-server: $schema=pinbot.schema.json');
    expect(Object.keys(parse(sample) as object)).toEqual(KEYS);
    expect(parseConfig(sample, SOURCE)).toEqual({ ok: true, config: PinbotConfigSchema.parse(CONFIG_EXAMPLES) });
  });

  it.each(KEYS)('gives an example for %s that pinbot accepts', (key) => {
    const example = docs.split(`\n### \`${key}\`\n`)[1]?.split('Example:\n\n```yaml\n')[1]?.split('```')[0] ?? '';
    const parsed = parseConfig(example, SOURCE);
    expect(parsed).toEqual({ ok: true, config: expect.objectContaining({ [key]: expect.anything() }) });
    expect(parsed.ok && parsed.config[key as keyof typeof parsed.config]).toEqual(CONFIG_EXAMPLES[key as keyof typeof CONFIG_EXAMPLES]);
  });
});

describe('the JSON Schema as an editor applies it', () => {
  const schema = buildJsonSchema();
  const check = (yaml: string) => ({ editor: validate(schema, parse(yaml) ?? {}).length === 0, pinbot: parseConfig(yaml, SOURCE).ok });

  it('uses only keywords this test validator understands', () => {
    expect(unknownKeywords(schema)).toEqual([]);
  });

  it.each([
    ['the sample config', renderSampleConfig()],
    ['an empty file', ''],
    ['a mirror on a port', 'registryMirrors:\n  "localhost:5000": cache.internal:5001\n'],
    ['no PRs at all', 'openPullRequestsLimit: 0\n'],
  ])('accepts %s, as pinbot does', (_label, yaml) => {
    expect(check(yaml)).toEqual({ editor: true, pinbot: true });
  });

  it.each([
    ['a misspelt key', 'inclde: ["**/Dockerfile"]\n'],
    ['a string for a list', 'exclude: vendor\n'],
    ['an empty include list', 'include: []\n'],
    ['an unknown group', 'group: everything\n'],
    ['a negative limit', 'openPullRequestsLimit: -1\n'],
    ['a fractional limit', 'openPullRequestsLimit: 2.5\n'],
    ['a 51-character label', `labels: [${'x'.repeat(51)}]\n`],
    ['a registry URL as a key', 'registryMirrors:\n  "https://ghcr.io": mirror.example.com\n'],
    ['a mirror with a path', 'registryMirrors:\n  docker.io: mirror.gcr.io/v2\n'],
    ['a reviewer with a space', 'reviewers: ["octo cat"]\n'],
    ['a boolean as text', 'forks: "yes"\n'],
    ['an unknown policy key', 'policy:\n  requireDigests: [deploy/**]\n'],
    ['a promotion without "to"', 'policy:\n  promotions:\n    - from: deploy/staging/**\n'],
    ['a forbidden tag with a colon', 'policy:\n  forbidTags: ["node:latest"]\n'],
  ])('rejects %s, as pinbot does', (_label, yaml) => {
    expect(check(yaml)).toEqual({ editor: false, pinbot: false });
  });

  it.each([
    ['a schedule phrase pinbot cannot read', 'schedule: ["at noon"]\n'],
    ['an unknown time zone', 'timezone: Mars/Olympus_Mons\n'],
    ['a Docker Hub alias', 'registryMirrors:\n  index.docker.io: mirror.gcr.io\n'],
    ['a glob starting with ./', 'exclude: [./vendor]\n'],
    ['a reviewer written with @', 'reviewers: ["@octocat"]\n'],
    ['a policy glob starting with /', 'policy:\n  requireDigest: [/deploy/**]\n'],
  ])('leaves %s to pinbot, as the docs say', (_label, yaml) => {
    expect(check(yaml)).toEqual({ editor: true, pinbot: false });
  });

  // zod reports a refused record key as `invalid_key` wrapping the key's own issues; a key that is a valid host
  // but refused by code (`index.docker.io`, an alias of docker.io) nests a custom issue there.
  const isRefinement = (issue: { code: string; issues?: readonly { code: string }[] }): boolean =>
    issue.code === 'custom' || (issue.code === 'invalid_key' && (issue.issues ?? []).every(isRefinement));

  it('rejects only what pinbot rejects, and misses only checks that need code', () => {
    const values = (key: (typeof KEYS)[number]) =>
      fc.oneof(
        fc.constant(CONFIG_EXAMPLES[key as keyof typeof CONFIG_EXAMPLES]),
        fc.constant(DEFAULT_CONFIG[key as keyof typeof DEFAULT_CONFIG]),
        fc.jsonValue({ maxDepth: 2 }),
        fc.array(fc.oneof(fc.string(), fc.constantFrom('@octocat', './x', 'x'.repeat(51), '', 'every weekday'))),
        fc.dictionary(fc.constantFrom('docker.io', 'index.docker.io', 'GHCR.io', 'localhost:5000'), fc.string()),
        fc.integer({ min: -3, max: 3 }),
      );
    // One key varies at a time over an otherwise valid config, so each key's checks are what decide.
    const config = fc
      .constantFrom(...KEYS, 'extra')
      .chain((key) => values(key).map((value): Record<string, unknown> => ({ ...CONFIG_EXAMPLES, [key]: value })))
      // YAML cannot say `undefined`: a key whose value is undefined (policy's default) is a key left out.
      .map((candidate) => Object.fromEntries(Object.entries(candidate).filter(([, value]) => value !== undefined)));
    fc.assert(
      fc.property(config, (candidate) => {
        const editorErrors = validate(schema, candidate);
        const parsed = PinbotConfigSchema.safeParse(candidate);
        if (parsed.success) return editorErrors.length === 0;
        // Where pinbot refuses and the editor does not, only a refinement (custom check) may be why.
        return editorErrors.length > 0 || parsed.error.issues.every(isRefinement);
      }),
      { numRuns: 500 },
    );
  });
});
