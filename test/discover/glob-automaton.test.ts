import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import picomatch from 'picomatch';
import { GlobAutomaton } from '../../src/discover/glob-automaton.js';
import { globAlternatives } from '../../src/discover/glob-syntax.js';
import { compileGlob, compileGlobSet, globListProblem, MAX_GLOB_LIST_SIZE, MAX_GLOBS } from '../../src/discover/glob.js';
import { compileGlobs } from '../../src/discover/globs.js';
import { parseConfig } from '../../src/config/load.js';

const automaton = (globs: readonly string[]) => new GlobAutomaton(globs.flatMap((glob) => globAlternatives(glob) ?? []));

/** The globs of the report in issue 8: long, with six two-way braces (64 alternatives) each. */
const reportedGlob = (index: number) => `**/g${index}/{a,b}/{c,d}/{e,f}/{g,h}/{i,j}/{k,l}/*x*y*z*${'q'.repeat(180)}`;
const FORTY_FILES = Array.from({ length: 40 }, (_, index) => `dir${index % 5}/sub${index}/deep/file${index}.yaml`);

describe('one automaton for a list of globs', () => {
  it('matches a path when any glob of the list does, as picomatch would', () => {
    const segment = fc.stringMatching(/^[a-c](?:[a-c.]{0,2}[a-c])?$/);
    const globSegment = fc.oneof(
      fc.stringMatching(/^[a-c*?][a-c.*?]{0,3}$/),
      fc.constant('**'),
      fc.constantFrom('{a,b}', '[a-b]', '[^a]c'),
    );
    // The restrictions of the single-glob property in glob.test.ts, for the same reasons.
    const glob = fc
      .array(globSegment, { minLength: 1, maxLength: 4 })
      .map((parts) => parts.join('/'))
      .filter((text) => !text.endsWith('/**') && text.split('/').every((part) => part === '**' || !part.includes('**')));
    const paths = fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('/'));
    fc.assert(
      fc.property(fc.array(glob, { minLength: 1, maxLength: 6 }), paths, (globs, path) => {
        expect(compileGlob(globs)(path)).toBe(globs.some((one) => picomatch(one, { dot: true })(path)));
      }),
      { numRuns: 1500 },
    );
  });

  it('tells whether a path or a directory above it matches, in the same pass', () => {
    const segment = fc.constantFrom('a', 'b', 'vendor', 'x.yaml');
    const paths = fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('/'));
    const globs = fc.array(fc.constantFrom('vendor', '**/b', 'a/*', '*.yaml', 'a/**/x.yaml', '{a,b}/vendor'), { maxLength: 3 });
    fc.assert(
      fc.property(globs, paths, (list, path) => {
        const set = compileGlobSet(list);
        const parts = path.split('/');
        const prefixes = parts.map((_, index) => parts.slice(0, index + 1).join('/'));
        expect(set.matchesItselfOrParent(path)).toBe(prefixes.some((prefix) => set.matches(prefix)));
      }),
    );
  });

  it('costs at most its size per character of a path, and nothing for a path it has read before (issue 8, finding 3)', () => {
    // 1,000 globs, the most a list may hold, in the shape that hung pinbot: each a leading `**/`
    // with a wildcard name, so every glob is alive at every character.
    const globs = Array.from({ length: MAX_GLOBS }, (_, index) => `**/*${index}*/**`);
    expect(globListProblem(globs)).toBeUndefined();
    const matcher = automaton(globs);
    const characters = FORTY_FILES.reduce((sum, path) => sum + path.length, 0);
    for (const path of FORTY_FILES) matcher.matchesItselfOrParent(path);
    expect(matcher.work).toBeLessThanOrEqual(2 * characters * matcher.size);
    const afterFirstPass = matcher.work;
    for (const path of FORTY_FILES) matcher.matchesItselfOrParent(path);
    expect(matcher.work).toBe(afterFirstPass);
  });
});

describe('caps on a list of globs', () => {
  it('refuses the reported 300 long globs, and 3,000, with one error naming the list', () => {
    for (const count of [300, 3000]) {
      const text = `exclude:\n${Array.from({ length: count }, (_, index) => `  - "${reportedGlob(index)}"\n`).join('')}`;
      const result = parseConfig(text, '.github/pinbot.yml');
      const expected =
        count > MAX_GLOBS ? /exclude: at most 1,000 globs are allowed/ : /exclude: the globs add up to more than 65,536 characters/;
      expect(result).toEqual({ ok: false, errors: [expect.stringMatching(new RegExp(`^\\.github/pinbot\\.yml:2: ${expected.source}`))] });
    }
  });

  it('counts each glob with its {…} alternatives spelled out', () => {
    expect(globListProblem(['{a,b}c'.padEnd(200, 'x')])).toBeUndefined();
    const justOver = Array.from({ length: Math.ceil(MAX_GLOB_LIST_SIZE / 200) }, (_, index) => `${index}`.padEnd(100, 'x') + '{a,b}');
    expect(globListProblem(justOver)).toMatch(/more than 65,536 characters/);
    expect(globListProblem(justOver.map((glob) => glob.replace('{a,b}', 'a')))).toBeUndefined();
  });

  it('accepts the largest list allowed and matches with it', () => {
    const globs = Array.from({ length: MAX_GLOBS }, (_, index) => `vendor/${index}/**`);
    const result = parseConfig(`exclude:\n${globs.map((glob) => `  - "${glob}"\n`).join('')}`, 'pinbot.yml');
    expect(result.ok).toBe(true);
    const filter = compileGlobs(['**/*.yaml'], globs);
    expect(filter.matches('vendor/999/a/b.yaml')).toBe(false);
    expect(filter.matches('vendor/1000/a/b.yaml')).toBe(true);
    expect(filter.excludesDirectory('vendor/7')).toBe(true);
  });
});
