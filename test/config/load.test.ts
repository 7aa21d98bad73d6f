import { describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../src/config/load.js';
import { DEFAULT_CONFIG } from '../../src/config/schema.js';

const SOURCE = '.github/pinbot.yml';
const KNOWN_KEYS = [
  'include, exclude, updateOnIndexOnlyChange, registryMirrors, group, labels, reviewers, teamReviewers, assignees',
  'openPullRequestsLimit, commitMessagePrefix, schedule, timezone, forks, rebaseWhen, pin, policy, immutableTags, minimumReleaseAge',
].join(', ');

function errorsOf(yaml: string): readonly string[] {
  const result = parseConfig(yaml, SOURCE);
  if (result.ok) throw new Error(`expected errors for:\n${yaml}`);
  return result.errors;
}

describe('parseConfig', () => {
  it.each([
    ['an empty file', ''],
    ['only comments', '# pinbot settings\n# (none yet)\n'],
    ['an empty document marker', '---\n'],
    ['an explicit null', '~\n'],
    ['an empty mapping', '{}\n'],
  ])('uses the defaults for %s', (_label, yaml) => {
    expect(parseConfig(yaml, SOURCE)).toEqual({ ok: true, config: DEFAULT_CONFIG });
  });

  it('reads every setting', () => {
    const yaml = [
      '\ufeff# keep images in docker/ only',
      'include:',
      "  - 'docker/**/Dockerfile'",
      '  - deploy/*.yaml',
      'exclude: [docker/legacy/**]',
      'updateOnIndexOnlyChange: true',
      'registryMirrors:',
      '  docker.io: mirror.gcr.io',
      '  "localhost:5000": cache.internal:5001',
      '',
    ].join('\r\n');
    expect(parseConfig(yaml, SOURCE)).toEqual({
      ok: true,
      config: {
        ...DEFAULT_CONFIG,
        include: ['docker/**/Dockerfile', 'deploy/*.yaml'],
        exclude: ['docker/legacy/**'],
        updateOnIndexOnlyChange: true,
        registryMirrors: { 'docker.io': 'mirror.gcr.io', 'localhost:5000': 'cache.internal:5001' },
      },
    });
  });

  it('names the file, line and path of a wrongly typed list item', () => {
    expect(errorsOf('include:\n  - Dockerfile\n  - 3\n')).toEqual([`${SOURCE}:3: include[1]: expected a string, got number 3`]);
  });

  it('suggests the intended key for a misspelt one', () => {
    expect(errorsOf('exclude: []\ninclde:\n  - Dockerfile\n')).toEqual([`${SOURCE}:2: unknown key "inclde" (did you mean "include"?)`]);
  });

  it('lists the known keys when nothing is close', () => {
    expect(errorsOf('cadence: weekly\n')).toEqual([`${SOURCE}:1: unknown key "cadence"; known keys: ${KNOWN_KEYS}`]);
  });

  it('shows the value when a boolean is written the YAML 1.1 way', () => {
    expect(errorsOf('updateOnIndexOnlyChange: yes\n')).toEqual([
      `${SOURCE}:1: updateOnIndexOnlyChange: expected true or false, got string "yes"`,
    ]);
  });

  it('names the shapes pin takes, or the one mistake inside its mapping', () => {
    expect(errorsOf('pin: yes\n')).toEqual([`${SOURCE}:1: pin: expected true or false, or a mapping, got string "yes"`]);
    expect(errorsOf('pin:\n  ignore: [node]\n  ignorTags: [latest]\n')).toEqual([
      `${SOURCE}:3: pin: unknown key "ignorTags" (did you mean "ignoreTags"?)`,
    ]);
    expect(errorsOf('pin:\n  ignoreTags:\n    - latest\n    - ghcr.io/x:1\n')).toEqual([
      `${SOURCE}:4: pin.ignoreTags[1]: a tag pattern is a tag alone, such as "latest" or "*-rc*", without "/", ":" or "@"`,
    ]);
  });

  it('treats a key with no value as an error, not as the default', () => {
    expect(errorsOf('exclude:\n')).toEqual([`${SOURCE}:1: exclude: expected a list, got an empty value`]);
  });

  it('explains rejected globs', () => {
    expect(errorsOf('include: ["/docker/**", "", "./x"]\nexclude: []\n')).toEqual([
      `${SOURCE}:1: include[0]: globs match paths relative to the repository root: drop the leading "/" or "./"`,
      `${SOURCE}:1: include[1]: a glob must not be empty`,
      `${SOURCE}:1: include[2]: globs match paths relative to the repository root: drop the leading "/" or "./"`,
    ]);
    expect(errorsOf('include: []\n')).toEqual([
      `${SOURCE}:1: include: include needs at least one glob; remove the key to use the built-in list`,
    ]);
  });

  it('explains rejected registry mirrors, pointing at the key or the value', () => {
    const yaml = [
      'registryMirrors:',
      '  docker.io: https://mirror.gcr.io',
      '  index.docker.io: mirror.gcr.io',
      '  GHCR.IO: ghcr-cache.internal',
      '  quay.io: 5000',
      '',
    ].join('\n');
    expect(errorsOf(yaml)).toEqual([
      `${SOURCE}:2: registryMirrors["docker.io"]: expected a lowercase mirror host such as "mirror.gcr.io", without scheme or path`,
      `${SOURCE}:3: registryMirrors: invalid key "index.docker.io": write "docker.io" for Docker Hub`,
      `${SOURCE}:4: registryMirrors: invalid key "GHCR.IO": expected a lowercase registry host such as "ghcr.io" or "localhost:5000", without scheme or path`,
      `${SOURCE}:5: registryMirrors["quay.io"]: expected a string, got number 5000`,
    ]);
  });

  it('reports a document that is not a mapping', () => {
    expect(errorsOf('- Dockerfile\n')).toEqual([`${SOURCE}:1: expected a mapping, got a list`]);
    expect(errorsOf('registryMirrors: [docker.io]\n')).toEqual([`${SOURCE}:1: registryMirrors: expected a mapping, got a list`]);
  });

  it('reports every problem at once', () => {
    expect(errorsOf('include: Dockerfile\nexclude: [1]\nextra: true\n')).toEqual([
      `${SOURCE}:1: include: expected a list, got string "Dockerfile"`,
      `${SOURCE}:2: exclude[0]: expected a string, got number 1`,
      `${SOURCE}:3: unknown key "extra"; known keys: ${KNOWN_KEYS}`,
    ]);
  });

  it('reports problems in file order, whatever order the schema finds them in', () => {
    expect(errorsOf('extra: 1\nlabels: 3\ngroup: everything\n').map((error) => error.split(':')[1])).toEqual(['1', '2', '3']);
  });

  it('reports YAML syntax errors with line and column', () => {
    expect(errorsOf('include:\n  - Dockerfile\nexclude: [vendor/**\n')).toEqual([
      `${SOURCE}:4:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    ]);
    expect(errorsOf('exclude: []\nexclude: [a]\n')).toEqual([`${SOURCE}:2:1: invalid YAML: Map keys must be unique`]);
    expect(errorsOf('include:\n\t- Dockerfile\n')[0]).toMatch(/^\.github\/pinbot\.yml:2:1: invalid YAML: /);
  });

  it('rejects a second YAML document', () => {
    expect(errorsOf('exclude: []\n---\ninclude: [x]\n')).toEqual([
      `${SOURCE}:2:1: invalid YAML: expected a single YAML document, found a second one`,
    ]);
  });

  it('reports an alias without an anchor instead of throwing', () => {
    expect(errorsOf('exclude: *globs\n')).toEqual([
      `${SOURCE}:1:10: invalid YAML: Unresolved alias (the anchor must be set before the alias): globs`,
    ]);
  });

  it('accepts anchors and aliases', () => {
    const result = parseConfig('include: &globs [Dockerfile]\nexclude: *globs\n', SOURCE);
    expect(result).toMatchObject({ ok: true, config: { include: ['Dockerfile'], exclude: ['Dockerfile'] } });
  });
});
