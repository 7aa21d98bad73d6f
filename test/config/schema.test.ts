import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { validateConfig } from '../../src/config/load.js';
import { DEFAULT_CONFIG, PinbotConfigSchema } from '../../src/config/schema.js';
import { DEFAULT_INCLUDE } from '../../src/discover/globs.js';
import { DEFAULT_IMMUTABLE_TAGS } from '../../src/reference/tag-shape.js';

/** The GitHub App's settings when the file sets none of them. */
const APP_DEFAULTS = {
  group: 'repository',
  labels: ['dependencies', 'docker'],
  reviewers: [],
  teamReviewers: [],
  assignees: [],
  openPullRequestsLimit: 10,
  commitMessagePrefix: 'chore(deps)',
  schedule: [],
  timezone: 'UTC',
  forks: false,
  rebaseWhen: 'base-moved',
  immutableTags: [...DEFAULT_IMMUTABLE_TAGS],
  minimumReleaseAge: '0 days',
  pin: false,
};

describe('PinbotConfigSchema', () => {
  it('fills every default for an empty config', () => {
    expect(DEFAULT_CONFIG).toEqual({
      include: [...DEFAULT_INCLUDE],
      exclude: [],
      updateOnIndexOnlyChange: false,
      registryMirrors: {},
      ...APP_DEFAULTS,
    });
  });

  it('gives each parse its own frozen default values', () => {
    const first = PinbotConfigSchema.parse({});
    const second = PinbotConfigSchema.parse({});
    expect(first.include).not.toBe(second.include);
    expect(Object.isFrozen(first.include)).toBe(true);
    expect(Object.isFrozen(first.registryMirrors)).toBe(true);
    expect(first.labels).not.toBe(second.labels);
    expect(Object.isFrozen(first.labels)).toBe(true);
    expect(Object.isFrozen(first.schedule)).toBe(true);
    expect(Object.isFrozen(DEFAULT_CONFIG)).toBe(true);
  });

  it('keeps values the user set and defaults the rest', () => {
    expect(PinbotConfigSchema.parse({ exclude: ['vendor/**'], registryMirrors: { 'docker.io': 'mirror.gcr.io' } })).toEqual({
      include: [...DEFAULT_INCLUDE],
      exclude: ['vendor/**'],
      updateOnIndexOnlyChange: false,
      registryMirrors: { 'docker.io': 'mirror.gcr.io' },
      ...APP_DEFAULTS,
    });
  });

  it.each([
    ['true', true, true],
    ['false', false, false],
    ['a mapping, defaults filled in', { ignoreTags: ['latest'] }, { ignore: [], ignoreTags: ['latest'] }],
    ['an empty mapping', {}, { ignore: [], ignoreTags: [] }],
    [
      'image globs with a registry port',
      { ignore: ['localhost:5000/**', 'node'] },
      { ignore: ['localhost:5000/**', 'node'], ignoreTags: [] },
    ],
  ])('takes pin as %s', (_label, pin, parsed) => {
    expect(PinbotConfigSchema.parse({ pin }).pin).toEqual(parsed);
  });

  it.each([
    ['a tag in an image pattern', { ignore: ['node:22'] }, 'list the tag under ignoreTags'],
    ['a digest in an image pattern', { ignore: ['node@sha256:abc'] }, 'not digests'],
    ['a name in a tag pattern', { ignoreTags: ['node:22'] }, 'a tag alone'],
    ['an empty pattern', { ignore: [''] }, 'must not be empty'],
    ['an unclosed class', { ignoreTags: ['[a-'] }, 'not closed'],
    // Every pattern is matched against every tag-only reference: a repository cannot list thousands.
    ['51 image patterns', { ignore: Array.from({ length: 51 }, (_, i) => `team/app${i}`) }, 'at most 50 patterns'],
  ])('refuses pin with %s', (_label, pin, message) => {
    const result = validateConfig({ pin }, '.github/pinbot.yml');
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.errors.join('\n')).toContain(message);
  });

  it('rejects unknown keys', () => {
    const result = PinbotConfigSchema.safeParse({ inclde: ['x'] });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['inclde'] })]);
  });

  it.each([['localhost:5000'], ['ghcr.io'], ['registry.example.com:443'], ['10.0.0.7:5000'], ['docker.io']])(
    'accepts %s as a registry host',
    (host) => {
      expect(PinbotConfigSchema.safeParse({ registryMirrors: { [host]: 'mirror.example.com' } }).success).toBe(true);
    },
  );

  it.each([
    ['https://ghcr.io'],
    ['ghcr.io/'],
    ['GHCR.io'],
    ['-bad.example.com'],
    ['ghcr.io:port'],
    [''],
    ['index.docker.io'],
    ['registry-1.docker.io'],
  ])('rejects %j as a registry host', (host) => {
    expect(PinbotConfigSchema.safeParse({ registryMirrors: { [host]: 'mirror.example.com' } }).success).toBe(false);
  });

  it('describes every field, for editors and generated docs', () => {
    for (const [key, field] of Object.entries(PinbotConfigSchema.shape)) {
      // The key rides along so a failure names the field that lacks a description.
      expect([key, (field as z.ZodType).description]).toEqual([key, expect.stringMatching(/\w.{20,}/)]);
    }
  });

  it('converts to a JSON Schema with descriptions, defaults and no extra keys', () => {
    const json = z.toJSONSchema(PinbotConfigSchema, { io: 'input' }) as {
      additionalProperties: boolean;
      required?: string[];
      properties: Record<string, { description?: string; default?: unknown }>;
    };
    expect(json.additionalProperties).toBe(false);
    expect(json.required ?? []).toEqual([]);
    expect(Object.keys(json.properties)).toEqual([
      'include',
      'exclude',
      'updateOnIndexOnlyChange',
      'registryMirrors',
      ...Object.keys(APP_DEFAULTS).filter((key) => key !== 'immutableTags' && key !== 'minimumReleaseAge'),
      'policy',
      'immutableTags',
      'minimumReleaseAge',
    ]);
    for (const [key, value] of Object.entries(APP_DEFAULTS)) expect([key, json.properties[key]?.default]).toEqual([key, value]);
    expect(json.properties.updateOnIndexOnlyChange?.default).toBe(false);
    expect(json.properties.include?.default).toEqual([...DEFAULT_INCLUDE]);
    for (const property of Object.values(json.properties)) expect(property.description).toEqual(expect.any(String));
  });
});
