import { describe, expect, test } from '@jest/globals';
import { digestOf, images, scan, skips, summary } from './assertions.js';

const A = digestOf('aaaa');
const B = digestOf('bbbb');

describe('ARG defaults', () => {
  test('FROM $NAME and ${NAME} report the ARG default once, at the ARG line', () => {
    const text = `ARG BASE=node:22@${A}\nFROM $BASE AS one\nFROM \${BASE} AS two\nCOPY --from=\${BASE} /x /x\n`;
    const result = scan(text);
    expect(result.references.map(summary)).toEqual([{ line: 1, column: 18, image: `node:22@${A}`, platform: null }]);
    expect(result.references[0]?.digestStart).toBe(text.indexOf(A));
  });

  test('quoted defaults and several pairs on one ARG', () => {
    const text = `ARG X=1 ONE="a:1@${A}" TWO='b:2@${B}'\nFROM $TWO\nFROM $ONE\n`;
    expect(scan(text).references.map(summary)).toEqual([
      { line: 1, column: 18, image: `a:1@${A}`, platform: null },
      { line: 1, column: 100, image: `b:2@${B}`, platform: null },
    ]);
  });

  test('the platform of the FROM that uses the ARG is kept', () => {
    expect(scan(`ARG I=a:1@${A}\nFROM --platform=linux/s390x $I\n`).references[0]?.platform).toBe('linux/s390x');
  });

  describe('one ARG default used under several platforms (issue 8, finding 8)', () => {
    test('lists every platform its FROM lines state, in file order, once each', () => {
      const text =
        `ARG BASE=a:1@${A}\nFROM --platform=linux/amd64 $BASE AS x\nFROM --platform=linux/arm64 $BASE AS y\n` +
        `FROM --platform=linux/amd64 $BASE AS z\nFROM --platform=$BUILDPLATFORM $BASE\nFROM $BASE\n`;
      const [reference, ...others] = scan(text).references;
      expect(others).toEqual([]);
      expect(reference).toMatchObject({ platform: 'linux/amd64', platforms: ['linux/amd64', 'linux/arm64'] });
    });

    test('lists a platform stated by a later use when the first use states none', () => {
      const text = `ARG BASE=a:1@${A}\nFROM $BASE AS x\nCOPY --from=$BASE /a /a\nFROM --platform=linux/arm64 $BASE\n`;
      expect(scan(text).references[0]).toMatchObject({ platform: null, platforms: ['linux/arm64'] });
    });

    test('adds nothing when every use states the same platform, or none', () => {
      const same = scan(`ARG BASE=a:1@${A}\nFROM --platform=linux/arm64 $BASE\nFROM --platform=linux/arm64 $BASE\nFROM $BASE\n`);
      expect(same.references[0]).not.toHaveProperty('platforms');
      expect(same.references[0]?.platform).toBe('linux/arm64');
    });

    test('stays linear with thousands of uses and platforms', () => {
      const uses = Array.from({ length: 5000 }, (_, i) => `FROM --platform=linux/arch${i} $BASE\n`).join('');
      const [reference] = scan(`ARG BASE=a:1@${A}\n${uses}`).references;
      expect(reference?.platforms).toHaveLength(5000);
    });
  });

  test('an ARG default no FROM, COPY or mount uses is not a reference', () => {
    const result = scan(`ARG UNUSED=a:1@${A}\nFROM scratch\nARG ALSO_UNUSED=b:1@${B}\n`);
    expect(result.references).toEqual([]);
  });

  test('a variable mixed with other text is expanded (issue 11); an ARG without default and an undeclared name are skipped as variable', () => {
    const result = scan(`ARG REG=ghcr.io\nARG TAG\nFROM \${REG}/node:22@${A}\nFROM node:$TAG\nFROM $TAG\nFROM $NOPE\n`);
    expect(result.references.map(summary)).toEqual([{ line: 3, column: 21, image: `ghcr.io/node:22@${A}`, platform: null }]);
    expect(skips(result)).toEqual([4, 5, 6].map((line) => ({ line, reason: 'variable' })));
    expect(result.skipped.map((skipped) => skipped.detail)).toEqual([
      'ARG TAG has no default',
      'ARG TAG has no default',
      'no ARG NOPE is declared before the first FROM',
    ]);
  });

  test('FROM sees only global ARGs: a later ARG in a stage neither overrides nor defines what FROM sees', () => {
    const result = scan(`ARG BASE=a:1@${A}\nFROM $BASE AS one\nARG BASE=b:1@${B}\nARG OTHER=c:1@${B}\nFROM $BASE\nFROM $OTHER\n`);
    expect(images(result)).toEqual([`a:1@${A}`]);
    expect(result.skipped).toEqual([
      expect.objectContaining({ line: 6, reason: 'variable', detail: expect.stringContaining('declared inside a stage (line 4)') }),
    ]);
  });

  test('a global ARG may be redefined before the first FROM', () => {
    expect(images(scan(`ARG I=a:1@${A}\nARG I=b:1@${B}\nFROM $I\n`))).toEqual([`b:1@${B}`]);
  });

  test('COPY --from and mount from= use the stage ARG, an inherited global default, or the global ARG', () => {
    const text = [
      `ARG TOOL=tool:1@${A}`,
      `ARG CERTS=certs:1@${B}`,
      'FROM scratch',
      `ARG HELPER=helper:1@${B}`,
      'ARG CERTS',
      'COPY --from=$TOOL /t /t',
      'RUN --mount=type=bind,from=${HELPER},target=/h true',
      'COPY --from=$CERTS /c /c',
    ].join('\n');
    expect(scan(text).references.map(summary)).toEqual([
      { line: 1, column: 17, image: `tool:1@${A}`, platform: null },
      { line: 2, column: 19, image: `certs:1@${B}`, platform: null },
      { line: 4, column: 21, image: `helper:1@${B}`, platform: null },
    ]);
  });

  test('a name set by ENV in the stage is not followed', () => {
    const result = scan(`ARG T=tool:1@${A}\nFROM scratch\nENV T=other\nCOPY --from=$T /t /t\n`);
    expect(result.references).toEqual([]);
    expect(result.skipped[1]).toMatchObject({ line: 4, reason: 'variable', detail: expect.stringContaining('ENV') });
  });

  test('an ARG default that names a stage or scratch, or holds a variable itself, is skipped at the ARG line', () => {
    const result = scan(
      `ARG S="scratch"\nARG V=\${REGISTRY}/node:22@${A}\nARG E=""\nFROM $S AS one\nFROM $V\nFROM $E\nARG ST=one\nCOPY --from=$ST /x /x\n`,
    );
    expect(skips(result)).toEqual([
      { line: 1, reason: 'scratch' },
      { line: 2, reason: 'variable' },
      { line: 6, reason: 'variable' },
      { line: 7, reason: 'stage' },
    ]);
    expect(result.skipped[0]?.text).toBe('ARG S="scratch"');
  });

  test('a multi-line ARG with comment lines inside', () => {
    const text = `ARG \\\n  # the base\n  BASE="nginx:1.27@${A}"\nFROM $BASE\n`;
    expect(scan(text).references.map(summary)).toEqual([{ line: 3, column: 20, image: `nginx:1.27@${A}`, platform: null }]);
  });
});

describe('${NAME:-default} and ${NAME-default}', () => {
  test('the self-defaulting ARG idiom is followed to the image in its default, quotes and all', () => {
    const text = `ARG IMAGE=\${IMAGE:-"gcr.io/distroless/static:nonroot@${A}"}\nFROM \${IMAGE}\n`;
    expect(scan(text).references.map(summary)).toEqual([
      { line: 1, column: 54, image: `gcr.io/distroless/static:nonroot@${A}`, platform: null },
    ]);
  });

  test('FROM ${NAME:-image} uses the default when no ARG gives NAME a value, and reports it on the FROM line', () => {
    const text = `ARG TAG\nFROM --platform=linux/arm64 \${BASE:-node:22@${A}} AS build\nFROM \${TAG-debian:12@${B}}\nCOPY --from=\${TOOL:-tool:1@${A}} /t /t\n`;
    expect(scan(text).references.map(summary)).toEqual([
      { line: 2, column: 45, image: `node:22@${A}`, platform: 'linux/arm64' },
      { line: 3, column: 22, image: `debian:12@${B}`, platform: null },
      { line: 4, column: 28, image: `tool:1@${A}`, platform: null },
    ]);
  });

  test('an ARG default wins over the fallback, which is then not a pin anyone uses', () => {
    const result = scan(`ARG BASE=debian:12@${B}\nFROM \${BASE:-node:22@${A}}\n`);
    expect(result.references.map(summary)).toEqual([{ line: 1, column: 20, image: `debian:12@${B}`, platform: null }]);
    expect(result.skipped).toEqual([]);
  });

  test('an empty ARG default takes the fallback only with ":-"; ENV values and ":+" are not followed', () => {
    const text = `ARG E=\nFROM \${E:-node:22@${A}}\nFROM \${E-node:22@${B}}\nENV T=other\nCOPY --from=\${T:-tool:1@${A}} /t /t\nFROM \${X:+node:22@${A}}\n`;
    const result = scan(text);
    expect(result.references.map(summary)).toEqual([{ line: 2, column: 19, image: `node:22@${A}`, platform: null }]);
    expect(skips(result)).toEqual([3, 5, 6].map((line) => ({ line, reason: 'variable' })));
  });
});
