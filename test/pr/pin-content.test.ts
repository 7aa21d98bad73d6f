import { describe, expect, it } from '@jest/globals';
import { MAX_BODY_LENGTH } from '../../src/pr/content.js';
import { parseMarker, renderMarker } from '../../src/pr/marker.js';
import { renderPinPullRequest, PIN_FOOTER, WHY_PIN } from '../../src/pr/pin-content.js';
import type { PrMarker, ProposedUpdate } from '../../src/pr/types.js';

const digest = (c: string): string => `sha256:${c.repeat(64)}`;
const pin = (overrides: Partial<ProposedUpdate> = {}): ProposedUpdate => ({
  file: 'Dockerfile',
  line: 1,
  image: 'docker.io/library/node',
  displayName: 'node',
  tag: '22',
  from: null,
  to: digest('1'),
  platform: null,
  ...overrides,
});
const redis = pin({
  file: 'compose.yaml',
  line: 3,
  image: 'docker.io/library/redis',
  displayName: 'redis',
  tag: 'latest',
  to: digest('2'),
});

function render(pins: ProposedUpdate[], options: { omitted?: string[]; prefix?: string } = {}) {
  const marker: PrMarker = {
    version: 1,
    branch: 'pinbot/pin',
    baseSha: 'a'.repeat(40),
    headSha: 'b'.repeat(40),
    updates: pins,
    omittedWorkflowFiles: options.omitted ?? [],
    humanCommitNotified: null,
  };
  const content = renderPinPullRequest(
    { branch: 'pinbot/pin', key: 'pin', updates: pins },
    { prefix: options.prefix ?? 'chore(deps)', omittedWorkflowFiles: options.omitted ?? [], marker, tagWritten: (p) => p.tag !== 'latest' },
  );
  expect(content.body.endsWith(`${renderMarker(marker)}\n`)).toBe(true);
  return { ...content, prose: content.body.replace(renderMarker(marker), '<marker>') };
}

describe('renderPinPullRequest', () => {
  it('names one image and its digest in the title', () => {
    expect(render([pin()]).title).toBe('chore(deps): pin node:22 to digest 1111111');
    expect(render([pin(), pin({ file: 'Containerfile' })]).title).toBe('chore(deps): pin node:22 to digest 1111111');
    expect(render([pin()], { prefix: '' }).title).toBe('pin node:22 to digest 1111111');
  });

  it('counts distinct images and tags otherwise, and lists every reference in the commit message', () => {
    const { title, commitMessage } = render([pin(), redis]);
    expect(title).toBe('chore(deps): pin 2 images to digests');
    expect(commitMessage).toBe(
      'chore(deps): pin 2 images to digests\n\n' +
        '- node:22 in Dockerfile:1: pinned to sha256:111111111111\n' +
        '- redis:latest (tag written out) in compose.yaml:3: pinned to sha256:222222222222\n',
    );
  });

  it('explains the change: a table, the full digests, why pinning matters and how to opt out', () => {
    expect(render([pin(), redis]).prose).toBe(
      [
        'pinbot pins 2 image references in 2 files to the digests their tags point to now.',
        '| File | Image | Tag | Digest |\n| --- | --- | --- | --- |\n' +
          '| `Dockerfile:1` | `node` | `22` | `sha256:111111111111` |\n' +
          '| `compose.yaml:3` | `redis` | `latest` (written out) | `sha256:222222222222` |',
        '<details>\n<summary>Full digests</summary>\n\n| Image | Tag | Digest |\n| --- | --- | --- |\n' +
          `| \`node\` | \`22\` | \`${digest('1')}\` |\n| \`redis\` | \`latest\` | \`${digest('2')}\` |\n\n</details>`,
        WHY_PIN,
        'References written without a tag are pinned as `:latest`, the tag Docker reads them as; the tag is written out so the pin says what it follows.',
        'To leave images or tags unpinned, list them under `pin.ignore` or `pin.ignoreTags` in `.github/pinbot.yml`.',
        '---',
        PIN_FOOTER,
        '<marker>\n',
      ].join('\n\n'),
    );
  });

  it('names the workflow files it could not pin, and leaves them out of the table', () => {
    const workflow = pin({ file: '.github/workflows/ci.yml', line: 4 });
    const { prose, title } = render([pin(), workflow], { omitted: ['.github/workflows/ci.yml'] });
    expect(title).toBe('chore(deps): pin node:22 to digest 1111111');
    expect(prose).toContain('so these files stay unpinned:\n\n- `.github/workflows/ci.yml`');
    expect(prose).not.toContain('`.github/workflows/ci.yml:4`');
  });

  it('keeps file names inert: no mention, link or table break', () => {
    const { prose } = render([pin({ file: '@acme/platform|x/Dockerfile' })]);
    expect(prose).toContain('| `@acme/platform\\|x/Dockerfile:1` |');
  });

  it('stays within GitHub’s body limit with a thousand pins, keeping its marker readable', () => {
    const many = Array.from({ length: 1000 }, (_, i) =>
      pin({ file: `services/${i}/Dockerfile`, image: `ghcr.io/acme/s${i}`, displayName: `ghcr.io/acme/s${i}` }),
    );
    const { body, title } = render(many);
    expect(title).toBe('chore(deps): pin 1000 images to digests');
    expect(body.length).toBeLessThanOrEqual(MAX_BODY_LENGTH);
    expect(body).toMatch(/\| …and \d+ more \|/);
    const marker = parseMarker(body);
    expect(marker.ok && marker.marker.updates).toHaveLength(1000);
  });
});
