import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import picomatch from 'picomatch';
import { compileGlob, globProblem } from '../../src/discover/glob.js';
import { DEFAULT_INCLUDE } from '../../src/discover/globs.js';
import { parseConfig } from '../../src/config/load.js';

describe('compileGlob', () => {
  it.each([
    ['**/Dockerfile', 'Dockerfile', true],
    ['**/Dockerfile', 'a/b/Dockerfile', true],
    ['**/Dockerfile', 'a/Dockerfile.prod', false],
    ['*.yaml', 'deploy/app.yaml', false],
    ['deploy/**/*.yaml', 'deploy/app.yaml', true],
    ['deploy/**/*.yaml', 'deploy/a/b/app.yaml', true],
    ['**/*.{yaml,yml}', '.github/workflows/ci.yml', true],
    ['.github/workflows/*.{yaml,yml}', '.github/workflows/sub/ci.yml', false],
    ['images/Dockerfile.?', 'images/Dockerfile.1', true],
    ['images/Dockerfile.[0-9]', 'images/Dockerfile.x', false],
    ['images/Dockerfile.[!0-9]', 'images/Dockerfile.x', true],
    ['vendor', 'vendor', true],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'axb', false],
    ['{a,b{c,d}}/x', 'bd/x', true],
    ['**/*.yml', '.github/x.yml', true],
    ['[!a]c', '.c', true],
    ['[!a]c', 'ac', false],
    ['foo/**', 'foo', true],
    ['*/**', 'a', true],
    ['**.c', 'a/a.c', false],
    ['**.c', 'a.c', true],
  ])('%s against %s is %s', (glob, path, expected) => {
    expect(compileGlob([glob])(path)).toBe(expected);
  });

  it('agrees with picomatch on the syntax both support', () => {
    // Leading dots are left to the table tests: picomatch treats dotfiles specially even with
    // `dot: true` (a class never matches a leading dot), where pinbot treats them like any name.
    // Nor names ending in a dot: picomatch's `*.*` refuses `a.` where shells accept it.
    const segment = fc.stringMatching(/^[a-c](?:[a-c.]{0,2}[a-c])?$/);
    const globSegment = fc.oneof(
      fc.stringMatching(/^[a-c*?][a-c.*?]{0,4}$/),
      fc.constant('**'),
      fc.constantFrom('{a,b}', '[a-b]', '[^a]c'),
    );
    const globs = fc.array(globSegment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));
    const paths = fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('/'));
    fc.assert(
      fc.property(globs, paths, (glob, path) => {
        // picomatch's `*/**` refuses `a` although its `foo/**` accepts `foo`: a quirk, not a rule.
        fc.pre(!glob.endsWith('/**'));
        // `**` inside a name is a plain `*` here, as in .gitignore; picomatch lets it cross `/`.
        fc.pre(glob.split('/').every((part) => part === '**' || !part.includes('**')));
        expect(compileGlob([glob])(path)).toBe(picomatch(glob, { dot: true })(path));
      }),
      { numRuns: 3000 },
    );
  });

  it('matches every built-in pattern the way picomatch did', () => {
    const paths = [
      'Dockerfile',
      'svc/Dockerfile.prod',
      'a.Dockerfile',
      'b.dockerfile',
      'x/Containerfile.dev',
      'compose.yaml',
      'docker-compose.override.yml',
      'k8s/app.yaml',
      '.github/workflows/ci.yml',
      'action.yml',
      'README.md',
      'src/main.go',
    ];
    for (const path of paths) expect(compileGlob(DEFAULT_INCLUDE)(path)).toBe(picomatch([...DEFAULT_INCLUDE], { dot: true })(path));
  });

  it('finishes on patterns that make backtracking matchers hang', () => {
    // With a regex engine this takes minutes on a 40-character name; here it is a small table.
    const hostile = `${'*a'.repeat(20)}*b`;
    expect(globProblem(hostile)).toBeUndefined();
    expect(compileGlob([hostile])('a'.repeat(200))).toBe(false);
    expect(compileGlob([`${'**/'.repeat(30)}x`])(`${'a/'.repeat(200)}y`)).toBe(false);
  });
});

describe('globProblem', () => {
  it.each([
    ['!(vendor)/**', /extended globs/],
    ['!vendor/**', /cannot start with "!"/],
    ['[abc', /not closed/],
    ['{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}', /at most 64 alternatives/],
    ['a'.repeat(300), /at most 256 characters/],
  ])('refuses %s', (glob, message) => {
    expect(globProblem(glob)).toMatch(message);
  });

  it('is reported by the config with the key and line', () => {
    const result = parseConfig('exclude:\n  - "!(vendor)/**"\n', '.github/pinbot.yml');
    expect(result).toEqual({ ok: false, errors: [expect.stringMatching(/^\.github\/pinbot\.yml:2: exclude\[0\]: extended globs/)] });
  });
});
