import { describe, expect, it } from '@jest/globals';
import type { Explanation, PackageChanges } from '../../src/explain/types.js';
import { MAX_BODY_LENGTH, renderPullRequest } from '../../src/pr/content.js';
import { parseMarker } from '../../src/pr/marker.js';
import type { ProposedUpdate } from '../../src/pr/types.js';
import type { ChangeNotes } from '../../src/pr/what-changed.js';

/** The "What changed" section against what the body must survive: size, hostile text, settle notes. */
const hex = (n: number, fill: string) => n.toString(16).padStart(64, fill);

function update(n: number, extra: Partial<ProposedUpdate> = {}): ProposedUpdate {
  return {
    file: `services/s${n}/Dockerfile`,
    line: 1,
    image: `ghcr.io/acme/s${n}`,
    displayName: `ghcr.io/acme/s${n}`,
    tag: '1.2.3',
    from: `sha256:${hex(n, 'a')}`,
    to: `sha256:${hex(n, 'b')}`,
    platform: null,
    ...extra,
  };
}

function render(updates: ProposedUpdate[], notesOf: (update: ProposedUpdate) => ChangeNotes | undefined) {
  const marker = {
    version: 1 as const,
    branch: 'pinbot/digests',
    baseSha: 'b'.repeat(40),
    headSha: 'c'.repeat(40),
    updates,
    omittedWorkflowFiles: [],
    humanCommitNotified: null,
  };
  return {
    ...renderPullRequest({ branch: 'pinbot/digests', key: 'all', updates }, { omittedWorkflowFiles: [], marker, notes: notesOf }),
    marker,
  };
}

const packages = (n: number): PackageChanges => ({
  upgraded: Array.from({ length: n }, (_, i) => ({ name: `package-${i}-${'x'.repeat(40)}`, from: `1.0.${i}`, to: `1.1.${i}` })),
  added: Array.from({ length: n }, (_, i) => ({ name: `added-${i}`, version: `2.${i}` })),
  removed: [],
});

describe('What changed in a pull request body', () => {
  it("stays within GitHub's limit, keeps the warnings and the marker, and says what it left out", () => {
    const updates = Array.from({ length: 150 }, (_, n) => update(n));
    const explanation: Explanation = {
      platform: 'linux/amd64',
      details: { packages: packages(200), warnings: ['immutable-looking tag re-pointed: "1.2.3" reads like a fixed release'] },
    };
    const { body, marker } = render(updates, () => ({ explanation }));
    expect(body.length).toBeLessThanOrEqual(MAX_BODY_LENGTH);
    expect(MAX_BODY_LENGTH).toBeLessThan(65_536);
    expect(body.startsWith('> [!WARNING]')).toBe(true);
    expect(body).toMatch(/> - …and 130 more/);
    expect(body).toMatch(/_What changed in \d+ more images is left out: GitHub limits a pull request description to 65,536 characters\._/);
    expect(body).toContain('…and 175 more upgraded, 175 more added.');
    expect(parseMarker(body)).toEqual({ ok: true, marker });
  });

  it('escapes registry text: code spans in markdown, HTML entities inside a collapsed summary, no links to unknown hosts', () => {
    const hostile: Explanation = {
      platform: '<img src=x onerror=alert(1)>',
      details: {
        source: { url: 'https://evil.example/@team', oldRevision: 'a1', newRevision: 'b2' },
        packages: packages(6),
      },
    };
    const { body } = render([update(1)], () => ({ explanation: hostile }));
    expect(body).toContain('<summary>Packages (&#60;img src=x onerror=alert(1)&#62;): 6 upgraded, 6 added, 0 removed</summary>');
    expect(body).toContain('- **Source:** `https://evil.example/@team` `a1` → `b2`');
    expect(body).not.toContain('](https://evil.example');
  });

  it('says when the wait restarted because a digest was superseded while waiting', () => {
    const settle = {
      readyAt: new Date('2024-05-04T09:30:00Z'),
      since: 'first-seen' as const,
      superseded: [`sha256:${'d'.repeat(64)}`],
    };
    const { body } = render([update(2)], () => ({ settle }));
    expect(body.slice(body.indexOf('### What changed'), body.indexOf('\n---\n'))).toMatchInlineSnapshot(`
     "### What changed

     #### \`ghcr.io/acme/s2:1.2.3\`

     - **Settle time:** proposed once old enough (since 2024-05-04 09:30 UTC, counted from when pinbot first saw it). \`sha256:dddddddddddd\` was replaced on the tag before settling, so the wait restarted from this digest.
     "
    `);
  });

  it('has no section when nothing is known', () => {
    const { body } = render([update(3)], () => undefined);
    expect(body).not.toContain('What changed');
    expect(body).not.toContain('[!WARNING]');
  });
});
