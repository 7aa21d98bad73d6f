import { describe, expect, it } from '@jest/globals';
import { MAX_CONFIG_BYTES, readConfigYaml } from '../../src/config/config-yaml.js';
import { parseConfig } from '../../src/config/load.js';
import { MAX_GLOBS } from '../../src/discover/glob.js';
import { MAX_PLAIN_VALUES } from '../../src/scan/yaml/plain-value.js';
import { MAX_YAML_DEPTH } from '../../src/scan/yaml/nesting.js';

const SOURCE = '.github/pinbot.yml';

function errorsOf(text: string): readonly string[] {
  const read = readConfigYaml(text, SOURCE);
  if (read.ok) throw new Error('expected the YAML to be refused');
  return read.errors;
}

/** Issue 8: hostile config files get one clear error each, never a hang, a crash or a huge value. */
describe('readConfigYaml against hostile config files', () => {
  it('refuses a "billion laughs" file before building its expansion', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let level = 1; level < 9; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      levels.push(`${name}: &${name} [${Array.from({ length: 10 }, () => `*${previous}`).join(',')}]`);
    }
    const errors = errorsOf(`${levels.join('\n')}\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      new RegExp(
        `^\\.github/pinbot\\.yml:\\d+:\\d+: invalid YAML: the document amounts to more than ${MAX_PLAIN_VALUES.toLocaleString('en-US')} values`,
      ),
    );
  });

  it('reads many aliases to one small value, each built once', () => {
    const text = `x: &a "docker/**"\nexclude:\n${'  - *a\n'.repeat(8000)}`;
    const read = readConfigYaml(text, SOURCE);
    expect(read.ok).toBe(true);
    if (read.ok) expect((read.data as { exclude: string[] }).exclude).toHaveLength(8000);
  });

  it('refuses an alias inside the collection it names, at its position', () => {
    expect(errorsOf('a: &a\n  b: *a\n')).toEqual([`${SOURCE}:2:6: invalid YAML: the alias *a is inside the collection it names`]);
  });

  it('refuses nesting deeper than the cap, with the line and column where it starts', () => {
    const depth = MAX_YAML_DEPTH + 50;
    const errors = errorsOf(`exclude: ${'['.repeat(depth)}${']'.repeat(depth)}\n`);
    expect(errors).toEqual([`${SOURCE}:1:1: invalid YAML: collections nested more than ${MAX_YAML_DEPTH} levels deep`]);
  });

  it('survives nesting far past what the recursive composer could take', () => {
    const depth = 100_000;
    const errors = errorsOf(`${'['.repeat(depth)}${']'.repeat(depth)}\n`);
    expect(errors[0]).toContain(`nested more than ${MAX_YAML_DEPTH} levels deep`);
  });

  it('finds a repeated key among 40,000 and says where it is', () => {
    const keys = Array.from({ length: 40_000 }, (_, index) => `k${index}: 1\n`).join('');
    const errors = errorsOf(`${keys}k7: 2\n`);
    expect(errors).toEqual([`${SOURCE}:40001:1: invalid YAML: Map keys must be unique`]);
  });

  it('refuses a file over 1 MiB before parsing it', () => {
    const text = `labels:\n${'  - x\n'.repeat(Math.ceil(MAX_CONFIG_BYTES / 6))}`;
    expect(errorsOf(text)).toEqual([
      `${SOURCE}: the file is ${Buffer.byteLength(text).toLocaleString('en-US')} bytes, over the ${MAX_CONFIG_BYTES.toLocaleString('en-US')} bytes a config file may have`,
    ]);
  });

  it('counts bytes, not characters, against the cap', () => {
    const text = `commitMessagePrefix: "${'é'.repeat(MAX_CONFIG_BYTES / 2)}"\n`;
    expect(text.length).toBeLessThan(MAX_CONFIG_BYTES);
    expect(errorsOf(text)[0]).toContain('over the');
  });

  it('says a second document is one too many, at its marker', () => {
    expect(errorsOf('labels: [a]\n---\nlabels: [b]\n')).toEqual([
      `${SOURCE}:2:1: invalid YAML: expected a single YAML document, found a second one`,
    ]);
  });

  it('refuses a list as a key instead of guessing a string for it', () => {
    expect(errorsOf('? [a, b]\n: 1\n')).toEqual([
      `${SOURCE}:1:3: invalid YAML: a mapping key must be a plain value, not a list or a mapping`,
    ]);
  });

  it('reads `<<` as a plain key (YAML 1.2 has no merge keys), so validation names it', () => {
    const read = readConfigYaml('x: &x {a: 1}\n<<: *x\n', SOURCE);
    expect(read.ok && Object.keys(read.data as object)).toEqual(['x', '<<']);
  });

  it('keeps a __proto__ key a plain key', () => {
    const read = readConfigYaml('__proto__: {polluted: true}\n', SOURCE);
    expect(read.ok && Object.keys(read.data as object)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('redacts a secret the parser quotes in its error', () => {
    const token = `ghp_${'A1b2C3d4'.repeat(5)}`;
    const [error] = errorsOf(`labels: [*${token}]\n`);
    expect(error).toContain('…redacted…');
    expect(error).not.toContain(token);
  });
});

describe('parseConfig with hostile glob lists', () => {
  it('gives the glob cap error for 30,000 globs, once', () => {
    const globs = Array.from({ length: 30_000 }, (_, index) => `  - "**/g${index}/{a,b}/x"\n`).join('');
    const result = parseConfig(`exclude:\n${globs}`, SOURCE);
    expect(result).toEqual({ ok: false, errors: [`${SOURCE}:2: exclude: at most ${MAX_GLOBS.toLocaleString('en-US')} globs are allowed`] });
  });
});
