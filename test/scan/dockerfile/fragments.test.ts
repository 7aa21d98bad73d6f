import { describe, expect, test } from '@jest/globals';
import { digestOf, images, scan, skips, summary } from './assertions.js';

const A = digestOf('aaaa');
const B = digestOf('bbbb');

/** Where the tag of a split reference is written, as text and line. */
const tagAt = (text: string, result: ReturnType<typeof scan>, index = 0): { text: string; line: number } | undefined => {
  const span = result.references[index]?.tagSpan;
  return span === undefined ? undefined : { text: text.slice(span.start, span.end), line: span.line };
};

describe('images assembled from ARG fragments (issue 11)', () => {
  test('ARG BASE_VERSION=noble@sha256:… with FROM ubuntu:${BASE_VERSION}: the digest and tag are where the ARG writes them', () => {
    const text = `ARG BASE_VERSION=noble@${A}\nFROM ubuntu:\${BASE_VERSION}\nRUN apt-get update\n`;
    const result = scan(text);
    expect(result.references.map(summary)).toEqual([{ line: 1, column: 24, image: `ubuntu:noble@${A}`, platform: null }]);
    expect(result.references[0]?.kind).toBe('dockerfile');
    expect(tagAt(text, result)).toEqual({ text: 'noble', line: 1 });
    expect(result.skipped).toEqual([]);
  });

  test('${BASE_VERSION:-latest} uses the ARG default when it is set, the fallback when it is not', () => {
    const set = `ARG BASE_VERSION="noble@${A}"\nFROM ubuntu:\${BASE_VERSION:-latest}\n`;
    expect(images(scan(set))).toEqual([`ubuntu:noble@${A}`]);
    const unset = `ARG BASE_VERSION\nFROM ubuntu:\${BASE_VERSION:-24.04@${B}}\n`;
    const result = scan(unset);
    expect(result.references.map(summary)).toEqual([{ line: 2, column: 35, image: `ubuntu:24.04@${B}`, platform: null }]);
    // The fallback `latest` of the first case has no digest: a default-less ARG falls back to it.
    expect(skips(scan(`ARG BASE_VERSION\nFROM ubuntu:\${BASE_VERSION:-latest}\n`))).toEqual([{ line: 2, reason: 'no-digest' }]);
  });

  test('ARG GO_VER=1.22@sha256:… with FROM golang:${GO_VER} AS build, under a platform', () => {
    const text = `ARG GO_VER=1.22@${A}\nFROM --platform=$BUILDPLATFORM golang:\${GO_VER} AS build\nFROM build\n`;
    const result = scan(text);
    expect(result.references.map(summary)).toEqual([{ line: 1, column: 17, image: `golang:1.22@${A}`, platform: null }]);
    expect(tagAt(text, result)).toEqual({ text: '1.22', line: 1 });
  });

  test('FROM ${HOST}${NAME}:${TAG}${HASH}: the digest in one ARG, the tag in another', () => {
    const text = [
      'ARG HOST=ghcr.io/',
      'ARG NAME=acme/runtime',
      'ARG TAG=2.3.1',
      `ARG HASH="@${A}"`,
      'FROM ${HOST}${NAME}:${TAG}${HASH}',
      '',
    ].join('\n');
    const result = scan(text);
    expect(result.references.map(summary)).toEqual([{ line: 4, column: 12, image: `ghcr.io/acme/runtime:2.3.1@${A}`, platform: null }]);
    expect(tagAt(text, result)).toEqual({ text: '2.3.1', line: 3 });
  });

  test('a tag written on the FROM line and a digest in an ARG', () => {
    const text = `ARG DIGEST=${A}\nFROM node:22-slim@\${DIGEST}\n`;
    const result = scan(text);
    expect(result.references.map(summary)).toEqual([{ line: 1, column: 12, image: `node:22-slim@${A}`, platform: null }]);
    expect(tagAt(text, result)).toEqual({ text: '22-slim', line: 2 });
  });

  test('one ARG digest used by several FROM lines of the same image is reported once, with every platform', () => {
    const text = `ARG V=3.20@${A}\nFROM --platform=linux/amd64 alpine:\${V} AS a\nFROM --platform=linux/arm64 alpine:$V AS b\n`;
    const result = scan(text);
    expect(result.references).toHaveLength(1);
    expect(result.references[0]).toMatchObject({ line: 1, platform: 'linux/amd64', platforms: ['linux/amd64', 'linux/arm64'] });
  });

  test('one ARG digest that two FROM lines make different images of is left alone, with a problem saying why', () => {
    const text = `ARG HASH=@${A}\nFROM alpine:3.20\${HASH} AS a\nFROM debian:12\${HASH}\n`;
    const result = scan(text);
    expect(result.references).toEqual([]);
    expect(result.problems).toEqual([
      {
        file: 'Dockerfile',
        line: 1,
        message: expect.stringMatching(
          /different images \(docker\.io\/library\/alpine:3\.20, docker\.io\/library\/debian:12\)/,
        ) as unknown as string,
      },
    ]);
  });

  test('a digest assembled from two ARGs has no one place to rewrite: skipped, never guessed', () => {
    const text = `ARG ALG=sha256\nARG HEX=${A.slice(7)}\nFROM alpine:3.20@\${ALG}:\${HEX}\n`;
    const result = scan(text);
    expect(result.references).toEqual([]);
    expect(result.skipped).toEqual([
      expect.objectContaining({ line: 3, reason: 'variable', detail: expect.stringContaining('several pieces') }),
    ]);
  });

  test('values pinbot cannot know are skipped as variable with the reason', () => {
    const text = [
      'ARG TAG',
      'ARG NESTED=${OTHER}@' + A,
      'FROM ubuntu:${TAG}',
      'FROM ubuntu:${NESTED}',
      'FROM ubuntu:${TAG:?required}',
      'FROM ubuntu:${UNDECLARED}',
      '',
    ].join('\n');
    const result = scan(text);
    expect(result.references).toEqual([]);
    expect(result.skipped.map((skipped) => ({ line: skipped.line, reason: skipped.reason, detail: skipped.detail }))).toEqual([
      { line: 3, reason: 'variable', detail: 'ARG TAG has no default' },
      { line: 4, reason: 'variable', detail: expect.stringContaining('uses another variable') },
      { line: 5, reason: 'variable', detail: expect.stringContaining('does not expand') },
      { line: 6, reason: 'variable', detail: 'no ARG UNDECLARED is declared before the first FROM' },
    ]);
  });

  test('an assembled value that names a stage or scratch is not an image', () => {
    const text = `ARG STAGE=build\nARG NOTHING=scratch\nFROM alpine:3@${A} AS build\nFROM \${STAGE}\nFROM \${NOTHING}\nFROM \${STAGE}\${EMPTY:+x}\n`;
    const result = scan(text);
    expect(images(result)).toEqual([`alpine:3@${A}`]);
    expect(skips(result)).toEqual([
      // A whole `${STAGE}` is the ARG's default, reported at the ARG like any followed default.
      { line: 1, reason: 'stage' },
      { line: 2, reason: 'scratch' },
      { line: 6, reason: 'stage' },
    ]);
  });
});
