import { describe, expect, it } from '@jest/globals';
import { scanCompose } from '../../../src/scan/yaml/compose.js';
import { expectConsistentOffsets } from './expect-pins.js';
import { brief, DIGEST, readFixture } from './fixtures.js';

const { a: A, b: B, c: C, d: D, e: E } = DIGEST;

describe('scanCompose on compose.yaml', () => {
  const text = readFixture('compose.yaml');
  const result = scanCompose('deploy/compose.yaml', text);

  it('finds every pinned service image: quoted, bare, commented, aliased and inside variable defaults', () => {
    expect(result.references.map(brief)).toEqual([
      // `worker` reaches its image through `*worker-image`: reported once, at the anchor, with worker's platform.
      { line: 9, column: 57, digestStart: 200, digestByteStart: 200, image: `ghcr.io/acme/worker:2.4.1@${E}`, platform: 'linux/arm64' },
      { line: 13, column: 31, digestStart: 320, digestByteStart: 320, image: `nginx:1.27-alpine@${A}`, platform: 'linux/amd64' },
      // `platform: ${API_PLATFORM:-linux/arm64}` is decided at run time, so no platform is claimed.
      {
        line: 20,
        column: 55,
        digestStart: 556,
        digestByteStart: 556,
        image: `registry.example.com:5000/acme/api:v3.2.0@${B}`,
        platform: null,
      },
      { line: 25, column: 35, digestStart: 741, digestByteStart: 741, image: `postgres:16.4-bookworm@${C}`, platform: null },
      { line: 31, column: 37, digestStart: 1029, digestByteStart: 1029, image: `redis:7.4@${D}`, platform: null },
      { line: 34, column: 51, digestStart: 1162, digestByteStart: 1162, image: `rabbitmq:3.13-management@${B}`, platform: null },
    ]);
    expect(result.references.every((reference) => reference.kind === 'compose' && reference.file === 'deploy/compose.yaml')).toBe(true);
    expectConsistentOffsets(text, result);
  });

  it('skips variables, unpinned images, and never reads `image:` inside other values', () => {
    expect(result.skipped).toEqual([
      { file: 'deploy/compose.yaml', line: 37, reason: 'variable', text: '${SEARCH_IMAGE}' },
      { file: 'deploy/compose.yaml', line: 40, reason: 'variable', text: `\${REGISTRY:-docker.io}/library/traefik:v3.1@${C}` },
      {
        file: 'deploy/compose.yaml',
        line: 50,
        reason: 'no-digest',
        text: 'mailhog/mailhog:v1.0.1',
        image: expect.objectContaining({ name: 'docker.io/mailhog/mailhog', tag: 'v1.0.1' }),
      },
    ]);
    expect(result.problems).toEqual([]);
  });

  it('parses the default of a variable into the reference', () => {
    const cache = result.references.find((reference) => reference.line === 31);
    expect(cache?.image).toMatchObject({ original: `redis:7.4@${D}`, tag: '7.4', digest: D, name: 'docker.io/library/redis' });
  });
});

describe('scanCompose on the CRLF + BOM variant', () => {
  const text = readFixture('compose.crlf-bom.yaml');

  it('is stored with a BOM and CRLF line endings (a normalising checkout would void this test)', () => {
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.split('\r\n')).toHaveLength(text.split('\n').length);
  });

  it('reports the same lines and columns, with offsets into the exact text', () => {
    const result = scanCompose('compose.yaml', text);
    expect(result.references.map(brief)).toEqual([
      { line: 9, column: 57, digestStart: 209, digestByteStart: 211, image: `ghcr.io/acme/worker:2.4.1@${E}`, platform: 'linux/arm64' },
      { line: 13, column: 31, digestStart: 333, digestByteStart: 335, image: `nginx:1.27-alpine@${A}`, platform: 'linux/amd64' },
      {
        line: 20,
        column: 55,
        digestStart: 576,
        digestByteStart: 578,
        image: `registry.example.com:5000/acme/api:v3.2.0@${B}`,
        platform: null,
      },
      { line: 25, column: 35, digestStart: 766, digestByteStart: 768, image: `postgres:16.4-bookworm@${C}`, platform: null },
      { line: 31, column: 37, digestStart: 1060, digestByteStart: 1062, image: `redis:7.4@${D}`, platform: null },
      { line: 34, column: 51, digestStart: 1196, digestByteStart: 1198, image: `rabbitmq:3.13-management@${B}`, platform: null },
    ]);
    expect(result.skipped.map(({ line, reason }) => [line, reason])).toEqual([
      [37, 'variable'],
      [40, 'variable'],
      [50, 'no-digest'],
    ]);
    expectConsistentOffsets(text, result);
  });
});

describe('scanCompose on smaller shapes', () => {
  const scan = (text: string) => scanCompose('compose.yaml', text);

  it('treats other variable forms as variables, including an empty default', () => {
    const text = [
      'services:',
      `  a: { image: "\${TAG:?set TAG}" }`,
      `  b: { image: "\${IMAGE:-}" }`,
      `  c: { image: "\${A:-redis:7.4@${D}}\${B}" }`,
      `  d: { image: "redis:\${TAG:-7.4}@${D}" }`,
      `  e: { image: "$IMAGE" }`,
      '',
    ].join('\n');
    const result = scan(text);
    expect(result.references).toEqual([]);
    expect(result.skipped.map(({ line, reason }) => [line, reason])).toEqual([
      [2, 'variable'],
      [3, 'variable'],
      [4, 'variable'],
      [5, 'variable'],
      [6, 'variable'],
    ]);
  });

  it('follows `<<` merge keys: the merged image is reported at its anchor, with the merged platform', () => {
    const text = [
      'x-base: &base',
      `  image: ghcr.io/acme/base:1.0@${A}`,
      '  platform: linux/arm64',
      'services:',
      '  one:',
      '    <<: *base',
      '  two:',
      '    <<: *base',
      `    image: ghcr.io/acme/two:2.0@${B}`,
      '',
    ].join('\n');
    const result = scan(text);
    expect(result.references.map(brief)).toEqual([
      { line: 2, column: 32, digestStart: 45, digestByteStart: 45, image: `ghcr.io/acme/base:1.0@${A}`, platform: 'linux/arm64' },
      { line: 9, column: 33, digestStart: 225, digestByteStart: 225, image: `ghcr.io/acme/two:2.0@${B}`, platform: 'linux/arm64' },
    ]);
    expectConsistentOffsets(text, result);
  });

  it('skips values it cannot point at exactly, saying why, instead of guessing offsets', () => {
    const text = [
      'services:',
      '  escaped:',
      `    image: "ghcr.io/acme/app\\x3a1.0@${A}"`,
      '  doubled-quote:',
      `    image: 'it''s:1.0@${A}'`,
      '  folded:',
      '    image: ghcr.io/acme/app:1.0',
      `      @${A}`,
      '  block:',
      '    image: |',
      `      ghcr.io/acme/app:1.0@${A}`,
      '',
    ].join('\n');
    const result = scan(text);
    expect(result.references).toEqual([]);
    expect(result.skipped).toEqual([
      {
        file: 'compose.yaml',
        line: 3,
        reason: 'invalid-reference',
        text: `ghcr.io/acme/app:1.0@${A}`,
        detail: 'the image value is double-quoted with escape sequences or line breaks',
      },
      {
        file: 'compose.yaml',
        line: 5,
        reason: 'invalid-reference',
        text: `it's:1.0@${A}`,
        detail: 'the image value is single-quoted with escaped quotes or line breaks',
      },
      {
        file: 'compose.yaml',
        line: 7,
        reason: 'invalid-reference',
        text: `ghcr.io/acme/app:1.0 @${A}`,
        detail: 'the image value is folded over several lines',
      },
      {
        file: 'compose.yaml',
        line: 10,
        reason: 'invalid-reference',
        text: `ghcr.io/acme/app:1.0@${A}`,
        detail: 'the image value is a block scalar (| or >); only single-line values are read',
      },
    ]);
  });

  it('skips an image that is not a string, and ignores an empty one', () => {
    const result = scan('services:\n  a:\n    image: 42\n  b:\n    image: [nginx]\n  c:\n    image:\n  d:\n    image: ""\n');
    expect(result.skipped).toEqual([
      { file: 'compose.yaml', line: 3, reason: 'invalid-reference', text: '42', detail: 'expected an image string, found a number' },
      { file: 'compose.yaml', line: 5, reason: 'invalid-reference', text: '[nginx]', detail: 'expected an image string, found a list' },
    ]);
  });

  it('reports malformed YAML with its line and the parser message, without throwing', () => {
    const result = scan(`services:\n  web:\n    image: nginx:1.27@${A}\n   bad: [\n`);
    expect(result.references).toEqual([]);
    expect(result.problems).toEqual([
      { file: 'compose.yaml', line: 4, message: 'malformed YAML (document 1, column 1): All mapping items must start at the same column' },
    ]);
  });

  it('finds nothing, and reports nothing, in YAML that has no services', () => {
    expect(scan('name: just-a-name\nvolumes:\n  data: {}\n')).toEqual({ references: [], unpinned: [], skipped: [], problems: [] });
    expect(scan('')).toEqual({ references: [], unpinned: [], skipped: [], problems: [] });
    expect(scan('\uFEFF# only a comment\r\n')).toEqual({ references: [], unpinned: [], skipped: [], problems: [] });
  });
});
