import { describe, expect, it } from '@jest/globals';
import { scanFile } from '../../src/scan/scan-file.js';
import type { ScanResult, UnpinnedReference } from '../../src/scan/types.js';

/**
 * Tag-only references as `pin` sees them: the insertion point right after the tag (or after the
 * name, with `:latest` to write), in UTF-16 and UTF-8 offsets, for every file kind. Each one is
 * also still a `no-digest` skip, so `refs` reports exactly what it did before.
 */
const DIGEST = `sha256:${'d'.repeat(64)}`;

function scan(path: string, text: string): ScanResult {
  const result = scanFile(path, text);
  for (const unpinned of result.unpinned) expectConsistent(text, unpinned);
  // Every tag-only reference is also a `no-digest` skip on its line: refs reports it as before.
  expect(result.skipped.filter((skip) => skip.reason === 'no-digest').map((skip) => skip.line)).toEqual(
    result.unpinned.map((unpinned) => unpinned.line),
  );
  return result;
}

/** The reference as written ends at the insertion point, and the offsets agree with each other. */
function expectConsistent(text: string, unpinned: UnpinnedReference): void {
  const before = text.slice(0, unpinned.insertion.start);
  expect(before.endsWith(unpinned.image.original)).toBe(true);
  expect(unpinned.insertion.byteStart).toBe(Buffer.byteLength(before, 'utf8'));
  const lines = before.split('\n');
  expect([unpinned.line, unpinned.column]).toEqual([lines.length, (lines.at(-1)?.length ?? 0) + 1]);
}

/** `text` with every insertion made, as `pin` would make it. */
function pinned(text: string, unpinned: readonly UnpinnedReference[]): string {
  let out = text;
  for (const { insertion } of [...unpinned].sort((a, b) => b.insertion.start - a.insertion.start)) {
    out = out.slice(0, insertion.start) + insertion.prefix + DIGEST + insertion.suffix + out.slice(insertion.start);
  }
  return out;
}

const summary = (result: ScanResult) =>
  result.unpinned.map((u) => [u.line, u.image.originalName, u.image.tag, u.tagWritten, u.insertion.prefix, u.platform]);

describe('tag-only references in Dockerfiles', () => {
  it('finds every image site, with the implied tag written out for a bare name', () => {
    const text = [
      '# syntax=docker/dockerfile:1',
      'ARG BASE=python:3.12-slim',
      'FROM --platform=linux/arm64 node:22 AS build',
      'RUN --mount=type=cache,target=/root/.npm,from=ghcr.io/acme/cache:v1 npm ci',
      'COPY --from=nginx:1.27 /etc/nginx /etc/nginx',
      'FROM $BASE AS app',
      'COPY --from=build /out /app',
      'FROM ${RUNTIME:-gcr.io/distroless/static}',
      'FROM scratch',
      '',
    ].join('\n');
    const result = scan('Dockerfile', text);
    expect(summary(result)).toEqual([
      [1, 'docker/dockerfile', '1', true, '@', null],
      [2, 'python', '3.12-slim', true, '@', null],
      [3, 'node', '22', true, '@', 'linux/arm64'],
      [4, 'ghcr.io/acme/cache', 'v1', true, '@', null],
      [5, 'nginx', '1.27', true, '@', null],
      [8, 'gcr.io/distroless/static', 'latest', false, ':latest@', null],
    ]);
    expect(result.unpinned.every((u) => u.kind === 'dockerfile')).toBe(true);
    const repinned = scan('Dockerfile', pinned(text, result.unpinned));
    expect(repinned.unpinned).toEqual([]);
    expect(repinned.references.map((r) => r.image.original)).toEqual([
      `docker/dockerfile:1@${DIGEST}`,
      `python:3.12-slim@${DIGEST}`,
      `node:22@${DIGEST}`,
      `ghcr.io/acme/cache:v1@${DIGEST}`,
      `nginx:1.27@${DIGEST}`,
      `gcr.io/distroless/static:latest@${DIGEST}`,
    ]);
  });

  it('pins an ARG default once, where it is written, however many FROMs use it', () => {
    const text = 'ARG IMAGE="node:22"\nFROM $IMAGE AS a\nFROM ${IMAGE} AS b\n';
    const [only, ...others] = scan('Dockerfile', text).unpinned;
    expect(others).toEqual([]);
    expect(only).toMatchObject({ line: 1, image: { original: 'node:22' }, insertion: { start: 'ARG IMAGE="node:22'.length } });
  });

  it('leaves stages, scratch, variables, digest-only and already pinned references alone', () => {
    const text = [
      `FROM node:22@${DIGEST} AS base`,
      `FROM node@${DIGEST} AS digest-only`,
      'FROM base AS again',
      'FROM $UNDECLARED',
      'FROM scratch',
      'COPY --from=0 /a /b',
      'COPY --from=again /a /b',
      '',
    ].join('\n');
    const result = scan('Dockerfile', text);
    expect(result.unpinned).toEqual([]);
    expect(result.references).toHaveLength(1);
  });

  it('counts UTF-8 bytes and keeps a BOM and CRLF out of the way', () => {
    const text = '\uFEFF# café ☕\r\nFROM node:22\r\n';
    const [only] = scan('Dockerfile', text).unpinned;
    expect(only?.insertion.start).toBe(text.indexOf('\r\nFROM') + '\r\nFROM node:22'.length);
    expect(pinned(text, scan('Dockerfile', text).unpinned)).toBe(`\uFEFF# café ☕\r\nFROM node:22@${DIGEST}\r\n`);
  });

  it('reports an image split by a line continuation as a problem, not as something to pin', () => {
    const result = scan('Dockerfile', 'FROM node:\\\n22\n');
    expect(result.unpinned).toEqual([]);
    expect(result.problems).toHaveLength(1);
  });
});

describe('tag-only references in YAML', () => {
  it('compose: inside quotes, before comments, inside ${VAR:-…} defaults', () => {
    const text = [
      'services:',
      '  api:',
      '    image: "ghcr.io/acme/api:2.1" # pinned by pinbot?',
      '  cache:',
      "    image: 'redis'",
      '  worker:',
      '    image: ${WORKER:-acme/worker:3}',
      '  other:',
      '    image: ${ONLY_VARIABLE}',
      '',
    ].join('\r\n');
    const result = scan('compose.yaml', text);
    expect(summary(result)).toEqual([
      [3, 'ghcr.io/acme/api', '2.1', true, '@', null],
      [5, 'redis', 'latest', false, ':latest@', null],
      [7, 'acme/worker', '3', true, '@', null],
    ]);
    expect(pinned(text, result.unpinned)).toBe(
      text
        .replace('api:2.1"', `api:2.1@${DIGEST}"`)
        .replace("'redis'", `'redis:latest@${DIGEST}'`)
        .replace('worker:3}', `worker:3@${DIGEST}}`),
    );
  });

  it('kubernetes: every document of a stream, containers and init containers', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n    - name: a\n      image: nginx:1.27\n---\n' +
      'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: b}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n' +
      '          initContainers:\n            - {name: i, image: "busybox"}\n          containers:\n            - name: b\n              image: >-\n                ghcr.io/acme/job:7\n';
    const result = scan('deploy/all.yaml', text);
    expect(summary(result)).toEqual([
      [7, 'nginx', '1.27', true, '@', null],
      [18, 'busybox', 'latest', false, ':latest@', null],
      [22, 'ghcr.io/acme/job', '7', true, '@', null],
    ]);
    expect(result.unpinned.every((u) => u.kind === 'kubernetes')).toBe(true);
  });

  it('workflows: containers, services and docker:// steps, never actions', () => {
    const text =
      'jobs:\n  test:\n    runs-on: ubuntu-24.04\n    container:\n      image: node:22\n    services:\n      db:\n        image: postgres:16\n' +
      '    steps:\n      - uses: actions/checkout@v4\n      - uses: docker://alpine:3.20\n';
    const result = scan('.github/workflows/ci.yml', text);
    expect(summary(result)).toEqual([
      [5, 'node', '22', true, '@', null],
      [8, 'postgres', '16', true, '@', null],
      [11, 'alpine', '3.20', true, '@', null],
    ]);
  });

  it('leaves values it cannot point at exactly (folded, escaped) alone', () => {
    const text = 'services:\n  a:\n    image: "node\\u003a22"\n  b:\n    image: >\n      node:22\n      extra\n';
    expect(scan('compose.yaml', text).unpinned).toEqual([]);
  });
});
