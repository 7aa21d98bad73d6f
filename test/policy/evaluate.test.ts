import { describe, expect, it } from '@jest/globals';
import { evaluatePolicy } from '../../src/policy/evaluate.js';
import { imageMentions } from '../../src/policy/mentions.js';
import { verifyTree } from '../../src/policy/verify-tree.js';
import { policy as PolicyConfigSchema } from '../../src/config/policy-fields.js';
import { scanFixtureTree } from './fixture-tree.js';

const summary = (violations: ReadonlyArray<{ file: string; line: number; rule: string; image: string; tag: string | null }>) =>
  violations.map(({ file, line, rule, image, tag }) => `${file}:${line} ${rule} ${image}${tag === null ? '' : `:${tag}`}`);

describe('requireDigest and forbidTags on a fixture tree (Dockerfile, multi-document manifests, compose)', () => {
  const { tree, config } = scanFixtureTree('require-digest');
  const violations = evaluatePolicy(imageMentions(tree.references, tree.skipped), config.policy!);

  it('reports every image without a digest in the policy files, in file order, and nothing elsewhere', () => {
    expect(summary(violations)).toEqual([
      'deploy/prod/app.yaml:10 require-digest ghcr.io/acme/api-migrations:2.3.1',
      'deploy/prod/app.yaml:15 forbidden-tag docker.io/library/nginx:latest',
      'deploy/prod/app.yaml:29 require-digest docker.io/library/busybox',
      'deploy/prod/app.yaml:29 forbidden-tag docker.io/library/busybox:latest',
      'deploy/prod/compose.yaml:5 require-digest ${WORKER_IMAGE}',
      'deploy/prod/compose.yaml:7 require-digest docker.io/library/postgres:16',
      'services/api/Dockerfile:1 require-digest docker.io/docker/dockerfile:1.7',
      'services/api/Dockerfile:11 require-digest gcr.io/distroless/static-debian12:nonroot',
      'services/api/Dockerfile:16 require-digest FROM ${RUNTIME} AS debug',
    ]);
    // deploy/dev is outside requireDigest: `alpine:latest` there is nobody's business.
    expect(violations.some((violation) => violation.file.startsWith('deploy/dev/'))).toBe(false);
  });

  it('says why: a forbidden tag even when pinned, an implicit latest, a variable nobody can resolve', () => {
    const at = (line: number, rule: string) =>
      violations.find((v) => v.file === 'deploy/prod/app.yaml' && v.line === line && v.rule === rule);
    expect(at(15, 'forbidden-tag')?.message).toBe('the tag "latest" is forbidden by this policy, even pinned by digest');
    expect(at(15, 'forbidden-tag')?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(at(29, 'forbidden-tag')?.message).toBe('busybox has no tag, which means "latest", a tag this policy forbids');
    expect(violations.find((v) => v.line === 5)?.message).toContain('variable pinbot cannot resolve');
  });

  it('counts build stages and scratch as needing no digest instead of passing them silently', async () => {
    const verdict = await verifyTree(tree, config, {});
    expect(verdict.notImages.map((mention) => `${mention.file}:${mention.line}`)).toEqual(
      expect.arrayContaining(['services/api/Dockerfile:8', 'services/api/Dockerfile:9']),
    );
    expect(verdict.violations).toEqual(violations);
    expect(verdict.errors).toEqual([]);
  });
});

describe('promotions on a fixture tree (staging → prod manifests and compose)', () => {
  const { tree, config } = scanFixtureTree('promotions');
  const violations = evaluatePolicy(imageMentions(tree.references, tree.skipped), config.policy!);

  it('compares canonical names by digest: another tag at the promoted digest passes', () => {
    expect(summary(violations)).toEqual([
      'deploy/prod/api.yaml:10 promotion-mismatch ghcr.io/acme/api:2.3.1',
      'deploy/prod/api.yaml:23 promotion-mismatch ghcr.io/acme/worker:1.9',
      'deploy/prod/compose.yaml:3 promotion-missing docker.io/library/redis:7.4',
    ]);
    // `nginx:stable@D` in prod is `docker.io/library/nginx:1.27@D` in staging: promoted.
    expect(violations.some((violation) => violation.image === 'docker.io/library/nginx')).toBe(false);
  });

  it('names the digests staging pins and the glob they come from', () => {
    expect(violations[0]?.message).toMatch(
      /^sha256:[0-9a-f]{12} is not a digest deploy\/staging\/\*\* pins for this image \(it pins sha256:[0-9a-f]{12}\)$/,
    );
    expect(violations[1]?.message).toContain('deploy/staging/** names this image only by tag, never by digest');
    expect(violations[2]?.message).toBe(
      'no file matching deploy/staging/** references docker.io/library/redis, so it was never promoted from there',
    );
  });
});

describe('evaluatePolicy edge cases', () => {
  it('needs no policy keys: an empty policy finds nothing', () => {
    const { tree } = scanFixtureTree('require-digest');
    expect(evaluatePolicy(imageMentions(tree.references, tree.skipped), PolicyConfigSchema.parse({}))).toEqual([]);
  });

  it('a digest-only reference is pinned: no require-digest, no implicit latest, and it counts for promotions', () => {
    const { tree } = scanFixtureTree('digest-only');
    const policy = PolicyConfigSchema.parse({
      requireDigest: ['**'],
      forbidTags: ['latest'],
      promotions: [{ from: 'staging/**', to: 'prod/**' }],
    });
    expect(evaluatePolicy(imageMentions(tree.references, tree.skipped), policy)).toEqual([]);
  });
});
