import { describe, expect, test } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanDockerfile } from '../../src/scan/dockerfile/scan.js';
import type { ScanResult, SkipReason } from '../../src/scan/types.js';

/**
 * Conformance with peers' Dockerfile test inputs (Renovate's extractor cases, Dependabot's
 * fixtures). They are read where they live, `../shared/conformance` beside the clone (or where
 * PINBOT_CONFORMANCE_DIR says, e.g. from a git worktree); their licences differ from the
 * project's, so they are never copied in. Missing inputs fail the suite in CI (`CI=true`): a
 * check that quietly stops checking must not pass there. Locally the checks are skipped, with
 * a notice.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CONFORMANCE = path.resolve(ROOT, process.env.PINBOT_CONFORMANCE_DIR ?? '../shared/conformance');

interface RenovateDep {
  readonly depName?: string;
  readonly currentValue?: string;
  readonly currentDigest?: string;
  readonly skipReason?: string;
}

interface RenovateCase {
  readonly title: string;
  readonly content: string;
  readonly expected: readonly RenovateDep[];
}

interface Pin {
  readonly depName: string;
  readonly currentValue: string;
  readonly currentDigest: string;
}

/**
 * Renovate cases where Renovate extracts a tag+digest that pinbot deliberately does not report,
 * with what pinbot reports instead. Each entry is checked, so the list cannot go stale.
 */
const DIFFERENCES: ReadonlyArray<
  Pin & { readonly title: string; readonly why: string; readonly pinbot: { line: number; reason: SkipReason } }
> = [
  {
    title: 'extractPackageFile() / extracts images from all sorts of (maybe multiline) FROM and COPY --from statements',
    depName: 'image2',
    currentValue: '1.0.0',
    currentDigest: 'sha256:abcdef',
    why: '"sha256:abcdef" is not a sha256 digest (64 hex characters): there is nothing to look up or rewrite',
    pinbot: { line: 4, reason: 'invalid-reference' },
  },
  {
    title: 'extractPackageFile() / extracts images from all sorts of (maybe multiline) FROM and COPY --from statements',
    depName: 'image7',
    currentValue: '1.0.0',
    currentDigest: 'sha256:abcdef',
    why: '"sha256:abcdef" is not a sha256 digest (64 hex characters)',
    pinbot: { line: 25, reason: 'invalid-reference' },
  },
  {
    title: 'extractPackageFile() / extracts images from multi-line ARG statements',
    depName: 'nginx',
    currentValue: '1.18.0-alpine',
    currentDigest: 'sha256:ca9fac83c6c89a09424279de522214e865e322187b22a1a29b12747a4287b7bd',
    why: 'ARG nginx_version is declared after the first FROM, inside a stage; Docker expands FROM only with ARGs declared before the first FROM, so this FROM does not see it',
    pinbot: { line: 14, reason: 'variable' },
  },
  {
    title: 'extractPackageFile() / handles an alternative escape character',
    depName: 'nginx',
    currentValue: '18.04',
    currentDigest: 'sha256:abcdef',
    why: 'the ARG is declared inside a stage, which FROM does not see (and "sha256:abcdef" is not a sha256 digest)',
    pinbot: { line: 16, reason: 'variable' },
  },
  {
    title: 'extractPackageFile() / handles FROM with version in ARG default value and quotes',
    depName: 'gcr.io/distroless/static-debian11',
    currentValue: 'nonroot',
    currentDigest: 'sha256:abc',
    why: 'pinbot follows ${REF_NAME:-"…"} to its fallback as Renovate does, but "sha256:abc" is not a sha256 digest',
    pinbot: { line: 1, reason: 'invalid-reference' },
  },
  {
    title: 'extractPackageFile() / handles version in ARG and digest in FROM with CRLF linefeed',
    depName: 'ubuntu',
    currentValue: '14.04',
    currentDigest: 'sha256:abc',
    why: 'pinbot follows the ARG into ubuntu:$IMAGE_TAG@… as Renovate does (issue 11), but "sha256:abc" is not a sha256 digest',
    pinbot: { line: 3, reason: 'invalid-reference' },
  },
];

const pinsOf = (result: ScanResult): Pin[] =>
  result.references.map((reference) => ({
    depName: reference.image.originalName,
    currentValue: reference.image.tag,
    currentDigest: reference.image.digest,
  }));

const samePin = (a: Pin, b: Pin): boolean =>
  a.depName === b.depName && a.currentValue === b.currentValue && a.currentDigest === b.currentDigest;

if (!existsSync(CONFORMANCE)) {
  const missing = `conformance inputs not found at ${CONFORMANCE} (put them beside the clone, or set PINBOT_CONFORMANCE_DIR)`;
  if (process.env.CI === 'true') {
    test('conformance inputs are present', () => {
      throw new Error(missing);
    });
  } else {
    console.warn(`skipped: ${missing}`);
    test.skip(missing, () => undefined);
  }
} else {
  describe('Renovate Dockerfile extractor cases', () => {
    const cases = JSON.parse(readFileSync(path.join(CONFORMANCE, 'renovate-dockerfile-cases.json'), 'utf8')) as RenovateCase[];

    test('the case file is readable and has cases with tag+digest pins', () => {
      expect(cases.length).toBeGreaterThan(10);
      expect(cases.filter((c) => c.expected.some((dep) => dep.currentValue && dep.currentDigest)).length).toBeGreaterThan(3);
    });

    test.each(cases.map((c) => [c.title, c] as const))('%s', (_title, renovateCase) => {
      const result = scanDockerfile('Dockerfile', renovateCase.content);
      const differences = DIFFERENCES.filter((difference) => difference.title === renovateCase.title);
      const renovatePins = renovateCase.expected.flatMap((dep): Pin[] =>
        dep.depName && dep.currentValue && dep.currentDigest
          ? [{ depName: dep.depName, currentValue: dep.currentValue, currentDigest: dep.currentDigest }]
          : [],
      );
      for (const difference of differences) {
        expect(renovatePins.some((pin) => samePin(pin, difference))).toBe(true);
        expect(result.skipped).toContainEqual(expect.objectContaining(difference.pinbot));
      }
      const expected = renovatePins.filter((pin) => !differences.some((difference) => samePin(pin, difference)));
      expect(pinsOf(result)).toEqual(expected);
    });
  });

  describe('Dependabot Dockerfile fixtures', () => {
    const folder = path.join(CONFORMANCE, 'dependabot-dockerfiles');
    const files = readdirSync(folder).sort();
    /** Every `name:tag@sha256:<hex>` written in a file, with the offset of its digest. */
    const taggedPins = (text: string): Array<{ image: string; digestStart: number }> =>
      [...text.matchAll(/[^\s@]+@(sha256:[0-9a-f]{64})/g)]
        .filter((match) => /:[\w][\w.-]*@/.test(match[0]) && match[0].lastIndexOf(':', match[0].indexOf('@')) > match[0].lastIndexOf('/'))
        .map((match) => ({ image: match[0], digestStart: (match.index ?? 0) + match[0].indexOf('@') + 1 }));

    test('the fixtures hold tag+digest pins to check', () => {
      const total = files.reduce((sum, file) => sum + taggedPins(readFileSync(path.join(folder, file), 'utf8')).length, 0);
      expect(total).toBeGreaterThanOrEqual(5);
    });

    test.each(files)('%s: every name:tag@sha256 pin is found, and nothing else', (file) => {
      const text = readFileSync(path.join(folder, file), 'utf8');
      const result = scanDockerfile(file, text);
      expect(result.references.map((reference) => ({ image: reference.image.original, digestStart: reference.digestStart }))).toEqual(
        taggedPins(text),
      );
      expect(result.problems).toEqual([]);
    });
  });
}
