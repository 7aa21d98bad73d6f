import { describe, expect, it } from '@jest/globals';
import { scanGithubActions } from '../../../src/scan/yaml/github-actions.js';
import { expectConsistentOffsets } from './expect-pins.js';
import { brief, DIGEST, readFixture } from './fixtures.js';

const { a: A, b: B, c: C, d: D, e: E } = DIGEST;

describe('scanGithubActions on ci-workflow.yml', () => {
  const text = readFixture('ci-workflow.yml');
  const result = scanGithubActions('.github/workflows/ci.yml', text);

  it('finds job containers (mapping and string), services and docker:// steps', () => {
    expect(result.references.map(brief)).toEqual([
      { line: 12, column: 33, digestStart: 147, digestByteStart: 147, image: `node:22.9-bookworm@${A}`, platform: null },
      { line: 16, column: 31, digestStart: 306, digestByteStart: 306, image: `postgres:16.4@${C}`, platform: null },
      { line: 20, column: 26, digestStart: 468, digestByteStart: 468, image: `redis:7.4@${D}`, platform: null },
      // For docker:// the reference starts after the scheme.
      { line: 24, column: 52, digestStart: 700, digestByteStart: 700, image: `koalaman/shellcheck:v0.10.0@${B}`, platform: null },
      { line: 36, column: 37, digestStart: 1038, digestByteStart: 1038, image: `alpine:3.20@${E}`, platform: null },
      { line: 41, column: 28, digestStart: 1224, digestByteStart: 1224, image: `debian:12.7@${E}`, platform: null },
    ]);
    expect(result.references.every((reference) => reference.kind === 'github-actions')).toBe(true);
    expectConsistentOffsets(text, result);
  });

  it('skips an expression and an unpinned docker:// step, and ignores actions', () => {
    expect(result.skipped).toEqual([
      { file: '.github/workflows/ci.yml', line: 34, reason: 'variable', text: '${{ matrix.image }}' },
      {
        file: '.github/workflows/ci.yml',
        line: 37,
        reason: 'no-digest',
        text: 'docker://ghcr.io/acme/tools:latest',
        // The image after `docker://`, parsed: the policy checks read its name and tag.
        image: expect.objectContaining({ name: 'ghcr.io/acme/tools', tag: 'latest' }),
      },
    ]);
    expect(result.problems).toEqual([]);
  });
});

describe('scanGithubActions on the CRLF + BOM variant', () => {
  const text = readFixture('ci-workflow.crlf-bom.yml');

  it('is stored with a BOM and CRLF line endings', () => {
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.split('\r\n')).toHaveLength(text.split('\n').length);
  });

  it('reports the same lines and columns, with offsets into the exact text', () => {
    const result = scanGithubActions('ci.yml', text);
    expect(result.references.map(({ line, column, digestStart, digestByteStart }) => [line, column, digestStart, digestByteStart])).toEqual(
      [
        [12, 33, 159, 161],
        [16, 31, 322, 324],
        [20, 26, 488, 490],
        [24, 52, 724, 726],
        [36, 37, 1074, 1076],
        [41, 28, 1265, 1267],
      ],
    );
    expect(result.skipped.map(({ line, reason }) => [line, reason])).toEqual([
      [34, 'variable'],
      [37, 'no-digest'],
    ]);
    expectConsistentOffsets(text, result);
  });
});

describe('scanGithubActions on action metadata', () => {
  it('finds docker:// steps of a composite action, and nothing in its scripts', () => {
    const text = readFixture('action.yml');
    const result = scanGithubActions('action.yml', text);
    expect(result.references.map(brief)).toEqual([
      { line: 12, column: 55, digestStart: 325, digestByteStart: 325, image: `squidfunk/mkdocs-material:9.5.39@${B}`, platform: null },
      { line: 16, column: 49, digestStart: 510, digestByteStart: 510, image: `lycheeverse/lychee:0.16.1@${A}`, platform: null },
    ]);
    expect(result.skipped).toEqual([]);
    expect(result.problems).toEqual([]);
    expectConsistentOffsets(text, result);
  });

  it('finds runs.image of a Docker container action', () => {
    const result = scanGithubActions('action.yaml', readFixture('docker-action.yaml'));
    expect(result.references.map(brief)).toEqual([
      { line: 5, column: 45, digestStart: 126, digestByteStart: 126, image: `ghcr.io/acme/runner:1.2.0@${D}`, platform: null },
    ]);
    expect(result.skipped).toEqual([]);
  });

  it('ignores a Docker action built from its Dockerfile', () => {
    expect(scanGithubActions('action.yml', 'name: Build\nruns:\n  using: docker\n  image: Dockerfile\n')).toEqual({
      references: [],
      unpinned: [],
      skipped: [],
      problems: [],
    });
  });
});

describe('scanGithubActions on other shapes', () => {
  const scan = (text: string) => scanGithubActions('.github/workflows/x.yml', text);

  it('treats an expression anywhere in the image as a variable', () => {
    const text = [
      'jobs:',
      '  a:',
      '    container:',
      `      image: node:\${{ matrix.node }}@${A}`,
      '    steps:',
      '      - uses: docker://${{ inputs.image }}',
      '',
    ].join('\n');
    expect(scan(text).skipped.map(({ line, reason }) => [line, reason])).toEqual([
      [4, 'variable'],
      [6, 'variable'],
    ]);
  });

  it('ignores reusable workflow calls and local actions', () => {
    const text =
      'jobs:\n  call:\n    uses: acme/shared/.github/workflows/build.yml@main\n  local:\n    steps:\n      - uses: ./.github/actions/setup\n';
    expect(scan(text)).toEqual({ references: [], unpinned: [], skipped: [], problems: [] });
  });

  it('reports malformed YAML with its line and the parser message, without throwing', () => {
    const result = scan(`jobs:\n  test:\n    container: node:22@${A}\n    steps: [\n  other: 1\n`);
    expect(result.references).toEqual([]);
    expect(result.problems).toEqual([
      {
        file: '.github/workflows/x.yml',
        line: 5,
        message: 'malformed YAML (document 1, column 3): Flow sequence in block collection must be sufficiently indented and end with a ]',
      },
    ]);
  });
});

describe('scanGithubActions: action inputs that take an image, and matrix values (issue 11)', () => {
  const text = readFixture('kind-e2e-workflow.yml');
  const result = scanGithubActions('.github/workflows/e2e.yml', text);

  it('finds pins in matrix lists and include entries, setup-qemu-action image and kind-action node_image', () => {
    expect(result.references.map((reference) => ({ line: reference.line, image: reference.image.original }))).toEqual([
      { line: 17, image: `kindest/node:v1.30.4@${A}` },
      { line: 18, image: `kindest/node:v1.31.0@${B}` },
      { line: 21, image: `kindest/node:v1.29.8@${C}` },
      { line: 31, image: `tonistiigi/binfmt:qemu-v8.1.5@${E}` },
    ]);
    expect(result.references.every((reference) => reference.kind === 'github-actions')).toBe(true);
    expectConsistentOffsets(text, result);
  });

  it('reports an input the action documents as an image even unpinned (owner/repo compared case-insensitively), and guesses nothing else', () => {
    expect(result.skipped).toEqual([
      { file: '.github/workflows/e2e.yml', line: 37, reason: 'variable', text: '${{ matrix.node }}' },
      {
        file: '.github/workflows/e2e.yml',
        line: 41,
        reason: 'no-digest',
        text: 'kindest/node:v1.28.13',
        image: expect.objectContaining({ name: 'docker.io/kindest/node', tag: 'v1.28.13' }),
      },
    ]);
    // The matrix's digest alone (`cache-key`), `busybox:1.36` and another action's `image` input are not read.
    expect(result.references.map((reference) => reference.image.original).join(' ')).not.toMatch(/busybox|acme\/app|aa55/);
    expect(result.problems).toEqual([]);
  });
});
