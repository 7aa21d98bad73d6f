import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import picomatch from 'picomatch';
import { lexDockerfile } from '../../src/scan/dockerfile/lexer.js';
import { scanDockerfile } from '../../src/scan/dockerfile/scan.js';

/**
 * No Docker engine runs here, so pinbot's own Dockerfile is checked by parsing it with
 * pinbot's own Dockerfile reader: what `docker build` would see is what is asserted.
 */
const text = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
const { instructions, problems } = lexDockerfile(text);
const stages = instructions.reduce<Array<typeof instructions>>((all, instruction) => {
  if (instruction.keyword === 'from') all.push([]);
  all.at(-1)?.push(instruction);
  return all;
}, []);
const finalStage = stages.at(-1) ?? [];

describe("pinbot's Dockerfile", () => {
  it('parses without problems and has a build stage and a runtime stage', () => {
    expect(problems).toEqual([]);
    expect(stages).toHaveLength(2);
  });

  // The property, not the value: pinbot updates this digest itself (`.github/pinbot.yml` leaves
  // test/ out), and its own PR must keep this test green.
  it('pins both stages to the same node image, tag and digest, a Node that pinbot supports', () => {
    expect(pinProblems(text)).toEqual([]);
  });

  it('still holds after pinbot moves the digest in both stages, and fails when only one moves', () => {
    const [first] = scanDockerfile('Dockerfile', text).references;
    const moved = `sha256:${'ab'.repeat(32)}`;
    expect(pinProblems(text.replaceAll(first!.image.digest, moved))).toEqual([]);
    const oneStage = text.slice(0, first!.digestStart) + moved + text.slice(first!.digestEnd);
    expect(pinProblems(oneStage)).toEqual([expect.stringMatching(/^the stages pin different images: /)]);
  });

  it('runs the final stage as a non-root user', () => {
    const users = finalStage.filter((instruction) => instruction.keyword === 'user');
    expect(users.length).toBeGreaterThan(0);
    const user = users
      .at(-1)!
      .args.map((word) => word.text)
      .join(' ');
    expect(user).toMatch(/^[a-z_][a-z0-9_-]*$|^\d+$/);
    expect(user).not.toMatch(/^(root|0)(:|$)/);
  });

  it('has a HEALTHCHECK on the health endpoint', () => {
    const healthcheck = finalStage.find((instruction) => instruction.keyword === 'healthcheck');
    expect(healthcheck?.joined).toContain('/healthz');
  });

  it('installs production dependencies only in the image it ships', () => {
    const runs = stages[0]!.filter((instruction) => instruction.keyword === 'run').map((instruction) => instruction.joined);
    expect(runs.some((run) => /npm prune --omit=dev/.test(run))).toBe(true);
    expect(finalStage.some((instruction) => instruction.keyword === 'run' && /npm (ci|install)/.test(instruction.joined))).toBe(false);
  });

  it('sends the build context only what the Dockerfile copies: no secrets, no build output', () => {
    const inContext = dockerignoreFilter(readFileSync(new URL('../../.dockerignore', import.meta.url), 'utf8'));
    // Every file a COPY takes from the context (not `--from` a stage) must be there.
    const sources = instructions
      .filter((instruction) => instruction.keyword === 'copy' && !instruction.flags.some((flag) => flag.name === 'from'))
      .flatMap((instruction) => instruction.args.slice(0, -1).map((word) => word.text));
    expect(sources).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'src', 'bin', 'app.yml']));
    for (const file of sources.flatMap((source) => filesUnder(source))) expect([file, inContext(file)]).toEqual([file, true]);
    // What must never reach a build (or an image layer, or a remote builder).
    for (const file of [
      '.git/HEAD',
      '.env',
      '.env.local',
      '.npmrc',
      'pinbot.pem',
      'secrets/app.private-key.pem',
      'node_modules/yaml/package.json',
      'dist/cli/main.js',
      'test/packaging/dockerfile.test.ts',
      'coverage/lcov.info',
    ]) {
      expect([file, inContext(file)]).toEqual([file, false]);
    }
  });
});

/**
 * What is wrong with the Dockerfile's base images: every stage's FROM pins an image by tag and
 * sha256 digest, all the same image, and the tag's Node major is one `engines` allows.
 */
function pinProblems(dockerfile: string): string[] {
  const { references, skipped } = scanDockerfile('Dockerfile', dockerfile);
  const problems: string[] = [];
  const froms = lexDockerfile(dockerfile).instructions.filter((instruction) => instruction.keyword === 'from');
  if (references.length !== froms.length) problems.push(`${froms.length} stages but ${references.length} pinned images`);
  // Only stage references (`COPY --from=build`) may be skipped: no unpinned image anywhere.
  for (const skip of skipped.filter((skip) => skip.reason !== 'stage')) problems.push(`line ${skip.line}: ${skip.reason}`);
  const images = [...new Set(references.map((reference) => reference.image.original))];
  if (images.length > 1) problems.push(`the stages pin different images: ${images.join(', ')}`);
  for (const { image } of references) {
    if (image.name !== 'docker.io/library/node') problems.push(`${image.original} is not the official node image`);
    if (!/^sha256:[0-9a-f]{64}$/.test(image.digest)) problems.push(`${image.original} is not pinned by a sha256 digest`);
    const major = Number(/^(\d+)(-|$)/.exec(image.tag)?.[1]);
    if (!(major >= minimumNodeMajor)) problems.push(`${image.original}: Node ${image.tag} is older than engines.node allows`);
  }
  return [...new Set(problems)];
}

/** The lowest Node major `package.json` allows (`>=22` → 22). */
const minimumNodeMajor = Number(
  /^>=\s*(\d+)/.exec(
    (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { engines: { node: string } }).engines.node,
  )?.[1],
);

/** Repository files at or beneath a context path (`/` separators). */
function filesUnder(relativePath: string): string[] {
  const full = new URL(`../../${relativePath}`, import.meta.url);
  if (!statSync(full).isDirectory()) return [relativePath];
  return readdirSync(full).flatMap((name) => filesUnder(`${relativePath}/${name}`));
}

/**
 * `.dockerignore` as Docker reads it: patterns in order, `!` re-includes, the last pattern that
 * matches a path or one of its parent directories decides. True when the path is sent.
 */
function dockerignoreFilter(text: string): (path: string) => boolean {
  const rules = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const include = line.startsWith('!');
      const pattern = (include ? line.slice(1) : line).replace(/^\/+/, '');
      return { include, matches: picomatch(pattern, { dot: true }) };
    });
  return (path) => {
    const segments = path.split('/');
    const candidates = segments.map((_, index) => segments.slice(0, index + 1).join('/'));
    let sent = true;
    for (const rule of rules) if (candidates.some((candidate) => rule.matches(candidate))) sent = rule.include;
    return sent;
  };
}
