import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { scanDockerfile } from '../../../src/scan/dockerfile/scan.js';
import { digestOf, expectDigestSpan, images, scan, skips, summary } from './assertions.js';

const A = digestOf('aaaa');
const B = digestOf('bbbb');

describe('FROM', () => {
  test('any case and indentation, with AS and other flags tolerated', () => {
    const result = scan(`\t  fRoM --foo=bar node:22@${A} aS build\n`);
    expect(result.references.map(summary)).toEqual([{ line: 1, column: 27, image: `node:22@${A}`, platform: null }]);
    expect(result.references[0]?.kind).toBe('dockerfile');
    expect(result.references[0]?.image).toMatchObject({ name: 'docker.io/library/node', tag: '22', digest: A });
  });

  test('a literal --platform is kept; one with a variable is unknown', () => {
    const result = scan(
      `FROM --platform=linux/arm64 a:1@${A}\nFROM --platform="linux/amd64" b:1@${A}\nFROM --platform=$BUILDPLATFORM c:1@${A}\nFROM --platform=linux/\${ARCH} d:1@${A}\n`,
    );
    expect(result.references.map((reference) => reference.platform)).toEqual(['linux/arm64', 'linux/amd64', null, null]);
  });

  test('later FROMs naming an earlier stage are stages, case-insensitively; an image named like a later stage is an image', () => {
    const result = scan(`FROM base:1@${A} AS Builder\nFROM builder AS final\nFROM BUILDER\nFROM later:1@${B}\nFROM x:1@${B} AS later\n`);
    expect(skips(result)).toEqual([
      { line: 2, reason: 'stage' },
      { line: 3, reason: 'stage' },
    ]);
    expect(images(result)).toEqual([`base:1@${A}`, `later:1@${B}`, `x:1@${B}`]);
  });

  test('scratch, missing digests and tags, other digest algorithms and invalid references are skipped with their reason', () => {
    const sha512 = `sha512:${'ab'.repeat(64)}`;
    const result = scan(`FROM scratch\nFROM node:22\nFROM node@${A}\nFROM node:22@${sha512}\nFROM Node:22@${A}\n`);
    expect(skips(result)).toEqual([
      { line: 1, reason: 'scratch' },
      { line: 2, reason: 'no-digest' },
      { line: 3, reason: 'no-tag' },
      { line: 4, reason: 'unsupported-digest' },
      { line: 5, reason: 'invalid-reference' },
    ]);
    expect(result.skipped[1]).toEqual({
      file: 'Dockerfile',
      line: 2,
      reason: 'no-digest',
      text: 'FROM node:22',
      image: expect.objectContaining({ name: 'docker.io/library/node', tag: '22', digest: undefined }),
    });
    expect(result.skipped[4]?.detail).toEqual(expect.stringContaining('Node'));
  });

  test('a multi-line FROM is reported at the line of the digest, and a skip shows the joined instruction', () => {
    const result = scan(`FROM \\\n  --platform=linux/amd64 \\\n  # comment\n  node:22@${A} \\\n  AS a\nFROM \\\n  python:3\n`);
    expect(result.references.map(summary)).toEqual([{ line: 4, column: 11, image: `node:22@${A}`, platform: 'linux/amd64' }]);
    expect(result.skipped).toEqual([
      {
        file: 'Dockerfile',
        line: 7,
        reason: 'no-digest',
        text: 'FROM   python:3',
        image: expect.objectContaining({ original: 'python:3' }),
      },
    ]);
  });

  test('an image split by a line continuation cannot be updated in place: a problem, not a reference', () => {
    const result = scan(`FROM node:22\\\n@${A}\n`);
    expect(result.references).toEqual([]);
    expect(result.problems).toEqual([{ file: 'Dockerfile', line: 1, message: expect.stringContaining('split across lines') }]);
  });

  test('a quoted image is read without its quotes', () => {
    expect(images(scan(`FROM "node:22@${A}"\n`))).toEqual([`node:22@${A}`]);
  });

  test('a FROM with no image or with extra words is a problem; the rest of the file is scanned', () => {
    const result = scan(`FROM\nFROM a:1@${A} AS x y\nFROM b:1@${B} garbage\nFROM c:1@${B}\n`);
    expect(result.problems.map((problem) => [problem.line, problem.message])).toEqual([
      [1, 'FROM names no image'],
      [2, expect.stringContaining('FROM takes an image and optionally "AS <name>"')],
      [3, expect.stringContaining('FROM takes an image')],
    ]);
    expect(images(result)).toEqual([`a:1@${A}`, `b:1@${B}`, `c:1@${B}`]);
  });
});

describe('COPY --from and RUN --mount from=', () => {
  test('an image in --from is a reference; a stage name or index is a stage', () => {
    const result = scan(
      `FROM a:1@${A} AS deps\nCOPY --link --from=tool:2@${B} /t /t\nCOPY --from=DEPS /a /a\nCOPY --from=0 /b /b\nCOPY --from=7 /c /c\n`,
    );
    expect(images(result)).toEqual([`a:1@${A}`, `tool:2@${B}`]);
    expect(skips(result)).toEqual([
      { line: 3, reason: 'stage' },
      { line: 4, reason: 'stage' },
      { line: 5, reason: 'no-digest' },
    ]);
  });

  test('COPY --from may name a stage defined further down', () => {
    expect(skips(scan('FROM a:1 AS one\nCOPY --from=two /x /x\nFROM b:1 AS two\n'))).toContainEqual({ line: 2, reason: 'stage' });
  });

  test('ONBUILD COPY --from and ONBUILD RUN --mount name images too (pulled when a child image builds)', () => {
    const text = `FROM node:22@${A}\nonbuild   COPY --from=tool:2@${B} /t /t\nONBUILD RUN --mount=type=bind,from=q:3@${A},target=/q make\nONBUILD COPY . /app\n`;
    expect(scan(text).references.map(summary)).toEqual([
      { line: 1, column: 14, image: `node:22@${A}`, platform: null },
      { line: 2, column: 30, image: `tool:2@${B}`, platform: null },
      { line: 3, column: 40, image: `q:3@${A}`, platform: null },
    ]);
  });

  test('ADD has no --from: nothing is reported for it', () => {
    const result = scan(`FROM scratch\nADD --from=tool:2@${B} /t /t\n`);
    expect(result.references).toEqual([]);
  });

  test('only the from= key of each mount names an image', () => {
    const text = `FROM scratch AS build\nRUN --mount=type=bind,source=img:1@${A},target=/x --mount=type=cache,FROM=tool:2@${B},target=/c \\\n  --mount="type=bind,from=q:3@${A}" --mount=type=bind,from=build,target=/b true\n`;
    const result = scan(text);
    expect(result.references.map(summary)).toEqual([
      { line: 2, column: 149, image: `tool:2@${B}`, platform: null },
      { line: 3, column: 31, image: `q:3@${A}`, platform: null },
    ]);
    expect(skips(result)).toEqual([
      { line: 1, reason: 'scratch' },
      { line: 3, reason: 'stage' },
    ]);
  });
});

describe('the syntax directive', () => {
  test('is an image reference of kind dockerfile', () => {
    const result = scan(`# syntax=docker/dockerfile:1.7@${A}\nFROM scratch\n`);
    expect(result.references.map(summary)).toEqual([{ line: 1, column: 32, image: `docker/dockerfile:1.7@${A}`, platform: null }]);
    expect(result.references[0]?.kind).toBe('dockerfile');
  });

  test('counts only at the top', () => {
    expect(scan(`FROM scratch\n# syntax=docker/dockerfile:1.7@${A}\n`).references).toEqual([]);
    expect(scan(`# hello\n# syntax=docker/dockerfile:1.7@${A}\n`).references).toEqual([]);
  });
});

describe('line endings and encodings', () => {
  test('CRLF, mixed endings and a BOM give offsets into the exact string, and byte offsets into its UTF-8', () => {
    const text = `\ufeff# Größe\r\nFROM a:1@${A}\nFROM b:2@${B}\r\n`;
    const [first, second] = scan(text).references;
    // BOM (1 code unit, 3 bytes) + "# Größe" (7 code units, 9 bytes) + CRLF, then "FROM a:1@".
    expect(first).toMatchObject({ line: 2, column: 10, digestStart: 19, digestByteStart: 23 });
    // Line 2 is 9 + 71 characters and an LF, all ASCII.
    expect(second).toMatchObject({ line: 3, column: 10, digestStart: 19 + 81, digestByteStart: 23 + 81 });
  });
});

describe('robustness', () => {
  test('never throws on any input, and whatever it reports points into the text', () => {
    const pieces = fc.constantFrom(
      'FROM ',
      'ARG ',
      'COPY --from=',
      'RUN --mount=from=',
      '<<EOF',
      'EOF',
      '\\',
      '`',
      '\n',
      '\r\n',
      '#',
      ' escape=`',
      '$X',
      '${',
      '"',
      "'",
      '@',
      `x:1@${A}`,
      ':',
      'a',
      ' AS ',
      '\ufeff',
      '--platform=',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const result = scanDockerfile('Dockerfile', text);
        for (const reference of result.references) expectDigestSpan(text, reference);
        const lineCount = text.split('\n').length;
        for (const entry of [...result.skipped, ...result.problems]) {
          expect(entry.line).toBeGreaterThanOrEqual(1);
          expect(entry.line).toBeLessThanOrEqual(lineCount);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
