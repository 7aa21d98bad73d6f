/**
 * Generated Dockerfiles, compose files, Kubernetes manifests, kustomizations, Helm values and dev
 * container configs, hostile ones included (anchors and aliases, merge keys, thousands of stages,
 * very long lines, deep nesting), fed to the scanners through the scan pool. The budget cuts off whatever would run long; what is asserted
 * is that every file yields a result, and that every pin found is exactly where it says.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createScanPool } from '../../src/scan/pool/scan-pool.js';
import type { ScanResult } from '../../src/scan/types.js';
import { expectConsistentOffsets } from './yaml/expect-pins.js';

const pool = createScanPool({ cpuBudgetMs: 1000 });
afterAll(() => pool.close());

const digest = fc.stringMatching(/^[0-9a-f]{64}$/).map((hex) => `sha256:${hex}`);
const name = fc.constantFrom('a', 'base', 'build', 'S1', 'x-y');
const image = fc.oneof(
  fc
    .tuple(fc.constantFrom('node', 'ghcr.io/acme/api', 'localhost:5000/x'), fc.constantFrom('22', 'v1.2'), digest)
    .map(([n, t, d]) => `${n}:${t}@${d}`),
  fc.constantFrom('scratch', '$BASE', '${BASE:-node:22}', 'a', '0', '"quoted"'),
  name,
);
/** A piece repeated up to thousands of times: the amplifier in every generator below. */
const many = (piece: fc.Arbitrary<string>, max: number) =>
  fc.tuple(piece, fc.integer({ min: 1, max })).map(([text, count]) => text.repeat(count));
const long = fc
  .tuple(fc.constantFrom('a', ' ', 'é', '\\', '$', '-', '@'), fc.integer({ min: 1, max: 100_000 }))
  .map(([c, n]) => c.repeat(n));

const dockerLine = fc.oneof(
  fc.tuple(image, fc.option(name)).map(([i, as]) => `FROM ${i}${as === null ? '' : ` AS ${as}`}\n`),
  fc.tuple(fc.constantFrom('linux/amd64', '$BUILDPLATFORM'), image, name).map(([p, i, as]) => `FROM --platform=${p} ${i} AS ${as}\n`),
  image.map((i) => `ARG BASE=${i}\n`),
  // Issue 11's fragments: ARGs holding a tag and digest, or a digest, assembled on FROM lines.
  fc.constantFrom('ARG T=1@sha256:' + 'c'.repeat(64) + '\n', 'ARG H="@sha256:' + 'c'.repeat(64) + '"\n', 'ARG N=node\n', 'ARG E=\n'),
  fc.constantFrom('FROM node:${T}\n', 'FROM ${N}:22${H}\n', 'FROM ${N}:${T:-x}${H:+$H}\n', 'FROM a:${T}${T}\n', 'FROM ${E:-${N}}\n'),
  many(fc.constantFrom('${T}', '${H}', '$N', '${', ':-', '}'), 10_000).map((text) => `FROM x:${text}\n`),
  fc.oneof(name, fc.constantFrom('0', '7', '$BASE')).map((from) => `COPY --from=${from} /a /b\n`),
  image.map((i) => `RUN --mount=type=bind,from=${i},target=/x true\n`),
  fc.constantFrom(
    'RUN a \\\n  b\n',
    'RUN <<EOF\nFROM inside\nEOF\n',
    'ONBUILD COPY --from=base /a /b\n',
    '# comment\n',
    '\n',
    'ENV BASE=x\n',
  ),
  long.map((text) => `FROM ${text}\n`),
  long.map((text) => `# syntax=docker/dockerfile:1${text}\n`),
  many(
    fc.tuple(name, fc.nat(99)).map(([n, i]) => `FROM ${n}${i} AS ${n}${i + 1}\n`),
    10_000,
  ),
);
const dockerfile = fc.array(dockerLine, { maxLength: 12 }).map((parts) => parts.join(''));

const yamlPiece = fc.oneof(
  image.map((i) => `image: "${i}"\n`),
  fc.constantFrom('services:\n', '  web:\n', '    image: x\n', 'x: &a {image: "n:1@sha256:' + 'b'.repeat(64) + '"}\n'),
  fc.constantFrom('  s: *a\n', '  s: {<<: *a}\n', '  s: {<<: [*a, *b]}\n', '- &b [*a, *a]\n', '---\n', '...\n', '%YAML 1.1\n'),
  fc.constantFrom(
    'apiVersion: v1\n',
    'kind: List\n',
    'kind: Deployment\n',
    'items:\n',
    '- &l {apiVersion: v1, kind: List, items: [*l, *l]}\n',
  ),
  fc.constantFrom('spec: {template: {spec: {containers: [{image: *a}]}}}\n', 'spec:\n  containers:\n  - image: n:1\n'),
  // Kustomize entries, Helm image blocks and custom resources (issue 11).
  fc.constantFrom(
    'images:\n',
    '- {name: a, newTag: "1", digest: "sha256:' + 'e'.repeat(64) + '"}\n',
    'image: &i {registry: r.io, repository: a, tag: 1, digest: "sha256:' + 'e'.repeat(64) + '"}\n',
    'x: {image: *i, sub: {image: *i}}\n',
    'apiVersion: tekton.dev/v1\nkind: Task\nspec: {steps: [{image: *a}], sidecars: *b}\n',
    'apiVersion: x.example.com/v1\nkind: Thing\nspec: {steps: [*a, *b], image: "n:1@sha256:' + 'f'.repeat(64) + '"}\n',
  ),
  many(fc.constantFrom('  - *a\n', '  k: *a\n', '[', '{a: ', '- ', ' '), 6_000),
  fc.nat(999).map((i) => `m${i + 1}: &m${i + 1} {<<: *m${i}, k: v}\n`),
  long.map((text) => `k: ${text}\n`),
);
const yamlText = fc.array(yamlPiece, { maxLength: 14 }).map((parts) => parts.join(''));

/** JSON with comments, as dev container configs are written, and hostile nesting and lengths. */
const jsonPiece = fc.oneof(
  image.map((i) => `"image": "${i}",`),
  fc.constantFrom('{', '}', '[', ']', ',', '// c\n', '/* c */', '"k": 1,', '"image": [],', '"image": "a\\u0030",', '"', '\uFEFF'),
  many(fc.constantFrom('[', '{"a":', '/*', '"'), 20_000),
  long.map((text) => `"k": "${text}",`),
);
const jsonText = fc.array(jsonPiece, { maxLength: 14 }).map((parts) => `{${parts.join('')}`);

async function expectAResult(path: string, text: string): Promise<void> {
  const result: ScanResult = await pool.scan(path, text);
  expect(result).toEqual({
    references: expect.any(Array),
    unpinned: expect.any(Array),
    skipped: expect.any(Array),
    problems: expect.any(Array),
  });
  expectConsistentOffsets(text, result);
}

describe('scanners on generated hostile files', () => {
  it.each([
    ['Dockerfile', dockerfile],
    ['compose.yaml', yamlText],
    ['deploy/app.yaml', yamlText],
    ['kustomization.yaml', yamlText],
    ['chart/values.yaml', yamlText],
    ['.devcontainer/devcontainer.json', jsonText],
  ])(
    '%s: every file yields a result',
    async (path, text) => {
      await fc.assert(
        fc.asyncProperty(text, (generated) => expectAResult(path, generated)),
        { numRuns: 30 },
      );
      // Each file may take the pool's whole CPU budget; on a loaded machine 30 of them outlast Jest's default.
    },
    180_000,
  );
});
