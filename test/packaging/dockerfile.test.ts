import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
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

  it('pins every stage to node:24-slim by digest, keeping the tag', () => {
    const { references, skipped } = scanDockerfile('Dockerfile', text);
    expect(references.map((reference) => reference.image.original)).toEqual([
      'node:24-slim@sha256:0e0ff40c39bc087845bfb27465a0df4ea419520094bc35842ff83dd8cbe6f9b6',
      'node:24-slim@sha256:0e0ff40c39bc087845bfb27465a0df4ea419520094bc35842ff83dd8cbe6f9b6',
    ]);
    // Only stage references are skipped: no unpinned image anywhere.
    expect(skipped.every((skip) => skip.reason === 'stage')).toBe(true);
  });

  it('runs the final stage as a non-root user', () => {
    const users = finalStage.filter((instruction) => instruction.keyword === 'user');
    expect(users.length).toBeGreaterThan(0);
    const user = users.at(-1)!.args.map((word) => word.text).join(' ');
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

  it('has a .dockerignore that keeps secrets and build output out of the context', () => {
    const ignore = readFileSync(new URL('../../.dockerignore', import.meta.url), 'utf8').split('\n');
    for (const entry of ['.git', 'node_modules', '.env', 'test']) expect(ignore).toContain(entry);
  });
});
