import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { pinEditsByFile } from '../../src/pin/edits.js';
import { planPins } from '../../src/pin/plan.js';
import type { TagToPin } from '../../src/registry/resolver/tag-resolution.js';
import { applyEdits } from '../../src/rewrite/apply-edits.js';
import { scanFile } from '../../src/scan/scan-file.js';

/**
 * Pinning, for any file pinbot reads: afterwards every formerly tag-only reference is a pinned
 * reference (same image, same tag, `latest` where none was written) with its tag's digest, and
 * taking the inserted `@sha256:…` (and `:latest`) out again gives back the original bytes.
 */

const digestOf = (tag: TagToPin): string =>
  `sha256:${createHash('sha256').update(`pin-property/${tag.registry}/${tag.repository}:${tag.tag}`).digest('hex')}`;

const image = fc
  .record({
    registry: fc.constantFrom('', 'ghcr.io/', 'registry.example.com:5000/', 'localhost:5000/', 'docker.io/library/'),
    name: fc.constantFrom('node', 'python', 'acme/api', 'team/tools/lint', 'redis', 'nginx-unprivileged'),
    tag: fc.option(fc.constantFrom('22', '3.12-slim', 'v1.2.3', 'latest', 'stable_2024.10', '1'), { nil: undefined }),
  })
  .map(({ registry, name, tag }) => `${registry}${name}${tag === undefined ? '' : `:${tag}`}`);
const pinnedImage = fc.constantFrom(`traefik:v3@sha256:${'a'.repeat(64)}`, `ghcr.io/acme/db:16@sha256:${'b'.repeat(64)}`);
const anyImage = fc.oneof({ weight: 4, arbitrary: image }, { weight: 1, arbitrary: pinnedImage });
const eol = fc.constantFrom('\n', '\r\n');
const quote = fc.constantFrom('', '"', "'");

const dockerfile = fc
  .record({
    syntax: fc.option(image, { nil: undefined }),
    lines: fc.array(
      fc.oneof(
        fc
          .tuple(anyImage, fc.option(fc.constantFrom('linux/amd64', '$BUILDPLATFORM'), { nil: undefined }))
          .map(([value, platform]) => `FROM ${platform === undefined ? '' : `--platform=${platform} `}${value} AS s`),
        anyImage.map((value) => `COPY --from=${value} /a /b`),
        anyImage.map((value) => `RUN --mount=type=bind,from=${value},target=/x true`),
        fc.tuple(anyImage, quote).map(([value, q]) => `ARG IMG=${q}${value}${q}\nFROM \${IMG}`),
        fc.constant('FROM scratch'),
        fc.constant('RUN echo FROM node:22'),
      ),
      { minLength: 1, maxLength: 8 },
    ),
  })
  .map(({ syntax, lines }) => ({ path: 'Dockerfile', lines: [...(syntax === undefined ? [] : [`# syntax=${syntax}`]), ...lines] }));

const compose = fc
  .array(
    fc.record({ value: anyImage, q: quote, variable: fc.boolean(), comment: fc.boolean() }).map(({ value, q, variable, comment }) => {
      const written = variable ? `\${IMAGE_VAR:-${value}}` : value;
      return `    image: ${q}${written}${q}${comment ? ' # note: FROM node:22' : ''}`;
    }),
    { minLength: 1, maxLength: 6 },
  )
  .map((images) => ({ path: 'compose.yaml', lines: ['services:', ...images.flatMap((line, i) => [`  s${i}:`, line])] }));

const kubernetes = fc
  .array(fc.array(fc.tuple(anyImage, quote), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 })
  .map((documents) => ({
    path: 'deploy/app.yaml',
    lines: documents.flatMap((containers, d) => [
      ...(d > 0 ? ['---'] : []),
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      `  name: p${d}`,
      'spec:',
      '  containers:',
      ...containers.flatMap(([value, q], c) => [`    - name: c${c}`, `      image: ${q}${value}${q}`]),
    ]),
  }));

const workflow = fc.tuple(anyImage, anyImage, anyImage).map(([container, service, step]) => ({
  path: '.github/workflows/ci.yml',
  lines: [
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-24.04',
    `    container: ${container}`,
    '    services:',
    '      db:',
    `        image: "${service}"`,
    '    steps:',
    '      - uses: actions/checkout@v4',
    `      - uses: docker://${step}`,
  ],
}));

const file = fc
  .tuple(fc.oneof(dockerfile, compose, kubernetes, workflow), eol, fc.boolean(), fc.boolean())
  .map(([{ path, lines }, ending, bom, finalEol]) => ({
    path,
    text: `${bom ? '\uFEFF' : ''}${lines.join('\n').split('\n').join(ending)}${finalEol ? ending : ''}`,
  }));

describe('pinning (property)', () => {
  it('leaves every formerly tag-only reference pinned, and only inserts text', () => {
    fc.assert(
      fc.property(file, ({ path, text }) => {
        const before = scanFile(path, text);
        const plan = planPins(before.unpinned, (tag) => ({ status: 'found', digest: digestOf(tag), pinKind: 'index', host: tag.registry }));
        const applied = applyEdits(text, pinEditsByFile(plan.pins).get(path) ?? []);
        if (!applied.ok) throw new Error(applied.error);

        const after = scanFile(path, applied.text);
        expect(after.unpinned).toEqual([]);
        expect(after.problems).toEqual(before.problems);
        const pinnedNow = new Set(after.references.map((r) => `${r.image.name}:${r.image.tag}@${r.image.digest}`));
        for (const unpinned of before.unpinned) {
          expect(pinnedNow.has(`${unpinned.image.name}:${unpinned.image.tag}@${digestOf(unpinned.image)}`)).toBe(true);
        }
        expect(after.references).toHaveLength(before.references.length + before.unpinned.length);

        // Each inserted text sits where its insertion point moved to; cutting them all out restores the bytes.
        const ordered = [...plan.pins].sort((a, b) => a.reference.insertion.start - b.reference.insertion.start);
        let shift = 0;
        const spans = ordered.map(({ reference: { insertion }, digest }) => {
          const span = { at: insertion.start + shift, written: `${insertion.prefix}${digest}${insertion.suffix}` };
          shift += span.written.length;
          return span;
        });
        let restored = applied.text;
        for (const { at, written } of spans.reverse()) {
          expect(restored.slice(at, at + written.length)).toBe(written);
          expect(written).toMatch(/^(?::latest)?@sha256:[0-9a-f]{64}$/);
          restored = restored.slice(0, at) + restored.slice(at + written.length);
        }
        expect(Buffer.from(restored, 'utf8').equals(Buffer.from(text, 'utf8'))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});
