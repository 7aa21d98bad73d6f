import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { pinEditsByFile } from '../../src/pin/edits.js';
import { planPins } from '../../src/pin/plan.js';
import type { TagResolution, TagToPin } from '../../src/registry/resolver/tag-resolution.js';
import { applyEdits } from '../../src/rewrite/apply-edits.js';
import { scanFile } from '../../src/scan/scan-file.js';
import { decodeFile } from '../../src/text/decode.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/pin');

/** Stands in for the registry: each tag's digest is derived from its name, so expected files can be checked by eye. */
function fakeDigest(tag: TagToPin): string {
  return `sha256:${createHash('sha256').update(`${tag.registry}/${tag.repository}:${tag.tag}`).digest('hex')}`;
}
const resolutionOf = (tag: TagToPin): TagResolution => ({ status: 'found', digest: fakeDigest(tag), pinKind: 'index', host: tag.registry });

/** Workflows, kustomizations and dev containers are recognised by their names and folders; the fixtures live elsewhere. */
function kindPath(name: string): string {
  if (name.startsWith('workflow')) return `.github/workflows/${name}`;
  if (name.startsWith('kustomization')) return 'overlays/prod/kustomization.yaml';
  if (name.startsWith('devcontainer')) return '.devcontainer/devcontainer.json';
  return name;
}

const inputs = readdirSync(FIXTURES)
  .filter((name) => !name.includes('.expected.'))
  .sort();
const expectedName = (name: string): string => name.replace(/\.(\w+)$/, '.expected.$1');

function pin(name: string): { input: string; output: string; count: number } {
  const decoded = decodeFile(readFileSync(join(FIXTURES, name)));
  if (!decoded.ok) throw new Error(`${name}: ${decoded.message}`);
  const scan = scanFile(name, decoded.text, kindPath(name));
  const plan = planPins(scan.unpinned, resolutionOf);
  const result = applyEdits(decoded.text, pinEditsByFile(plan.pins).get(name) ?? []);
  if (!result.ok) throw new Error(result.error);
  return { input: decoded.text, output: result.text, count: plan.pins.length };
}

describe('golden pins', () => {
  it('has an input and an expected file for every file kind, CRLF and BOM variants included', () => {
    expect(inputs).toEqual([
      'compose.crlf-bom.yaml',
      'compose.yaml',
      'crlf-bom.Dockerfile',
      'devcontainer.json',
      'fragments.Dockerfile',
      'kustomization.crlf.yaml',
      'manifests.yaml',
      'multistage.Dockerfile',
      'values.yaml',
      'workflow.crlf-bom.yml',
      'workflow.yml',
    ]);
  });

  it.each(inputs)('%s pins to its expected file byte for byte', (name) => {
    const { output, count } = pin(name);
    expect(count).toBeGreaterThan(0);
    expect(Buffer.from(output, 'utf8').equals(readFileSync(join(FIXTURES, expectedName(name))))).toBe(true);
  });

  it.each(inputs)('%s: the expected file has nothing left to pin, and only the inserted text differs', (name) => {
    const { input, output, count } = pin(name);
    const rescanned = scanFile(name, output, kindPath(name));
    expect(rescanned.unpinned).toEqual([]);
    expect(rescanned.references.length).toBe(scanFile(name, input, kindPath(name)).references.length + count);
    // Taking out every inserted `@sha256:…` (and the `:latest` written for a bare name), a digest
    // written into an empty `digest: ""` and a `digest:` field added after a tag (issue 11) gives the input back.
    const inserted = /(?:(?::latest)?@|\r?\n *digest: |, digest: )?sha256:[0-9a-f]{64}/g;
    const withoutNew = output.replace(inserted, (match) => (input.includes(match) ? match : ''));
    expect(withoutNew).toBe(input);
  });

  it('pins what each fixture exists to show, and leaves the rest alone', () => {
    const dockerfile = pin('multistage.Dockerfile').output;
    const digest = (name: string, tag: string) => fakeDigest({ registry: 'docker.io', repository: name, tag });
    expect(dockerfile).toContain(`# syntax=docker/dockerfile:1.7@${digest('docker/dockerfile', '1.7')}\n`);
    expect(dockerfile).toContain(`ARG NODE_IMAGE=node:22-bookworm-slim@${digest('library/node', '22-bookworm-slim')}\n`);
    expect(dockerfile).toContain(`FROM redis:latest@${digest('library/redis', 'latest')} AS cache-seed\n`);
    // An image built from an ARG's default and text is pinned right after its tag (issue 11).
    expect(dockerfile).toContain(
      `FROM --platform=$BUILDPLATFORM golang:\${GO_VERSION}-alpine@${digest('library/golang', '1.23-alpine')} AS tools\n`,
    );
    // Stage names, scratch and the heredoc's text stay as they are.
    expect(dockerfile).toContain('echo "FROM alpine:3.20 is data in a heredoc, not an instruction"\n');
    expect(dockerfile).toContain('FROM scratch AS export\nCOPY --from=build /src/dist /\n');
    const compose = pin('compose.yaml').output;
    // The anchored image is pinned once, where it is written; the services that merge it follow.
    expect(compose.match(/storefront:2\.4\.1@/g)).toHaveLength(1);
    expect(compose).toContain('    image: ${MAIL_IMAGE}\n');
    expect(pin('manifests.yaml').output).toContain('  image: nginx:1.27\n');
  });
});
