import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { scanDockerfile } from '../../../src/scan/dockerfile/scan.js';
import type { ScanResult } from '../../../src/scan/types.js';
import { expectDigestSpan, skips, summary } from './assertions.js';

const FIXTURES = new URL('../../fixtures/dockerfile/', import.meta.url);

/** Reads a fixture exactly as pinbot decodes files: UTF-8 with the BOM kept. */
function load(name: string): { text: string; result: ScanResult } {
  const text = readFileSync(new URL(name, FIXTURES)).toString('utf8');
  const result = scanDockerfile(`docker/${name}`, text);
  for (const reference of result.references) {
    expectDigestSpan(text, reference);
    expect(reference.file).toBe(`docker/${name}`);
    expect(reference.kind).toBe('dockerfile');
  }
  return { text, result };
}

/** The `@sha256:` digests of a fixture in file order, so expectations can name them. */
function pins(text: string): string[] {
  return [...text.matchAll(/@(sha256:[0-9a-f]{64})/g)].map((match) => match[1] as string);
}

describe('fixture Dockerfiles', () => {
  test('Go multi-stage build on distroless, with a pinned syntax frontend', () => {
    const { text, result } = load('go-multistage.Dockerfile');
    const [frontend, golang, distroless] = pins(text);
    expect(result.references.map(summary)).toEqual([
      { line: 1, column: 32, image: `docker/dockerfile:1.7@${frontend}`, platform: null },
      { line: 4, column: 53, image: `golang:1.22-bookworm@${golang}`, platform: null },
      { line: 16, column: 48, image: `gcr.io/distroless/static-debian12:nonroot@${distroless}`, platform: null },
    ]);
    expect(result.references[2]?.image).toMatchObject({ registry: 'gcr.io', repository: 'distroless/static-debian12', tag: 'nonroot' });
    expect(skips(result)).toEqual([{ line: 17, reason: 'stage' }]);
    expect(result.problems).toEqual([]);
  });

  test('Node multi-stage build: platforms, stage names in any case, numeric --from, scratch, a pin in a comment', () => {
    const { text, result } = load('node-multistage.Dockerfile');
    const [, amd64, arm64] = pins(text);
    expect(result.references.map(summary)).toEqual([
      { line: 2, column: 53, image: `node:22-bookworm-slim@${amd64}`, platform: 'linux/amd64' },
      { line: 19, column: 51, image: `node:22-bookworm-slim@${arm64}`, platform: 'linux/arm64' },
    ]);
    expect(skips(result)).toEqual([
      { line: 7, reason: 'stage' },
      { line: 12, reason: 'no-digest' },
      { line: 13, reason: 'stage' },
      { line: 16, reason: 'scratch' },
      { line: 17, reason: 'stage' },
      { line: 21, reason: 'stage' },
      { line: 22, reason: 'stage' },
    ]);
    expect(result.skipped[1]?.text).toBe('FROM node:22-alpine AS test');
  });

  test('CRLF file: offsets count the CRs, and a FROM continued over three lines is found', () => {
    const { text, result } = load('python.crlf.Dockerfile');
    const [python] = pins(text);
    expect(
      result.references.map((reference) => ({ ...summary(reference), start: reference.digestStart, byteStart: reference.digestByteStart })),
    ).toEqual([
      { line: 1, column: 32, image: `python:3.12-slim-bookworm@${python}`, platform: null, start: 31, byteStart: 31 },
      { line: 11, column: 31, image: `python:3.12-slim-bookworm@${python}`, platform: null, start: 370, byteStart: 370 },
    ]);
    expect(skips(result)).toEqual([
      { line: 5, reason: 'stage' },
      { line: 13, reason: 'stage' },
    ]);
  });

  test('BOM file with non-ASCII text: string offsets include the BOM, byte offsets count UTF-8 bytes', () => {
    const { text, result } = load('rust.bom.Dockerfile');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const [rust, debian] = pins(text);
    expect(
      result.references.map((reference) => ({ ...summary(reference), start: reference.digestStart, byteStart: reference.digestByteStart })),
    ).toEqual([
      { line: 2, column: 25, image: `rust:1.79-bookworm@${rust}`, platform: null, start: 73, byteStart: 78 },
      { line: 7, column: 27, image: `debian:bookworm-slim@${debian}`, platform: null, start: 243, byteStart: 248 },
    ]);
  });

  test('mixed LF/CRLF endings with a continued FROM', () => {
    const { text, result } = load('mixed-eol.Dockerfile');
    const [nginx, haproxy] = pins(text);
    expect(result.references.map(summary)).toEqual([
      { line: 1, column: 24, image: `nginx:1.27-alpine@${nginx}`, platform: null },
      { line: 5, column: 15, image: `haproxy:3.0@${haproxy}`, platform: null },
    ]);
    expect(result.skipped).toEqual([]);
  });

  test('ARG-based images: reported once at the ARG, quoted or not; composite images expanded; default-less uses skipped', () => {
    const { text, result } = load('args.Dockerfile');
    const [runtime, builder, , tools, hardened, busybox] = pins(text);
    expect(result.references.map(summary)).toEqual([
      { line: 1, column: 49, image: `eclipse-temurin:21-jre-jammy@${runtime}`, platform: null },
      { line: 2, column: 48, image: `maven:3.9-eclipse-temurin-21@${builder}`, platform: null },
      { line: 5, column: 45, image: `ghcr.io/acme/tools:2024.06@${tools}`, platform: null },
      { line: 18, column: 27, image: `ghcr.io/acme/base:1.4@${hardened}`, platform: null },
      { line: 23, column: 26, image: `busybox:1.36@${busybox}`, platform: null },
    ]);
    expect(result.skipped.map((skipped) => ({ line: skipped.line, reason: skipped.reason, text: skipped.text }))).toEqual([
      { line: 15, reason: 'stage', text: 'COPY --from=build /build /build' },
      { line: 19, reason: 'variable', text: 'FROM alpine:$BASE_TAG AS alpine-variant' },
      { line: 27, reason: 'stage', text: 'COPY --from=build /build/target/app.jar /app/app.jar' },
    ]);
  });

  test('Windows-style file: `# escape=` with backtick continuations, CRLF, backslash paths', () => {
    const { text, result } = load('windows.Dockerfile');
    const [sdk, aspnet] = pins(text);
    expect(result.references.map((reference) => ({ ...summary(reference), start: reference.digestStart }))).toEqual([
      {
        line: 4,
        column: 78,
        image: `mcr.microsoft.com/dotnet/framework/sdk:4.8.1-windowsservercore-ltsc2022@${sdk}`,
        platform: null,
        start: 153,
      },
      {
        line: 12,
        column: 80,
        image: `mcr.microsoft.com/dotnet/framework/aspnet:4.8.1-windowsservercore-ltsc2022@${aspnet}`,
        platform: null,
        start: 432,
      },
    ]);
    expect(result.skipped).toEqual([
      expect.objectContaining({ line: 15, reason: 'stage', text: 'COPY --from=build C:\\out\\ C:\\inetpub\\wwwroot\\' }),
    ]);
    expect(result.problems).toEqual([]);
  });

  test('heredocs: FROM lines inside RUN/COPY bodies are not scanned', () => {
    const { text, result } = load('heredoc.Dockerfile');
    const [debian, , , nginx] = pins(text);
    expect(result.references.map(summary)).toEqual([
      { line: 2, column: 27, image: `debian:bookworm-slim@${debian}`, platform: null },
      { line: 20, column: 31, image: `nginx:1.27-alpine@${nginx}`, platform: null },
    ]);
    expect(skips(result)).toEqual([
      { line: 1, reason: 'no-digest' },
      { line: 19, reason: 'stage' },
    ]);
    expect(result.problems).toEqual([]);
  });

  test('COPY --from images and RUN --mount from= images; source= and secrets are not images', () => {
    const { text, result } = load('tools.Dockerfile');
    const [ubuntu, uv, hadolint, certs] = pins(text);
    expect(result.references.map(summary)).toEqual([
      { line: 1, column: 19, image: `ubuntu:24.04@${ubuntu}`, platform: null },
      { line: 2, column: 41, image: `ghcr.io/astral-sh/uv:0.4.18@${uv}`, platform: null },
      { line: 3, column: 68, image: `docker.io/hadolint/hadolint:v2.12.0@${hadolint}`, platform: null },
      { line: 5, column: 52, image: `ghcr.io/acme/certs:2024@${certs}`, platform: null },
    ]);
    expect(skips(result)).toEqual([
      { line: 4, reason: 'no-digest' },
      { line: 9, reason: 'unsupported-digest' },
    ]);
  });

  test('broken file: FROM without image, extra words, garbage, truncated continuation; the pins are still found', () => {
    const { text, result } = load('broken.Dockerfile');
    const [golang, alpine] = pins(text);
    expect(result.references.map(summary)).toEqual([
      { line: 2, column: 18, image: `golang:1.22@${golang}`, platform: null },
      { line: 4, column: 18, image: `alpine:3.20@${alpine}`, platform: null },
    ]);
    expect(result.problems.map((problem) => ({ file: problem.file, line: problem.line }))).toEqual(
      [1, 2, 3, 5].map((line) => ({ file: 'docker/broken.Dockerfile', line })),
    );
    expect(result.problems.map((problem) => problem.message)).toEqual([
      'FROM names no image',
      expect.stringContaining('"AS <name>"'),
      'unknown instruction "this"; the line is ignored',
      expect.stringContaining('the file ends inside this RUN instruction'),
    ]);
  });
});
